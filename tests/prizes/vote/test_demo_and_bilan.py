"""Demo data of the vote and the count the bilan reads."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.bilan.prizes import published_vote_count
from app.common.time import utcnow
from app.demo import generator
from app.models import Edition, Nominee, Vote
from tests.helpers import link_in, outbox
from tests.prizes.vote.helpers import open_vote, vote


def test_demo_has_15_nominees_for_the_current_edition_and_past_votes(db):
    generator.generate(events=60, seed=3)
    db.session.commit()
    current = db.session.scalar(select(Edition).where(Edition.year == generator.CURRENT_YEAR))
    past = db.session.scalar(select(Edition).where(Edition.year == generator.CURRENT_YEAR - 1))
    assert db.session.scalar(select(func.count(Nominee.id)).where(Nominee.edition_id == current.id)) == 15
    assert db.session.scalar(select(func.count(Vote.id)).where(Vote.edition_id == past.id)) >= 800
    generator.generate(events=60, seed=3)  # clear() deletes the vote tables first
    db.session.commit()
    assert db.session.scalar(select(func.count(Nominee.id)).where(Nominee.edition_id == current.id)) == 15


def test_bilan_count_hidden_until_the_close(client, db):
    edition, _ = open_vote()
    vote(client, "a@exemple.fr")
    client.get(link_in(outbox("a@exemple.fr")[0], "/prix/vote/confirmer/"))
    assert published_vote_count(edition.id) is None
    edition.vote_close = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert published_vote_count(edition.id) == 1
