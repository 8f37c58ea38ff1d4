"""A late-submission code is used in one conditional UPDATE: submitted twice at once (two
members, two tabs), it is accepted once and the other submission is told it was used."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import func, select

from app.common.time import utcnow
from app.models import Candidacy, CandidacyEvent, LateSubmissionCode
from app.prizes.candidacy import services
from tests import factories as f
from tests.helpers import at_once, body, csrf_token


def test_late_code_submitted_twice_at_once_is_accepted_once(app, applicant, db):
    ed, org, member = applicant
    colleague = f.user("collegue@exemple.fr", organisations=(org,))
    admin = f.user("admin@exemple.fr", admin=True)
    ed.candidacy_open = utcnow() - timedelta(days=10)
    ed.candidacy_close = utcnow() - timedelta(days=1)
    code = services.grant_late_code(org, ed, admin, days=2)
    db.session.commit()
    path = f"/prix/candidature/organisations/{org.id}/code-tardif"
    people = [SimpleNamespace(email=u.email) for u in (member, colleague, member, colleague)]
    db.session.remove()

    def submit(client, person):
        f.login(client, person)
        data = {"code": code, "csrf_token": csrf_token(client, "/prix/candidature/")}
        return lambda: client.post(path, data=data)

    responses = at_once(app, [lambda c, p=p: submit(c, p) for p in people])
    assert sorted(r.status_code for r in responses) == [302, 422, 422, 422]
    assert sum("Ce code a déjà été utilisé." in body(r) for r in responses) == 3
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Candidacy.id))) == 1
    assert db.session.scalar(select(LateSubmissionCode.used_at)) is not None
    assert (
        db.session.scalar(select(func.count(CandidacyEvent.id)).where(CandidacyEvent.action == "late_code"))
        == 1
    )
