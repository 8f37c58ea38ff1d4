"""Decisions on one event (row swapped by htmx, or Post/Redirect/Get), their history and
e-mails, conflicts between moderators, and bulk publication."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from app.events import workflow
from app.models import Event, EventDecision
from app.moderation import services
from tests import factories as f
from tests.helpers import body, csrf_token, outbox

HX = {"HX-Request": "true"}


def _post(client, event, word, message="", expected=None, htmx=False, token=None):
    data = {
        "csrf_token": token or csrf_token(client, "/cress/"),
        "message": message,
        "expected_status": expected or "soumis",
        "next": "/cress/?tri=date",
    }
    return client.post(f"/cress/evenements/{event.id}/{word}", data=data, headers=HX if htmx else {})


def _history(db, event) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(EventDecision.action, EventDecision.message)
        .where(EventDecision.event_id == event.id)
        .order_by(EventDecision.id)
    ).all()
    return [tuple(r) for r in rows]


def _status(db, event) -> str:
    return db.session.scalar(select(Event.status).where(Event.id == event.id))


def test_publish_from_the_row_swaps_the_row(client, world, db):
    f.login(client, world.moderator)
    response = _post(client, world.submitted, "publier", htmx=True)
    assert response.status_code == 200
    html = body(response)
    assert "<html" not in html and html.lstrip().startswith("<tr")
    assert f'id="event-row-{world.submitted.id}"' in html
    assert "« Atelier réparation de vélos » est publié." in html and "Publié" in html
    assert "HX-Request" in response.headers["Vary"]
    db.session.expire_all()
    assert _status(db, world.submitted) == "publie"
    decision = db.session.scalar(select(EventDecision).where(EventDecision.event_id == world.submitted.id))
    assert (decision.action, decision.user_id, decision.from_status) == (
        "publish",
        world.moderator.id,
        "soumis",
    )
    # The organiser hears of the publication (event contact and members), with the public page.
    mails = {m.to: m for m in outbox()}
    assert set(mails) == {"orga@recyclerie.fr", "lea@recyclerie.fr"}
    mail = mails["lea@recyclerie.fr"]
    assert mail.subject == "Votre événement « Atelier réparation de vélos » est publié"
    assert "a validé votre événement « Atelier réparation de vélos »" in mail.text
    assert f"/evenements/{world.submitted.id}-atelier-reparation-de-velos" in mail.text


def test_publish_without_javascript_redirects_with_a_message(client, world, db):
    f.login(client, world.moderator)
    response = _post(client, world.submitted, "publier")
    assert response.status_code == 302 and response.headers["Location"] == "/cress/?tri=date"
    assert "« Atelier réparation de vélos » est publié." in body(client.get("/cress/?tri=date"))
    db.session.expire_all()
    assert _status(db, world.submitted) == "publie"


def test_published_event_appears_in_public_search(client, world, db):
    f.login(client, world.moderator)
    assert client.get(f"/evenements/{world.submitted.id}-atelier-reparation-de-velos").status_code == 404
    _post(client, world.submitted, "publier")
    page = client.get(f"/evenements/{world.submitted.id}-atelier-reparation-de-velos")
    assert page.status_code == 200 and "Atelier réparation de vélos" in body(page)


def test_request_changes_emails_contact_and_members_and_keeps_history(client, world, db):
    f.login(client, world.moderator)
    response = _post(
        client, world.submitted, "modifications", message="Précisez l'adresse exacte de l'atelier.", htmx=True
    )
    assert response.status_code == 200
    assert "l'organisateur est prévenu par e-mail" in body(response)
    db.session.expire_all()
    assert _status(db, world.submitted) == "a-modifier"
    assert _history(db, world.submitted) == [("request_changes", "Précisez l'adresse exacte de l'atelier.")]
    for to in ("lea@recyclerie.fr", "orga@recyclerie.fr"):
        [mail] = outbox(to)
        assert "Modifications demandées" in mail.subject
        assert "Précisez l'adresse exacte de l'atelier." in mail.text
    page = body(client.get(f"/cress/evenements/{world.submitted.id}"))
    assert "Modifications demandées" in page and "Précisez l'adresse exacte de l'atelier." in page
    assert "Modé Bretagne" in page


def test_refuse_with_reason_emails_the_organiser(client, world, db):
    f.login(client, world.moderator)
    response = _post(client, world.submitted, "refuser", message="Hors du champ de l'ESS.")
    assert response.status_code == 302
    db.session.expire_all()
    assert _status(db, world.submitted) == "refuse"
    [mail] = outbox("orga@recyclerie.fr")
    assert "n'a pas été retenu" in mail.subject and "Hors du champ de l'ESS." in mail.text
    assert _history(db, world.submitted) == [("refuse", "Hors du champ de l'ESS.")]


@pytest.mark.parametrize("htmx", [True, False])
def test_refuse_without_reason_is_refused_next_to_the_field(client, world, db, htmx):
    f.login(client, world.moderator)
    response = _post(client, world.submitted, "refuser", message="   ", htmx=htmx)
    assert response.status_code == 422
    html = body(response)
    assert "Indiquez un message pour l'organisateur." in html
    assert ('aria-invalid="true"' in html) and ("<html" in html) is (not htmx)
    db.session.expire_all()
    assert _status(db, world.submitted) == "soumis"
    assert _history(db, world.submitted) == [] and outbox() == []


def test_too_long_message_is_refused_and_kept(client, world, db):
    f.login(client, world.moderator)
    message = "Trop long. " * 600
    response = _post(client, world.submitted, "modifications", message=message)
    assert response.status_code == 422
    html = body(response)
    assert "Le message est trop long" in html and "Trop long. Trop long." in html
    db.session.expire_all()
    assert _status(db, world.submitted) == "soumis"


@pytest.mark.parametrize("htmx", [True, False])
def test_decision_on_an_event_changed_meanwhile_gives_a_clear_message(client, world, db, htmx):
    f.login(client, world.moderator)
    token = csrf_token(client, "/cress/")
    workflow.apply(world.submitted, "publish", world.admin)  # another moderator, just before
    db.session.commit()
    response = _post(client, world.submitted, "refuser", message="Non.", htmx=htmx, token=token)
    if htmx:
        assert response.status_code == 409
        html = body(response)
    else:
        assert response.status_code == 302
        html = body(client.get(response.headers["Location"]))
    assert "Cet événement a changé entre-temps : il est maintenant « Publié »" in html
    assert "Aucune décision n'a été enregistrée" in html
    db.session.expire_all()
    assert _status(db, world.submitted) == "publie"
    assert [a for a, _m in _history(db, world.submitted)] == ["publish"]
    assert outbox() == []


def test_concurrent_decision_loses_the_compare_and_set(app, world, db):
    """Two moderators load the event as 'soumis'; the second decision finds it changed."""
    event = db.session.get(Event, world.submitted.id)
    assert event.status == "soumis"
    # The other moderator's decision lands in the database behind this session's back.
    db.session.execute(
        update(Event).where(Event.id == event.id).values(status="refuse"),
        execution_options={"synchronize_session": False},
    )
    with pytest.raises(services.Conflict) as exc:
        services.decide(event, "publish", world.moderator, expected_status="soumis")
    assert "a changé entre-temps" in exc.value.message
    assert db.session.scalar(select(func.count()).select_from(EventDecision)) == 0


def test_missing_csrf_token_changes_nothing(client, world, db):
    f.login(client, world.moderator)
    response = client.post(
        f"/cress/evenements/{world.submitted.id}/publier", data={"expected_status": "soumis"}
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert _status(db, world.submitted) == "soumis"


def test_event_page_shows_fields_history_and_public_link(client, world, db):
    f.login(client, world.moderator)
    page = body(client.get(f"/cress/evenements/{world.submitted.id}"))
    for text in (
        "Atelier réparation de vélos",
        "Travailler",
        "Débat / conférence",
        "Rennes",
        "Léa Morvan",
        "structure@recyclerie.fr",
        "Aucune action enregistrée.",
    ):
        assert text in page
    assert "Voir la page publique" not in page
    _post(client, world.submitted, "publier")
    page = body(client.get(f"/cress/evenements/{world.submitted.id}"))
    assert "Voir la page publique de l'événement" in page
    assert f"/evenements/{world.submitted.id}-atelier-reparation-de-velos" in page
    assert "Aucune décision possible" not in page  # a published event can be sent back


def test_unknown_and_draft_events_are_not_found(client, world, db):
    draft = f.event(world.edition, "Brouillon", status="brouillon")
    db.session.commit()
    f.login(client, world.moderator)
    assert client.get(f"/cress/evenements/{draft.id}").status_code == 404
    assert client.get("/cress/evenements/999999").status_code == 404
    assert _post(client, draft, "publier", expected="brouillon").status_code == 404


# --- Bulk ---------------------------------------------------------------------------------


def _bulk(client, ids, htmx=False):
    return client.post(
        "/cress/publier-la-selection?tri=date",
        data={"csrf_token": csrf_token(client, "/cress/"), "ids": [str(i) for i in ids]},
        headers=HX if htmx else {},
    )


def test_bulk_publish_reports_events_that_cannot_be_published(client, world, db):
    f.login(client, world.moderator)
    response = _bulk(client, [world.submitted.id, world.second.id, world.published.id])
    assert response.status_code == 302
    assert response.headers["Location"] == "/cress/?edition=2026&region=bretagne&tri=date"
    page = body(client.get(response.headers["Location"]))
    assert "2 événements publiés." in page
    assert "Non publié : « Marché des producteurs » – statut « Publié », ne peut pas être publié" in page
    db.session.expire_all()
    assert {_status(db, e) for e in (world.submitted, world.second)} == {"publie"}
    assert db.session.scalar(select(func.count()).select_from(EventDecision)) == 2


def test_bulk_publish_with_htmx_refreshes_the_table(client, world, db):
    f.login(client, world.moderator)
    response = _bulk(client, [world.submitted.id, world.second.id], htmx=True)
    html = body(response)
    assert response.status_code == 200 and "<html" not in html
    assert "2 événements publiés." in html and "0 événement" in html  # the "à traiter" list is empty


def test_bulk_publish_reports_drafts_of_the_region(client, world, db):
    draft = f.event(world.edition, "Brouillon de la région", status="brouillon")
    db.session.commit()
    f.login(client, world.moderator)
    page = body(client.get(_bulk(client, [draft.id, world.second.id]).headers["Location"]))
    assert "1 événement publié." in page
    assert "Non publié : « Brouillon de la région » – statut « Brouillon »" in page
    db.session.expire_all()
    assert _status(db, draft) == "brouillon"


def test_bulk_publish_with_nothing_selected(client, world, db):
    f.login(client, world.moderator)
    response = _bulk(client, [], htmx=True)
    assert response.status_code == 422
    assert "Cochez au moins un événement à publier." in body(response)


def test_bulk_publish_including_another_regions_event_is_forbidden_and_writes_nothing(client, world, db):
    f.login(client, world.moderator)
    response = _bulk(client, [world.submitted.id, world.elsewhere.id])
    assert response.status_code == 403
    db.session.expire_all()
    assert _status(db, world.submitted) == "soumis" and _status(db, world.elsewhere) == "soumis"
    assert db.session.scalar(select(func.count()).select_from(EventDecision)) == 0


def test_bulk_publish_service_is_one_transaction_with_reasons(app, world, db):
    result = services.bulk_publish([world.submitted, world.published], world.moderator)
    assert [e.title for e in result.published] == ["Atelier réparation de vélos"]
    assert [(e.title, "Publié" in reason) for e, reason in result.skipped] == [
        ("Marché des producteurs", True)
    ]
    assert "ne peut pas être publié" in result.skipped[0][1]
    db.session.rollback()  # nothing is committed by the service
    assert _status(db, world.submitted) == "soumis"
