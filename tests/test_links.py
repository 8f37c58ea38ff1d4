"""app/platform/links.py: one-time links found by the hash of their secret, used once, atomically."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.common.time import utcnow
from app.models import OneTimeLink
from app.platform import links
from tests import factories as f

AGE = 3600


def test_check_reads_consume_uses_once(app, db):
    user = f.user()
    with app.test_request_context():
        token = links.issue("essai", AGE, user=user, email=user.email, detail="x")
    row = db.session.scalar(select(OneTimeLink))
    assert row.token_hash == links.token_hash("essai", token, AGE) and token.find(row.token_hash) < 0
    assert links.check("essai", token, AGE).used_at is None
    assert links.check("essai", token, AGE).used_at is None  # checking uses nothing
    link = links.use("essai", token, AGE)
    assert (link.user_id, link.email, link.detail) == (user.id, user.email, "x")
    with pytest.raises(links.TokenError) as error:
        links.use("essai", token, AGE)
    assert error.value.kind == "used"


def test_a_token_works_only_for_its_purpose_and_age(app, db):
    with app.test_request_context():
        token = links.issue("essai", AGE, email="a@exemple.fr")
    for purpose, age, kind in (("autre", AGE, "invalid"), ("essai", -1, "expired")):
        with pytest.raises(links.TokenError) as error:
            links.check(purpose, token, age)
        assert error.value.kind == kind
    db.session.execute(update(OneTimeLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(links.TokenError) as error:
        links.check("essai", token, AGE)
    assert error.value.kind == "expired"
    assert links.purge() == 1 and db.session.scalar(select(OneTimeLink)) is None


def test_revoke_kills_the_live_links_of_a_user(app, db):
    user, other = f.user(), f.user()
    with app.test_request_context():
        mine = [links.issue("essai", AGE, user=user) for _ in range(2)]
        theirs = links.issue("essai", AGE, user=other)
    assert links.revoke("essai", user=user) == 2
    for token in mine:
        with pytest.raises(links.TokenError) as error:
            links.check("essai", token, AGE)
        assert error.value.kind == "used"
    assert links.check("essai", theirs, AGE) is not None


def test_purge_command_deletes_expired_links_only(app, db):
    with app.test_request_context():
        links.issue("essai", AGE, email="vieux@exemple.fr", now=utcnow() - timedelta(seconds=AGE + 1))
        live = links.issue("essai", AGE, email="a@exemple.fr")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["links-purge"])
    assert result.exit_code == 0 and "1 lien(s) expiré(s) supprimé(s)." in result.output
    db.session.expire_all()
    assert db.session.scalars(select(OneTimeLink.email)).all() == ["a@exemple.fr"]
    assert links.check("essai", live, AGE) is not None
