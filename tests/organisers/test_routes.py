"""Organisations, invitations, autocompletes and the permission boundary of every route."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.common.time import utcnow
from app.models import Event, Membership, Organisation
from tests import factories as f
from tests.helpers import body, csrf_token, outbox
from tests.organisers.helpers import open_edition


def test_confirmed_user_without_organisation_creates_one_and_becomes_member(client, db):
    user = f.user("nouvelle@exemple.fr")
    db.session.commit()
    f.login(client, user)
    page = body(client.get("/espace/"))
    assert "Créer mon organisation" in page
    assert client.get("/espace/evenements/nouveau").location.endswith("/espace/organisations/nouvelle")
    path = "/espace/organisations/nouvelle"
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "name": "Épicerie solidaire du Port",
            "family": "association",
            "sector": "action-sociale",
            "employees": "1-9",
            "region_id": str(f.region("bretagne").id),
            "website": "https://epicerie.example.org",
        },
        follow_redirects=True,
    )
    assert "L'organisation « Épicerie solidaire du Port » est créée" in body(response)
    org = db.session.scalars(select(Organisation)).one()
    assert (
        db.session.scalar(select(Membership).where(Membership.user_id == user.id)).organisation_id == org.id
    )


def test_invalid_organisation_is_refused_and_nothing_created(client, db):
    user = f.user()
    db.session.commit()
    f.login(client, user)
    path = "/espace/organisations/nouvelle"
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "name": "N" * 201,
            "family": "inconnue",
            "sector": "action-sociale",
            "employees": "1-9",
            "region_id": "999999",
            "website": "epicerie",
        },
    )
    page = body(response)
    assert response.status_code == 422
    assert "Ce texte est trop long (200 caractères au plus)." in page
    assert "Saisissez une adresse web complète" in page and "N" * 201 in page
    assert db.session.scalar(select(func.count(Organisation.id))) == 0


def test_invite_gives_the_same_answer_whether_the_address_has_an_account(client, db):
    org = f.organisation("Coop du Lac")
    member = f.user(organisations=(org,))
    f.user("connue@exemple.fr")
    db.session.commit()
    f.login(client, member)
    path = f"/espace/organisations/{org.id}"
    answers = []
    for email in ("connue@exemple.fr", "inconnue@exemple.fr"):
        response = client.post(
            path + "/membres",
            data={"invite-csrf_token": csrf_token(client, path), "invite-email": email},
            follow_redirects=True,
        )
        answers.append(body(response).split("C'est fait")[1].split("</p>")[0])
    assert answers[0] == answers[1]
    assert "connue@exemple.fr" not in body(client.get(path))  # a member only once the link is opened
    assert len(outbox("inconnue@exemple.fr")) == 1 and len(outbox("connue@exemple.fr")) == 1
    bad = client.post(
        path + "/membres",
        data={"invite-csrf_token": csrf_token(client, path), "invite-email": "pas-une-adresse"},
    )
    assert bad.status_code == 422 and "Saisissez une adresse e-mail valide" in body(bad)


def test_commune_autocomplete_fragment_and_full_page(client, db):
    user = f.user()
    db.session.commit()
    f.login(client, user)
    fragment = client.get("/espace/communes?commune=35000", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert 'data-insee="35238"' in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    page = client.get("/espace/communes?q=Ajacc")
    assert "<html" in page.get_data(as_text=True) and "Ajaccio (20000) – 2A" in body(page)
    assert "HX-Request" in page.headers["Vary"]
    assert "Aucune commune" in body(client.get("/espace/communes?q=zzzzzz"))


def test_organisation_suggestions_fragment_and_full_page(client, db):
    f.organisation("Recyclerie du Centre")
    user = f.user()
    db.session.commit()
    f.login(client, user)
    fragment = client.get(
        "/espace/organisations/suggestions?coorganiser_add=recyc", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "<html" not in fragment and '<option value="Recyclerie du Centre">' in fragment
    page = client.get("/espace/organisations/suggestions?q=recyc").get_data(as_text=True)
    assert "<html" in page and "<li>Recyclerie du Centre</li>" in page


def test_coorganiser_chosen_by_name_or_named_freely(client, db):
    from tests.organisers.helpers import event_data, only_event, space

    s = space(client)
    partner = f.organisation("Recyclerie du Centre")
    db.session.commit()
    bad = client.post(
        "/espace/evenements/nouveau", data=event_data(client, coorganiser_add="Recyclerie inconnue")
    )
    assert bad.status_code == 422 and "Aucune organisation inscrite ne porte exactement ce nom" in body(bad)
    client.post(
        "/espace/evenements/nouveau",
        data=event_data(
            client, coorganiser_add="recyclerie du centre", other_coorganisers="Mairie de Rennes"
        ),
    )
    event = only_event()
    assert [o.id for o in event.coorganisers] == [partner.id]
    assert event.other_coorganisers == "Mairie de Rennes" and s.organisation.id == event.organiser_id


# --- Permission boundary: every route, for someone who is not a member -----------------


def _routes(event_id: int, org_id: int):
    e = f"/espace/evenements/{event_id}"
    return [
        ("get", e),
        ("get", e + "/modifier"),
        ("post", e + "/modifier"),
        ("post", e + "/soumettre"),
        ("get", e + "/doublons"),
        ("post", e + "/supprimer"),
        ("post", e + "/dupliquer"),
        ("post", e + "/annuler"),
        ("post", e + "/participation"),
        ("post", e + "/image"),
        ("get", f"/espace/organisations/{org_id}"),
        ("post", f"/espace/organisations/{org_id}"),
        ("post", f"/espace/organisations/{org_id}/membres"),
    ]


@pytest.mark.parametrize("who", ["other-organiser", "moderator-other-region", "moderator-same-region"])
def test_non_members_get_404_on_every_route_and_nothing_changes(client, db, who):
    edition = open_edition()
    org = f.organisation("Coop du Lac")
    event = f.event(edition, "Forum", org=org, starts=utcnow() - __import__("datetime").timedelta(days=1))
    draft = f.event(edition, "Brouillon", org=org, status="brouillon")
    intruder = {
        "other-organiser": lambda: f.user(organisations=(f.organisation("Autre"),)),
        "moderator-other-region": lambda: f.user(moderates="occitanie"),
        "moderator-same-region": lambda: f.user(moderates="bretagne"),
    }[who]()
    db.session.commit()
    f.login(client, intruder)
    token = csrf_token(client, "/espace/")
    for target in (event, draft):
        for method, path in _routes(target.id, org.id):
            data = {
                "csrf_token": token,
                "cancel-csrf_token": token,
                "attendance-csrf_token": token,
                "image-csrf_token": token,
                "invite-csrf_token": token,
                "attendance-attendance": "9",
                "invite-email": "x@exemple.fr",
                "name": "Piraté",
            }
            response = getattr(client, method)(path, data=data)
            assert response.status_code == 404, (method, path, response.status_code)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Event.id))) == 2
    assert db.session.get(Event, event.id).schedule_status == "programme"
    assert db.session.get(Event, event.id).attendance is None
    assert db.session.get(Organisation, org.id).name == "Coop du Lac"
    assert len(outbox("x@exemple.fr")) == 0


def test_admin_may_open_any_event_and_unconfirmed_or_anonymous_may_not(client, db, app):
    edition = open_edition()
    event = f.event(edition, "Forum")
    admin = f.user(admin=True)
    unconfirmed = f.user(confirmed=False, organisations=(event.organiser,))
    db.session.commit()
    path = f"/espace/evenements/{event.id}"
    assert client.get(path).location.startswith("/compte/connexion")
    assert client.get("/espace/").location.startswith("/compte/connexion")
    from app.accounts.sessions import open_session

    open_session(unconfirmed)
    db.session.commit()
    with client.session_transaction() as session:  # log in without the form (unconfirmed)
        session["_user_id"] = unconfirmed.get_id()
        session["_fresh"] = True
    assert client.get(path).status_code == 403
    assert client.get("/espace/").status_code == 403
    admin_client = app.test_client()
    f.login(admin_client, admin)
    assert "Forum" in body(admin_client.get(path))
