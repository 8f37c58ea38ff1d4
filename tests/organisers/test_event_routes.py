"""Event form and actions of the organisers' space, through HTTP, as the organiser sees them."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from app.common.time import utcnow
from app.events import workflow
from app.models import Event
from tests import factories as f
from tests.helpers import body, csrf_token
from tests.organisers.helpers import event_data, events_count, only_event, space

NEW = "/espace/evenements/nouveau"


def test_create_draft_stores_utc_times_place_and_history(client, db):
    s = space(client)
    response = client.post(NEW, data=event_data(client))
    assert response.status_code == 302
    event = only_event()
    assert response.location.endswith(f"/espace/evenements/{event.id}")
    assert event.status == "brouillon" and event.organiser_id == s.organisation.id
    assert event.starts_at == datetime(2026, 11, 28, 13, 0)  # 14 h in Paris, winter time
    assert (event.commune, event.commune_insee, event.departement_code) == ("Rennes", "35238", "35")
    assert event.region.slug == "bretagne" and event.latitude is not None
    assert event.audiences == ["grand-public", "jeunes"]
    assert [h.action for h in workflow.history(event)] == ["create"]
    page = body(client.get(response.location))
    assert "Brouillon" in page and "samedi 28 novembre 2026, de 14 h à 17 h 30" in page


def test_overseas_event_times_are_local_to_its_region(client, db):
    space(client)
    client.post(NEW, data=event_data(client, postcode="97400", commune="Saint-Denis"))
    event = only_event()
    assert event.region.slug == "la-reunion" and event.departement_code == "974"
    assert event.starts_at == datetime(2026, 11, 28, 10, 0)  # UTC+4
    form = body(client.get(f"/espace/evenements/{event.id}/modifier"))
    assert 'value="2026-11-28T14:00"' in form


def test_double_submission_with_the_same_token_creates_one_event(client, db):
    space(client)
    data = event_data(client)
    first = client.post(NEW, data=data)
    second = client.post(NEW, data=data)
    assert events_count() == 1
    assert first.location == second.location


def test_submit_from_the_form_sends_to_the_cress(client, db):
    space(client)
    response = client.post(NEW, data=event_data(client, action="submit"), follow_redirects=True)
    event = only_event()
    assert event.status == "soumis" and event.submitted_at is not None
    assert "Votre événement est soumis à la CRESS Bretagne" in body(response)


def test_submission_outside_the_registration_window_keeps_the_draft(client, db):
    s = space(client)
    s.edition.registration_close = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(NEW, data=event_data(client, action="submit"), follow_redirects=True)
    event = only_event()
    assert event.status == "brouillon"
    assert "Les inscriptions au Mois de l'ESS 2026 sont closes : elles étaient ouvertes du" in body(response)


@pytest.mark.parametrize(
    "overrides, field_id, message",
    [
        ({"ends_at": "2026-11-28T13:00"}, "ends_at", "La fin doit être après le début."),
        ({"starts_at": "28 novembre à 14h"}, "starts_at", "Date et heure invalides"),
        ({"starts_at": "2026-13-45T25:00"}, "starts_at", "Date et heure invalides"),
        ({"starts_at": "28/11/1026 14:00"}, "starts_at", "Cette date n'est pas plausible"),
        ({"title": "T" * 201}, "title", "Ce texte est trop long (200 caractères au plus)."),
        ({"description": "x" * 10001}, "description", "10\u202f000 caractères au plus"),
        ({"online": "y", "online_url": ""}, "online_url", "Indiquez le lien de connexion"),
        (
            {"online_url": "pas une adresse", "online": "y"},
            "online_url",
            "Saisissez une adresse web complète",
        ),
        ({"registration_required": "y"}, "registration_url", "Indiquez le lien d'inscription."),
        ({"free": "0"}, "price_info", "Indiquez les tarifs de l'événement payant."),
        ({"audiences": []}, "audiences", "Cochez au moins un public."),
        ({"second_theme_id": "THEME"}, "second_theme_id", "seconde thématique différente"),
        ({"postcode": "35000", "commune": "Brest"}, "commune", "Commune inconnue pour le code postal 35000"),
        ({"postcode": "99999"}, "postcode", "Code postal inconnu"),
        ({"postcode": "35190", "commune": ""}, "commune", "Plusieurs communes ont ce code postal"),
        ({"in_person": None}, "in_person", "présentiel, en ligne, ou les deux"),
    ],
)
def test_invalid_event_is_refused_with_french_message_and_data_kept(client, db, overrides, field_id, message):
    space(client)
    data = event_data(client, **overrides)
    if data.get("second_theme_id") == "THEME":
        data["second_theme_id"] = data["theme_id"]
    response = client.post(NEW, data=data)
    assert response.status_code == 422
    page = body(response)
    assert message in page
    assert f'id="{field_id}-error"' in page or f"{field_id}-error" in page
    assert 'value="Portes ouvertes de la recyclerie"' in page or "T" * 201 in page
    assert events_count() == 0


def test_missing_csrf_token_shows_the_form_again(client, db):
    space(client)
    data = event_data(client)
    del data["csrf_token"]
    response = client.post(NEW, data=data)
    assert response.status_code == 422
    assert "Le formulaire a expiré" in body(response)
    assert 'value="Portes ouvertes de la recyclerie"' in body(response)
    assert events_count() == 0


def test_commune_picked_in_the_autocomplete_and_pin_moved_on_the_map(client, db):
    space(client)
    client.post(
        NEW,
        data=event_data(
            client, postcode="35000", commune="Rennes", insee="35238", latitude="48.1001", longitude="-1.6502"
        ),
    )
    event = only_event()
    assert (event.latitude, event.longitude) == (48.1001, -1.6502)


def test_duplicate_makes_a_new_draft(client, db):
    s = space(client)
    event = f.event(s.edition, "Marché de Noël solidaire", org=s.organisation)
    db.session.commit()
    response = client.post(
        f"/espace/evenements/{event.id}/dupliquer", data={"csrf_token": csrf_token(client, "/espace/")}
    )
    copy = db.session.scalars(select(Event).where(Event.id != event.id)).one()
    assert response.location.endswith(f"/espace/evenements/{copy.id}/modifier")
    assert copy.title == event.title and copy.status == "brouillon" and copy.starts_at == event.starts_at
    assert "Copie de l'événement" in workflow.history(copy)[0].message


def test_cancel_keeps_the_event_visible_marked_cancelled(client, db):
    s = space(client)
    event = f.event(s.edition, "Ciné-débat", org=s.organisation)
    db.session.commit()
    response = client.post(
        f"/espace/evenements/{event.id}/annuler",
        data={
            "cancel-csrf_token": csrf_token(client, f"/espace/evenements/{event.id}"),
            "cancel-message": "Salle indisponible",
        },
        follow_redirects=True,
    )
    assert "L'événement est annulé" in body(response)
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.status == "publie" and event.schedule_status == "annule"
    assert workflow.history(event)[-1].action == "cancel"
    assert "Événement annulé." in body(client.get(f"/evenements/{event.id}-{event.slug}"))


@pytest.mark.parametrize(
    "value, message",
    [
        ("-3", "Saisissez un nombre entier"),
        ("beaucoup", "Saisissez un nombre entier"),
        ("1000000", "Indiquez un nombre entre 0 et 100000"),
        ("", "Indiquez le nombre de participants."),
    ],
)
def test_attendance_errors_in_french(client, db, value, message):
    s = space(client)
    event = f.event(s.edition, org=s.organisation, starts=utcnow() - timedelta(days=1))
    db.session.commit()
    path = f"/espace/evenements/{event.id}"
    response = client.post(
        path + "/participation",
        data={"attendance-csrf_token": csrf_token(client, path), "attendance-attendance": value},
    )
    assert response.status_code == 422 and message in body(response)
    db.session.expire_all()
    assert db.session.get(Event, event.id).attendance is None


def test_attendance_declared_after_the_event(client, db):
    s = space(client)
    past = f.event(s.edition, org=s.organisation, starts=utcnow() - timedelta(days=1))
    coming = f.event(s.edition, org=s.organisation, starts=utcnow() + timedelta(days=1))
    db.session.commit()
    path = f"/espace/evenements/{past.id}"
    assert "Déclarer la participation" in body(client.get(path))
    assert "Déclarer la participation" not in body(client.get(f"/espace/evenements/{coming.id}"))
    client.post(
        path + "/participation",
        data={"attendance-csrf_token": csrf_token(client, path), "attendance-attendance": "72"},
    )
    refused = client.post(
        f"/espace/evenements/{coming.id}/participation",
        data={"attendance-csrf_token": csrf_token(client, path), "attendance-attendance": "5"},
        follow_redirects=True,
    )
    assert "La participation se déclare après la fin d'un événement publié." in body(refused)
    db.session.expire_all()
    assert db.session.get(Event, past.id).attendance == 72
    assert db.session.get(Event, coming.id).attendance is None
    assert workflow.history(db.session.get(Event, past.id))[-1].action == "attendance"


def _png(size=(40, 30)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 90)).save(out, "PNG")
    out.seek(0)
    return out


def test_image_upload_replace_and_remove(client, db, app):
    s = space(client)
    event = f.event(s.edition, "Fête des coopératives", org=s.organisation)
    db.session.commit()
    path = f"/espace/evenements/{event.id}"
    client.post(
        path + "/image",
        data={
            "image-csrf_token": csrf_token(client, path),
            "image-credit": "© Jeanne",
            "image-image": (_png(), "photo.png"),
        },
        content_type="multipart/form-data",
    )
    db.session.expire_all()
    first = db.session.get(Event, event.id).image_file
    assert first and first.endswith(".jpg")
    public = body(client.get(f"/evenements/{event.id}-{event.slug}"))
    assert f"/fichiers/{first}" in public and "© Jeanne" in public
    client.post(
        path + "/image",
        data={
            "image-csrf_token": csrf_token(client, path),
            "image-credit": "© Paul",
            "image-image": (_png(), "autre.png"),
        },
        content_type="multipart/form-data",
    )
    db.session.expire_all()
    second = db.session.get(Event, event.id)
    assert second.image_file != first and second.image_credit == "© Paul"
    assert client.get(f"/fichiers/{first}").status_code == 404  # the old file is gone
    client.post(path + "/image", data={"image-csrf_token": csrf_token(client, path), "action": "remove"})
    db.session.expire_all()
    assert db.session.get(Event, event.id).image_file is None


def test_image_that_is_not_an_image_is_refused(client, db):
    s = space(client)
    event = f.event(s.edition, org=s.organisation)
    db.session.commit()
    path = f"/espace/evenements/{event.id}"
    response = client.post(
        path + "/image",
        data={
            "image-csrf_token": csrf_token(client, path),
            "image-credit": "© Moi",
            "image-image": (io.BytesIO(b"%PDF-1.4 not an image"), "photo.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "n'est pas une image lisible" in body(response) or "Format refusé" in body(response)
    big = io.BytesIO(b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 10))
    response = client.post(
        path + "/image",
        data={"image-csrf_token": csrf_token(client, path), "image-image": (big, "grande.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "taille maximale de 5 Mo" in body(response)
    db.session.expire_all()
    assert db.session.get(Event, event.id).image_file is None


def test_likely_duplicate_is_confirmed_or_dropped(client, db):
    s = space(client)
    other = f.organisation("Recyclerie du Centre")
    f.event(
        s.edition,
        "Portes ouvertes de la recyclerie",
        org=other,
        commune_insee="35238",
        starts=datetime(2026, 11, 28, 9),
    )
    db.session.commit()
    response = client.post(NEW, data=event_data(client, action="submit"))
    draft = db.session.scalars(select(Event).where(Event.organiser_id == s.organisation.id)).one()
    assert response.location.endswith(f"/espace/evenements/{draft.id}/doublons")
    warning = body(client.get(response.location))
    assert "Recyclerie du Centre" in warning and "Je confirme : ce n'est pas un doublon" in warning
    assert draft.status == "brouillon"
    token = csrf_token(client, response.location)
    client.post(f"/espace/evenements/{draft.id}/soumettre", data={"csrf_token": token, "not_duplicate": "1"})
    db.session.expire_all()
    assert db.session.get(Event, draft.id).status == "soumis"


def test_likely_duplicate_draft_can_be_deleted(client, db):
    s = space(client)
    f.event(
        s.edition, "Portes ouvertes de la recyclerie", commune_insee="35238", starts=datetime(2026, 11, 28, 9)
    )
    db.session.commit()
    client.post(NEW, data=event_data(client, action="submit"))
    draft = db.session.scalars(select(Event).where(Event.organiser_id == s.organisation.id)).one()
    client.post(
        f"/espace/evenements/{draft.id}/supprimer", data={"csrf_token": csrf_token(client, "/espace/")}
    )
    assert events_count() == 1


def test_dashboard_lists_events_with_status_and_cress_message(client, db):
    s = space(client)
    moderator = f.user(moderates="bretagne")
    event = f.event(s.edition, "Forum de l'emploi", org=s.organisation, status="soumis")
    workflow.apply(event, "request_changes", moderator, "Merci de préciser l'adresse.")
    db.session.commit()
    page = body(client.get("/espace/"))
    assert "Forum de l'emploi" in page and "Modifications demandées" in page
    assert "Merci de préciser l'adresse." in page


def test_cancelled_event_cannot_be_edited_and_submitted_event_cannot_be_deleted(client, db):
    s = space(client)
    cancelled = f.event(s.edition, "Ciné-débat", org=s.organisation, schedule_status="annule")
    submitted = f.event(s.edition, "Forum", org=s.organisation, status="soumis")
    db.session.commit()
    response = client.get(f"/espace/evenements/{cancelled.id}/modifier", follow_redirects=True)
    assert "Un événement annulé ne peut plus être modifié." in body(response)
    response = client.post(
        f"/espace/evenements/{submitted.id}/supprimer",
        data={"csrf_token": csrf_token(client, "/espace/")},
        follow_redirects=True,
    )
    assert "Seul un brouillon peut être supprimé." in body(response)
    assert events_count() == 2


def test_editing_a_draft_keeps_it_a_draft_and_records_the_edit(client, db):
    space(client)
    client.post(NEW, data=event_data(client))
    event = only_event()
    path = f"/espace/evenements/{event.id}/modifier"
    client.post(path, data=event_data(client, path, title="Atelier réparation", action="draft"))
    event = only_event()
    assert event.title == "Atelier réparation" and event.status == "brouillon"
    assert [h.action for h in workflow.history(event)] == ["create", "edit"]


def test_creation_token_of_another_organisation_gives_nothing(client, db, app):
    s = space(client)
    data = event_data(client)
    client.post(NEW, data=data)
    intruder = f.user(organisations=(f.organisation("Autre"),))
    db.session.commit()
    other = app.test_client()
    f.login(other, intruder)
    forged = event_data(other, action="submit", title="Autre titre")
    forged["creation_token"] = data["creation_token"]
    assert other.post(NEW, data=forged).status_code == 404
    event = only_event()
    assert event.title == "Portes ouvertes de la recyclerie" and event.status == "brouillon"
    assert event.organiser_id == s.organisation.id
