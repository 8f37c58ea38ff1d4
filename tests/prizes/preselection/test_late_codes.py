"""Late codes given by the CRESS: the organisation is picked by name among those of its
region (no numeric id), the code is e-mailed to the organisation's contact and members, and
it opens a candidacy after the close."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import DepartementDelegate, LateSubmissionCode, Organisation
from tests import factories as f
from tests.helpers import body, csrf_token, outbox

INDEX = "/cress/prix/"
POST = "/cress/prix/code-tardif"


@pytest.fixture
def closed(app, db):
    """An edition whose call closed yesterday; organisations in Bretagne and Normandie."""
    ed = f.edition(datetime.utcnow().year)
    now = datetime.utcnow()
    ed.candidacy_open, ed.candidacy_close = now - timedelta(days=60), now - timedelta(days=1)
    late = f.organisation(
        "Épicerie Solidaire du Blosne", contact_email="contact@epicerie-blosne.fr", commune="Rennes"
    )
    member = f.user("membre@epicerie-blosne.fr", organisations=(late,))
    f.organisation("Épicerie solidaire", commune="Brest", contact_email="a@brest.fr")
    f.organisation("Epicerie  Solidaire", commune="Lorient", contact_email="b@lorient.fr")
    f.organisation("Sans Contact", contact_email="")
    normand = f.organisation("Coopérative normande", region_slug="normandie", contact_email="c@caen.fr")
    cress = f.user("cress@bretagne.fr", moderates="bretagne")
    other = f.user("cress@normandie.fr", moderates="normandie")
    db.session.commit()
    return dict(ed=ed, late=late, member=member, normand=normand, cress=cress, other=other)


def _client(app, user):
    client = app.test_client()
    f.login(client, user)
    return client


def _codes() -> int:
    return db.session.scalar(select(func.count(LateSubmissionCode.id)))


def test_cress_picks_by_name_and_the_code_is_mailed_and_works(app, closed):
    cress = _client(app, closed["cress"])
    page = body(cress.get(INDEX))
    # the suggestions are the region's organisations, not the others'
    assert '<option value="Épicerie Solidaire du Blosne">' in page
    assert "Coopérative normande" not in page
    assert 'name="organisation_id"' not in page and "Numéro de l'organisation" not in page
    response = cress.post(
        POST,
        data={
            "organisation": "épicerie solidaire du blosne",
            "days": "5",
            "csrf_token": csrf_token(cress, INDEX),
        },
        follow_redirects=True,
    )
    assert (
        "Un code de dépôt tardif pour Épicerie Solidaire du Blosne (valable 5 jours, une seule fois)"
        in body(response)
    )
    assert "contact@epicerie-blosne.fr, membre@epicerie-blosne.fr" in body(response)
    [mail] = outbox("contact@epicerie-blosne.fr")
    assert mail.subject == f"Votre code pour candidater aux Prix ESS {closed['ed'].year}"
    assert "CRESS" in mail.text and "Épicerie Solidaire du Blosne" in mail.text
    assert "http://localhost/prix/candidature/" in mail.text
    code = mail.text.split("Votre code de dépôt tardif :")[1].split()[0]
    assert len(code) == 10 and code not in body(response)
    assert len(outbox("membre@epicerie-blosne.fr")) == 1
    stored = db.session.scalar(select(LateSubmissionCode))
    assert stored.organisation_id == closed["late"].id and stored.created_by_id == closed["cress"].id
    # the member uses it after the close
    member = _client(app, closed["member"])
    path = f"/prix/candidature/organisations/{closed['late'].id}/code-tardif"
    used = member.post(path, data={"code": code, "csrf_token": csrf_token(member, "/prix/candidature/")})
    assert used.status_code == 302
    db.session.expire_all()
    assert db.session.get(LateSubmissionCode, stored.id).used_at is not None


def test_homonyms_are_listed_to_pick_one_without_javascript(app, closed):
    cress = _client(app, closed["cress"])
    token = csrf_token(cress, INDEX)
    response = cress.post(POST, data={"organisation": "Épicerie solidaire", "days": "7", "csrf_token": token})
    page = body(response)
    assert response.status_code == 422
    assert "Plusieurs organisations portent ce nom : choisissez la bonne dans la liste." in page
    assert (
        "Épicerie solidaire – Brest (Bretagne)" in page and "Epicerie  Solidaire – Lorient (Bretagne)" in page
    )
    assert _codes() == 0 and outbox() == []
    lorient = db.session.scalar(select(Organisation).where(Organisation.commune == "Lorient"))
    picked = cress.post(
        POST,
        data={
            "organisation": "Épicerie solidaire",
            "organisation_id": str(lorient.id),
            "days": "7",
            "csrf_token": token,
        },
    )
    assert picked.status_code == 302
    assert [m.to for m in outbox()] == ["b@lorient.fr"]


def test_unknown_or_other_region_names_and_bad_input_are_refused_in_french(app, closed):
    cress = _client(app, closed["cress"])
    token = csrf_token(cress, INDEX)
    cases = [
        (
            {"organisation": "Coopérative normande", "days": "7"},
            "Aucune organisation ne porte ce nom dans votre région.",
        ),
        ({"organisation": "", "days": "7"}, "Saisissez le nom de l'organisation."),
        ({"organisation": "Épicerie Solidaire du Blosne", "days": "90"}, "Une durée de 1 à 60 jours."),
        (
            {"organisation": "Épicerie Solidaire du Blosne", "days": "sept"},
            "Saisissez un nombre entier, par exemple 7.",
        ),
        ({"organisation": "Sans Contact", "days": "7"}, "n'a ni adresse de contact ni membre inscrit"),
        # an id of another region's organisation slipped into the form is ignored
        (
            {"organisation": "Blosne", "organisation_id": str(closed["normand"].id), "days": "7"},
            "ne porte exactement ce nom dans votre région : choisissez-la dans la liste.",
        ),
    ]
    for data, message in cases:
        response = cress.post(POST, data={**data, "csrf_token": token})
        assert response.status_code == 422, data
        assert message in body(response), (data, body(response)[:300])
    assert 'value="Blosne"' in body(response)  # typed value kept
    assert _codes() == 0 and outbox() == []


def test_other_roles_cannot_give_codes(app, closed):
    member = _client(app, closed["member"])
    token = csrf_token(member, "/prix/candidature/")
    assert (
        member.post(POST, data={"organisation": "Sans Contact", "days": "7", "csrf_token": token}).status_code
        == 403
    )
    delegate = f.user("delegue@exemple.fr")
    db.session.add(DepartementDelegate(user_id=delegate.id, departement_code="35"))
    db.session.commit()
    d = _client(app, delegate)
    assert d.get(INDEX).status_code == 403
    assert (
        d.post(
            POST, data={"organisation": "Épicerie Solidaire du Blosne", "days": "7", "csrf_token": token}
        ).status_code
        == 403
    )
    assert _codes() == 0
