"""Candidacy flow: window edges, drafts across devices, validation, submission, discard,
one candidacy per organisation and edition, late codes, permissions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Candidacy, CandidacyEvent, LateSubmissionCode
from app.prizes.candidacy import services
from app.prizes.candidacy.services import CandidacyError
from tests import factories as f
from tests.helpers import body, csrf_token, outbox

COMPLETE = {
    "organisation": {
        "legal_status": "Association loi 1901",
        "creation_year": "2010",
        "presentation": "Une épicerie solidaire.",
    },
    "projet": {
        "project_title": "Épicerie mobile",
        "categories": ["impact-local", "innovation"],
        "activity": "Un camion qui passe dans les villages.",
    },
    "performance": {"economic": "Équilibre atteint en 2024."},
    "innovation": {"social_innovation": "Gouvernance partagée avec les habitants."},
    "impact": {"local_impact": "Douze communes desservies."},
    "environnement": {"environment": "Circuits courts."},
    "chiffres": {"employees": "4", "turnover": "180000", "jobs_created": "3"},
}


@pytest.fixture
def setup(applicant, db):
    db.session.commit()
    return applicant


def _start(client, org):
    token = csrf_token(client, "/prix/candidature/")
    response = client.post(f"/prix/candidature/organisations/{org.id}", data={"csrf_token": token})
    assert response.status_code == 302
    return response.headers["Location"]


def _fill(client, cid, steps=COMPLETE):
    for slug, values in steps.items():
        path = f"/prix/candidature/{cid}/etape/{slug}"
        token = csrf_token(client, path)
        response = client.post(path, data={**values, "csrf_token": token, "go": "next"})
        assert response.status_code == 302, body(response)[:2000]


def _candidacy():
    return db.session.scalar(select(Candidacy))


def _started(client, setup) -> int:
    """The member logs in and starts the organisation's candidacy: its id."""
    ed, org, member = setup
    f.login(client, member)
    _start(client, org)
    return _candidacy().id


def test_complete_candidacy_is_submitted_with_history_and_email(client, setup):
    ed, org, member = setup
    f.login(client, member)
    assert _start(client, org).endswith("/etape/organisation")
    cid = _candidacy().id
    _fill(client, cid)
    page = body(client.get(f"/prix/candidature/{cid}/recapitulatif"))
    assert "Épicerie mobile" in page and "Prix de l'impact local" in page
    # Amounts with French digit groups, a year without.
    assert "<dd>180\u202f000</dd>" in page and "<dd>2010</dd>" in page
    token = csrf_token(client, f"/prix/candidature/{cid}/recapitulatif")
    client.post(f"/prix/candidature/{cid}/deposer", data={"csrf_token": token})
    db.session.expire_all()
    c = _candidacy()
    assert c.status == "depose" and c.submitted_at is not None
    assert c.categories == ["impact-local", "innovation"]
    assert c.answers["chiffres"]["turnover"] == 180000
    assert [e.action for e in services.history(c)] == ["create", "submit"]
    assert (
        "La candidature « Épicerie des Monts » aux Prix ESS %d est bien déposée." % ed.year
        in outbox("membre@exemple.fr")[0].text
    )
    receipt = client.get(f"/prix/candidature/{cid}/recu.pdf")
    assert receipt.status_code == 200 and receipt.data.startswith(b"%PDF-")
    assert receipt.headers["Content-Type"] == "application/pdf"
    # read-only afterwards: the step redirects to the summary, a save changes nothing
    assert client.get(f"/prix/candidature/{cid}/etape/projet").status_code == 302
    token = csrf_token(client, f"/prix/candidature/{cid}/recapitulatif")
    client.post(f"/prix/candidature/{cid}/etape/projet", data={"project_title": "Autre", "csrf_token": token})
    db.session.expire_all()
    assert _candidacy().project_title == "Épicerie mobile"
    assert "Déposer la candidature" not in body(client.get(f"/prix/candidature/{cid}/recapitulatif"))


def test_incomplete_candidacy_cannot_be_submitted(client, setup):
    cid = _started(client, setup)
    _fill(client, cid, {"projet": COMPLETE["projet"]})
    page = body(client.get(f"/prix/candidature/{cid}/recapitulatif"))
    assert "Avant de déposer, complétez" in page and "Année de création" in page
    token = csrf_token(client, f"/prix/candidature/{cid}/recapitulatif")
    response = client.post(
        f"/prix/candidature/{cid}/deposer", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Complétez toutes les étapes" in body(response)
    db.session.expire_all()
    assert _candidacy().status == "brouillon"


def test_draft_resumes_on_another_device(app, setup):
    ed, org, member = setup
    laptop, phone = app.test_client(), app.test_client()
    f.login(laptop, member)
    _start(laptop, org)
    cid = _candidacy().id
    path = f"/prix/candidature/{cid}/etape/innovation"
    token = csrf_token(laptop, path)
    laptop.post(
        path, data={"social_innovation": "Texte tapé sur l'ordinateur", "csrf_token": token, "go": "save"}
    )
    f.login(phone, member)
    assert "Texte tapé sur l'ordinateur" in body(phone.get(path))
    # starting again from the phone opens the same candidacy
    assert _start(phone, org).endswith("/etape/organisation")
    assert db.session.scalar(select(func.count(Candidacy.id))) == 1


def test_invalid_values_are_kept_with_422_and_nothing_saved(client, setup):
    cid = _started(client, setup)
    path = f"/prix/candidature/{cid}/etape/organisation"
    token = csrf_token(client, path)
    response = client.post(
        path,
        data={
            "legal_status": "SCOP",
            "creation_year": "mille",
            "presentation": "x" * 6000,
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    page = body(response)
    assert "SCOP" in page and "5\u202f000 caractères au plus" in page and 'aria-invalid="true"' in page
    db.session.expire_all()
    assert _candidacy().answers == {}


def test_expired_csrf_keeps_typed_text(client, setup):
    cid = _started(client, setup)
    path = f"/prix/candidature/{cid}/etape/impact"
    response = client.post(path, data={"local_impact": "Ne pas perdre ce texte"})
    assert response.status_code == 422, (response.headers, body(response)[:3000])
    page = body(response)
    assert "Ne pas perdre ce texte" in page and "Le formulaire a expiré" in page
    db.session.expire_all()
    assert _candidacy().answers == {}


def test_autosave_fragment_and_full_page(client, setup):
    cid = _started(client, setup)
    path = f"/prix/candidature/{cid}/etape/environnement"
    token = csrf_token(client, path)
    response = client.post(
        path + "/autosave",
        data={"environment": "Panneaux solaires"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 200
    text = body(response)
    assert "Enregistré à" in text and "<html" not in text
    db.session.expire_all()
    assert _candidacy().answers["environnement"]["environment"] == "Panneaux solaires"
    response = client.post(path + "/autosave", data={"environment": "Sans JS", "csrf_token": token})
    assert response.status_code == 200 and "<html" in body(response)
    # without a CSRF token: refused, nothing saved
    response = client.post(path + "/autosave", data={"environment": "pirate"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    db.session.expire_all()
    assert _candidacy().answers["environnement"]["environment"] == "Sans JS"


def test_discard_draft(client, setup):
    cid = _started(client, setup)
    token = csrf_token(client, f"/prix/candidature/{cid}/recapitulatif")
    response = client.post(
        f"/prix/candidature/{cid}/abandonner", data={"csrf_token": token}, follow_redirects=True
    )
    assert "brouillon de candidature est supprimé" in body(response)
    assert db.session.scalar(select(func.count(Candidacy.id))) == 0


@pytest.mark.parametrize("route", ["etape/projet", "recapitulatif"])
def test_other_organisation_gets_404(app, setup, route):
    ed, org, member = setup
    other = f.user("autre@exemple.fr", organisations=(f.organisation("Autre"),))
    cress = f.user("cress@exemple.fr", moderates="bretagne")
    c = services.start(org, ed, member)
    db.session.commit()
    for u in (cress, other):
        client = app.test_client()
        f.login(client, u)
        assert client.get(f"/prix/candidature/{c.id}/{route}").status_code == 404
    token = csrf_token(client, "/prix/candidature/")
    assert client.get(f"/prix/candidature/{c.id}/recu.pdf").status_code == 404
    for action in ("deposer", "abandonner", "etape/projet", "etape/projet/autosave"):
        response = client.post(
            f"/prix/candidature/{c.id}/{action}", data={"csrf_token": token, "project_title": "x"}
        )
        assert response.status_code == 404
    assert (
        client.post(f"/prix/candidature/organisations/{org.id}", data={"csrf_token": token}).status_code
        == 404
    )
    db.session.expire_all()
    assert _candidacy().status == "brouillon" and _candidacy().project_title == ""


def test_anonymous_goes_to_login(client, setup):
    response = client.get("/prix/candidature/")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


def test_unique_candidacy_per_organisation_and_edition(setup):
    ed, org, member = setup
    first = services.start(org, ed, member)
    assert services.start(org, ed, member).id == first.id
    db.session.add(
        Candidacy(
            edition_id=ed.id, organisation_id=org.id, region_id=org.region_id, categories=[], answers={}
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_window_edges_in_paris_time(setup):
    ed, org, member = setup
    # 15 April 2026 00:00 in Paris (CEST, UTC+2) = 14 April 22:00 UTC
    ed.candidacy_open, ed.candidacy_close = datetime(2026, 4, 14, 22), datetime(2026, 6, 20, 22)
    second = timedelta(seconds=1)
    assert services.window(ed, datetime(2026, 4, 14, 22) - second) == "before"
    assert services.window(ed, datetime(2026, 4, 14, 22)) == "open"
    assert services.window(ed, datetime(2026, 6, 20, 22) - second) == "open"
    assert services.window(ed, datetime(2026, 6, 20, 22)) == "after"
    message = services.window_message(ed, datetime(2026, 4, 14, 22) - second)
    assert "ouvrira le mercredi 15 avril 2026 et fermera le samedi 20 juin 2026 à 23 h 59." in message
    with pytest.raises(CandidacyError, match="ouvrira le mercredi 15 avril 2026"):
        services.start(org, ed, member, now=datetime(2026, 4, 14, 22) - second)
    c = services.start(org, ed, member, now=datetime(2026, 6, 20, 22) - second)
    for slug, values in COMPLETE.items():
        services.save_step(
            c,
            slug,
            {k: (int(v) if v.isdigit() else v) if isinstance(v, str) else v for k, v in values.items()},
            now=datetime(2026, 6, 20, 22) - second,
        )
    with pytest.raises(CandidacyError, match="est clos : il a pris fin le samedi 20 juin 2026 à 23 h 59"):
        services.submit(c, member, now=datetime(2026, 6, 20, 22))
    services.submit(c, member, now=datetime(2026, 6, 20, 22) - second)
    assert c.status == "depose"


def test_closed_call_message_on_the_page(client, setup):
    ed, org, member = setup
    ed.candidacy_open = datetime.utcnow() - timedelta(days=10)
    ed.candidacy_close = datetime.utcnow() - timedelta(days=1)
    db.session.commit()
    f.login(client, member)
    page = body(client.get("/prix/candidature/"))
    assert "L'appel à candidatures est clos : il a pris fin le" in page
    assert "Commencer la candidature" not in page
    token = csrf_token(client, "/prix/candidature/")
    client.post(f"/prix/candidature/organisations/{org.id}", data={"csrf_token": token})
    assert db.session.scalar(select(func.count(Candidacy.id))) == 0


def test_late_code_single_use_and_expiry(client, setup):
    ed, org, member = setup
    admin = f.user("admin@exemple.fr", admin=True)
    ed.candidacy_open = datetime.utcnow() - timedelta(days=10)
    ed.candidacy_close = datetime.utcnow() - timedelta(days=1)
    code = services.grant_late_code(org, ed, admin, days=2)
    expired = services.grant_late_code(org, ed, admin, days=-1)
    db.session.commit()
    stored = db.session.scalars(select(LateSubmissionCode.code_hash)).all()
    assert code not in stored and all(len(h) == 64 for h in stored)
    f.login(client, member)
    path = f"/prix/candidature/organisations/{org.id}/code-tardif"
    token = csrf_token(client, "/prix/candidature/")
    response = client.post(path, data={"code": expired, "csrf_token": token})
    assert response.status_code == 422 and "Ce code a expiré" in body(response)
    response = client.post(path, data={"code": "FAUX", "csrf_token": token})
    assert response.status_code == 422 and "pas valable" in body(response)
    response = client.post(path, data={"code": code.lower(), "csrf_token": token})
    assert response.status_code == 302
    c = _candidacy()
    assert services.can_write(c)
    _fill(client, c.id)
    client.post(f"/prix/candidature/{c.id}/deposer", data={"csrf_token": token})
    db.session.expire_all()
    assert _candidacy().status == "depose"
    response = client.post(path, data={"code": code, "csrf_token": token})
    assert response.status_code == 422 and "déjà été utilisé" in body(response)
    actions = db.session.scalars(select(CandidacyEvent.action).order_by(CandidacyEvent.id)).all()
    assert actions == ["create", "late_code", "submit"]
