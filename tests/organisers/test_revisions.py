"""Edits of a published event wait for the CRESS as a pending revision, through the real forms:
the public page keeps the published version, the CRESS sees the changes field by field and
approves (new content online, organiser e-mailed) or refuses (message e-mailed); minor fields go
live at once when the region chose so."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.events import revisions, workflow
from app.extensions import db as _db
from app.models import Event, EventRevision
from app.platform import public_cache
from tests import factories as f
from tests.helpers import body, csrf_token, outbox
from tests.organisers.helpers import event_data, only_event, space

NEW = "/espace/evenements/nouveau"
OLD_TITLE = "Portes ouvertes de la recyclerie"
NEW_TITLE = "Portes ouvertes et atelier vélo de la recyclerie"
OLD_TEXT = "Venez découvrir la recyclerie et ses ateliers."
NEW_TEXT = "Venez découvrir la recyclerie, ses ateliers et son café solidaire."


def _published(client) -> tuple:
    """An event created through the form, then published; and the Bretagne moderator."""
    s = space(client)
    client.post(NEW, data=event_data(client))
    event = only_event()
    event.status = "publie"
    moderator = f.user("cress@bretagne.fr", moderates="bretagne", name="Modé Bretagne")
    _db.session.commit()
    return event, moderator, s


def _edit(client, event, **changes):
    path = f"/espace/evenements/{event.id}/modifier"
    return client.post(path, data=event_data(client, path, action="save", **changes), follow_redirects=True)


def _public(client, event) -> str:
    response = client.get(f"/evenements/{event.id}")
    response = client.get(response.location) if response.status_code in (301, 302, 308) else response
    assert response.status_code == 200
    return body(response)


def _cress(app, moderator):
    other = app.test_client()
    f.login(other, moderator)
    return other


def _pending_count() -> int:
    return _db.session.scalar(select(func.count(EventRevision.id)).where(EventRevision.status == "pending"))


def test_edit_keeps_the_published_version_online_until_the_cress_approves(client, db, app, monkeypatch):
    event, moderator, _s = _published(client)
    bumps = []
    monkeypatch.setattr(public_cache, "bump", lambda: bumps.append(1))
    page = body(client.get(f"/espace/evenements/{event.id}/modifier"))
    assert "la version publiée reste en ligne telle quelle jusqu'à sa validation" in page

    saved = body(_edit(client, event, title=NEW_TITLE, description=NEW_TEXT))
    assert bumps == []  # nothing public changed: cached pages stay
    assert "elles attendent la validation de la CRESS" in saved
    assert "Modification en attente de validation" in saved  # the organiser's event page
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert (event.status, event.title, event.description) == ("publie", OLD_TITLE, OLD_TEXT)
    public = _public(client, event)
    assert OLD_TITLE in public and NEW_TITLE not in public

    # The form shows the pending values, with the notice.
    form = body(client.get(f"/espace/evenements/{event.id}/modifier"))
    assert "Modification en attente de validation" in form and f'value="{NEW_TITLE}"' in form

    # The CRESS: the queue announces it, the list shows the changes field by field.
    cress = _cress(app, moderator)
    assert "1 modification d'un événement publié attend votre validation." in body(cress.get("/cress/"))
    assert "Une modification de cet événement attend votre validation." in body(
        cress.get(f"/cress/evenements/{event.id}")
    )
    listing = cress.get("/cress/modifications")
    html = listing.get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", html, re.S)
    assert [label for label, _cells in rows] == ["Titre", "Description"]
    title_cells = re.sub(r"\s+", " ", rows[0][1])
    assert f">{OLD_TITLE}</td>" in title_cells and f">{NEW_TITLE}</td>" in title_cells
    # Long texts: a word-level diff, removed words in the published version, added ones in the new.
    old_cell, new_cell = re.findall(r"<td[^>]*>(.*?)</td>", rows[1][1], re.S)
    assert old_cell == "Venez découvrir la recyclerie<del> et</del> ses ateliers."
    assert (
        new_cell == "Venez découvrir la recyclerie<ins>,</ins> ses ateliers<ins> et son café solidaire</ins>."
    )

    revision = revisions.pending(event)
    response = cress.post(
        f"/cress/modifications/{revision.id}/valider",
        data={"csrf_token": csrf_token(cress, "/cress/modifications")},
    )
    assert response.status_code == 302
    assert bumps == [1]  # a new generation: search and cached pages refresh
    assert "est publiée" in body(cress.get(response.location))
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert (event.status, event.title, event.description) == ("publie", NEW_TITLE, NEW_TEXT)
    public = _public(client, event)
    assert NEW_TITLE in public and OLD_TITLE + "<" not in public
    assert db.session.get(EventRevision, revision.id).status == "approved"
    assert [h.action for h in workflow.history(event)][-2:] == ["revision", "revision_approved"]
    mail = outbox("membre@exemple.fr")[0]
    assert mail.subject == f"Votre modification de « {NEW_TITLE} » est publiée"
    assert "Champs modifiés : Titre, Description" in mail.text
    assert f"/evenements/{event.id}-" in mail.text
    assert "Modification en attente" not in body(client.get(f"/espace/evenements/{event.id}"))


def test_refused_revision_keeps_the_published_version_and_mails_the_message(client, db, app):
    event, moderator, _s = _published(client)
    _edit(client, event, title=NEW_TITLE)
    revision = revisions.pending(event)
    cress = _cress(app, moderator)
    token = csrf_token(cress, "/cress/modifications")
    missing = cress.post(
        f"/cress/modifications/{revision.id}/refuser", data={"csrf_token": token, "message": " "}
    )
    assert missing.status_code == 422 and "Indiquez un message pour l'organisateur." in body(missing)
    db.session.expire_all()
    assert db.session.get(EventRevision, revision.id).status == "pending" and outbox() == []

    cress.post(
        f"/cress/modifications/{revision.id}/refuser",
        data={"csrf_token": token, "message": "Le titre doit rester celui du programme imprimé."},
    )
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.title == OLD_TITLE and db.session.get(EventRevision, revision.id).status == "refused"
    mail = outbox("membre@exemple.fr")[0]
    assert mail.subject == f"Votre modification de « {OLD_TITLE} » n'a pas été retenue"
    assert "Le titre doit rester celui du programme imprimé." in mail.text
    assert "La version publiée reste en ligne telle quelle. Son message :" in mail.text
    page = body(client.get(f"/espace/evenements/{event.id}"))
    assert "Le titre doit rester celui du programme imprimé." in page
    # Decided: a second decision finds nothing to decide.
    again = cress.post(f"/cress/modifications/{revision.id}/valider", data={"csrf_token": token})
    assert again.status_code == 404


def test_a_new_edit_replaces_the_pending_revision_and_going_back_withdraws_it(client, db):
    event, _moderator, _s = _published(client)
    _edit(client, event, title=NEW_TITLE)
    _edit(client, event, title="Troisième titre")
    assert _pending_count() == 1
    assert revisions.pending(event).changes == {"title": "Troisième titre"}
    _edit(client, event, title=OLD_TITLE)
    assert _pending_count() == 0
    assert db.session.get(Event, event.id).title == OLD_TITLE


def test_minor_field_goes_live_at_once_when_the_region_chose_so(client, db):
    event, _moderator, s = _published(client)
    revisions.save_settings(event.region_id, True, "digest")
    db.session.commit()
    saved = body(
        _edit(
            client,
            event,
            registration_required="y",
            registration_url="https://billets.exemple.fr",
            title=NEW_TITLE,
        )
    )
    assert "Publié tout de suite (changement mineur) : Inscription obligatoire, Lien d'inscription." in saved
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.registration_url == "https://billets.exemple.fr" and event.title == OLD_TITLE
    assert "https://billets.exemple.fr" in _public(client, event)
    assert revisions.pending(event).changes == {"title": NEW_TITLE}  # the rest waits


def test_minor_field_waits_when_the_setting_is_off(client, db):
    event, _moderator, _s = _published(client)
    saved = body(
        _edit(client, event, registration_required="y", registration_url="https://billets.exemple.fr")
    )
    assert "Publié tout de suite" not in saved and "elles attendent la validation de la CRESS" in saved
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.registration_url == "" and "https://billets.exemple.fr" not in _public(client, event)
    assert set(revisions.pending(event).changes) == {"registration_required", "registration_url"}


def test_invalid_edit_of_a_published_event_changes_nothing(client, db):
    event, _moderator, _s = _published(client)
    path = f"/espace/evenements/{event.id}/modifier"
    response = client.post(path, data=event_data(client, path, action="save", starts_at="28 novembre"))
    assert response.status_code == 422 and "Date et heure invalides" in body(response)
    assert _pending_count() == 0


def test_another_region_cannot_see_or_decide_a_revision(client, db, app):
    event, _moderator, _s = _published(client)
    _edit(client, event, title=NEW_TITLE)
    revision = revisions.pending(event)
    normandie = _cress(app, f.user("cress@normandie.fr", moderates="normandie"))
    assert NEW_TITLE not in body(normandie.get("/cress/modifications"))
    response = normandie.post(
        f"/cress/modifications/{revision.id}/valider",
        data={"csrf_token": csrf_token(normandie, "/cress/modifications")},
    )
    assert response.status_code == 403
    assert normandie.post("/cress/modifications/99999999/valider", data={}).status_code in (400, 404)
    db.session.expire_all()
    assert db.session.get(EventRevision, revision.id).status == "pending"


def test_event_sent_back_by_the_cress_takes_its_pending_values(client, db, app):
    event, moderator, _s = _published(client)
    _edit(client, event, title=NEW_TITLE)
    cress = _cress(app, moderator)
    cress.post(
        f"/cress/evenements/{event.id}/modifications",
        data={
            "csrf_token": csrf_token(cress, "/cress/"),
            "message": "Précisez la salle.",
            "expected_status": "publie",
        },
    )
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert (event.status, event.title) == ("a-modifier", NEW_TITLE)
    assert _pending_count() == 0
    assert f'value="{NEW_TITLE}"' in body(client.get(f"/espace/evenements/{event.id}/modifier"))
