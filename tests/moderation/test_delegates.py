"""Département delegates: the CRESS adds them (an existing account, or an invitation), they
moderate only their départements' events and nothing else of the region."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts import permissions
from app.models import DepartementDelegate, Event, OneTimeLink
from tests import factories as f
from tests.helpers import body, csrf_token, link_in, outbox

DELEGATES = "/cress/regions/bretagne/delegues"


def _client(app, user):
    client = app.test_client()
    f.login(client, user)
    return client


def _add(client, email, *codes):
    return client.post(
        DELEGATES,
        data={"email": email, "departements": list(codes), "csrf_token": csrf_token(client, DELEGATES)},
    )


def _delegations(db) -> list[tuple[int, str]]:
    return [
        tuple(row)
        for row in db.session.execute(
            select(DepartementDelegate.user_id, DepartementDelegate.departement_code).order_by(
                DepartementDelegate.departement_code
            )
        )
    ]


def test_cress_adds_an_existing_account_who_is_told_by_email(app, world, db):
    person = f.user("benevole@exemple.fr", name="Yann Bénévole")
    db.session.commit()
    cress = _client(app, world.moderator)
    response = _add(cress, "Benevole@Exemple.fr", "35", "56")
    assert response.status_code == 302
    assert _delegations(db) == [(person.id, "35"), (person.id, "56")]
    page = body(cress.get(DELEGATES))
    assert "benevole@exemple.fr" in page and "Ille-et-Vilaine (35), Morbihan (56)" in page
    [mail] = outbox("benevole@exemple.fr")
    assert "Vous modérez désormais des événements du Mois de l'ESS en Bretagne" == mail.subject
    assert "- Ille-et-Vilaine (35)" in mail.text and "- Morbihan (56)" in mail.text
    assert "http://localhost/cress/" in mail.text


def test_bad_input_is_refused_in_french_and_nothing_is_written(app, world, db):
    f.user("benevole@exemple.fr")
    db.session.commit()
    cress = _client(app, world.moderator)
    none = _add(cress, "benevole@exemple.fr")
    assert none.status_code == 422 and "Cochez au moins un département." in body(none)
    foreign = _add(cress, "benevole@exemple.fr", "35", "14")  # 14 is in Normandie
    assert foreign.status_code == 422 and "Choisissez parmi les valeurs de la liste." in body(foreign)
    bad_email = _add(cress, "pas-une-adresse", "35")
    assert bad_email.status_code == 422 and "Saisissez une adresse e-mail valide" in body(bad_email)
    itself = _add(cress, world.moderator.email, "35")
    assert itself.status_code == 422 and "Ce compte modère déjà toute la région." in body(itself)
    assert _delegations(db) == [] and outbox() == []


def test_an_address_without_account_is_invited_and_accepts_once(app, world, db):
    cress = _client(app, world.moderator)
    response = _add(cress, "nouvelle@exemple.fr", "29")
    assert response.status_code == 302
    assert "une invitation lui est envoyée" in body(cress.get(DELEGATES))
    assert _delegations(db) == []
    [mail] = outbox("nouvelle@exemple.fr")
    assert "Invitation à modérer" in mail.subject and "- Finistère (29)" in mail.text
    path = link_in(mail, "/cress/delegation/")
    stored = db.session.scalar(select(OneTimeLink.token_hash))
    assert stored not in path  # only the hash of the secret is kept
    other = f.user("autre@exemple.fr")
    person = f.user("nouvelle@exemple.fr")
    db.session.commit()
    wrong = _client(app, other).get(path)
    assert wrong.status_code == 400 and "une autre adresse" in body(wrong)
    invited = _client(app, person)
    accepted = invited.get(path, follow_redirects=True)
    assert "Vous modérez désormais les événements de : Finistère (29)." in body(accepted)
    assert _delegations(db) == [(person.id, "29")]
    again = invited.get(path)
    assert again.status_code == 400 and "Cette invitation a déjà servi." in body(again)


def test_delegate_moderates_only_their_departements(app, world, db):
    delegate = f.user("deleguee@exemple.fr")
    db.session.add(DepartementDelegate(user_id=delegate.id, departement_code="35"))
    db.session.commit()
    assert permissions.can_moderate_event(delegate, world.submitted)
    assert not permissions.can_moderate_event(delegate, world.second)
    assert not permissions.can_moderate_region(delegate, world.submitted.region_id)
    client = _client(app, delegate)
    assert "Espace CRESS" in body(client.get("/"))
    queue = body(client.get("/cress/?statut=tous"))
    assert "Atelier réparation de vélos" in queue  # 35
    assert "Forum de l'emploi solidaire" not in queue and "Marché des producteurs" not in queue  # 29, 56
    assert "Café coopératif normand" not in queue
    assert "Importer des événements" not in queue and "pré-sélection" not in queue
    token = csrf_token(client, "/cress/")
    # an event of another département: its page and its decisions are refused
    assert client.get(f"/cress/evenements/{world.second.id}").status_code == 403
    refused = client.post(f"/cress/evenements/{world.second.id}/publier", data={"csrf_token": token})
    assert refused.status_code == 403
    bulk = client.post(
        "/cress/publier-la-selection", data={"csrf_token": token, "ids": [str(world.second.id)]}
    )
    assert bulk.status_code == 403
    assert client.get("/cress/?region=normandie").status_code == 403
    # nothing else of the region
    assert client.get("/cress/import").status_code == 403
    assert client.get("/cress/prix/").status_code in (403, 404)
    assert client.get("/cress/regions/bretagne/page").status_code == 403
    db.session.expire_all()
    assert db.session.get(Event, world.second.id).status == "soumis"
    # their own département's event: published
    done = client.post(
        f"/cress/evenements/{world.submitted.id}/publier", data={"csrf_token": token}, follow_redirects=True
    )
    assert "est publié" in body(done)
    db.session.expire_all()
    assert db.session.get(Event, world.submitted.id).status == "publie"


def test_cress_withdraws_a_delegation_and_other_regions_cannot(app, world, db):
    delegate = f.user("deleguee@exemple.fr")
    db.session.add(DepartementDelegate(user_id=delegate.id, departement_code="35"))
    db.session.commit()
    normandie = _client(app, world.other_moderator)
    token = csrf_token(normandie, "/cress/regions/normandie/delegues")
    assert (
        normandie.post(
            f"/cress/regions/bretagne/delegues/{delegate.id}/retirer", data={"csrf_token": token}
        ).status_code
        == 403
    )
    assert (
        normandie.post(
            f"/cress/regions/normandie/delegues/{delegate.id}/retirer", data={"csrf_token": token}
        ).status_code
        == 404
    )
    assert db.session.scalar(select(func.count(DepartementDelegate.id))) == 1
    cress = _client(app, world.moderator)
    cress.post(
        f"/cress/regions/bretagne/delegues/{delegate.id}/retirer",
        data={"csrf_token": csrf_token(cress, DELEGATES)},
    )
    assert db.session.scalar(select(func.count(DepartementDelegate.id))) == 0
    assert _client(app, delegate).get("/cress/").status_code == 403
