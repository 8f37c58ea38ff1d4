"""The organiser marks a published event full or postponed, or cancels it with a message, from
their space; the public page and the event cards show it. Submission warnings and the CRESS's
e-mail per submission."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.common.time import utcnow
from app.events import revisions, workflow
from app.models import Event
from tests import factories as f
from tests.helpers import body, csrf_token, outbox
from tests.organisers.helpers import event_data, only_event, space

NEW = "/espace/evenements/nouveau"


def _event(client, db, **fields):
    s = space(client)
    event = f.event(
        s.edition, "Ciné-débat coopératif", org=s.organisation, starts=datetime(2026, 11, 14, 17), **fields
    )
    db.session.commit()
    return event


def _public(client, event) -> str:
    db_event = event
    response = client.get(f"/evenements/{db_event.id}-{db_event.slug}")
    assert response.status_code == 200
    return body(response)


def _search_card(client) -> str:
    page = body(client.get("/evenements/?q=cine-debat+cooperatif"))
    start = page.index('class="event-card"')
    return page[start : page.index("</article>", start)]


def _postpone(client, event, starts, ends):
    path = f"/espace/evenements/{event.id}"
    return client.post(
        path + "/reporter",
        data={
            "postpone-csrf_token": csrf_token(client, path),
            "postpone-starts_at": starts,
            "postpone-ends_at": ends,
        },
    )


def test_mark_full_shows_the_badge_on_the_page_and_the_card_then_open_again(client, db):
    event = _event(client, db)
    path = f"/espace/evenements/{event.id}"
    assert "Marquer complet" in body(client.get(path))
    response = client.post(path + "/complet", data={"csrf_token": csrf_token(client, path), "full": "1"})
    assert "L'événement est marqué « Complet » sur le site." in body(client.get(response.location))
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.schedule_status == "complet" and workflow.history(event)[-1].action == "full"
    page = _public(client, event)
    assert 'badge--full">Complet</span>' in page and "Il n'y a plus de place disponible." in page
    assert 'badge--full">Complet</span>' in _search_card(client)

    client.post(path + "/complet", data={"csrf_token": csrf_token(client, path), "full": "0"})
    db.session.expire_all()
    assert db.session.get(Event, event.id).schedule_status == "programme"
    assert "Complet" not in _search_card(client)


def test_postpone_moves_the_event_and_shows_the_first_date(client, db):
    event = _event(client, db)
    day = (utcnow() + timedelta(days=10)).date()
    response = _postpone(client, event, f"{day:%d/%m/%Y} 18:00", f"{day:%d/%m/%Y} 20:30")
    assert response.status_code == 302
    assert "L'événement est reporté" in body(client.get(response.location))
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.schedule_status == "reporte" and event.postponed_from == datetime(2026, 11, 14, 17)
    assert event.starts_at == datetime(day.year, day.month, day.day, 17)  # 18 h in Paris, winter time
    assert event.ends_at == datetime(day.year, day.month, day.day, 19, 30)
    page = _public(client, event)
    assert "<strong>Reporté</strong> — initialement prévu le samedi 14 novembre 2026, 18 h." in page
    card = _search_card(client)
    assert 'badge--postponed">Reporté</span>' in card and f"{day.day} " in card
    assert workflow.history(event)[-1].message.startswith("Nouvelle date :")


@pytest.mark.parametrize(
    "starts, ends, message",
    [
        ("le 12 décembre", "12/12/2026 20:00", "Date et heure invalides"),
        ("32/12/2026 18:00", "12/12/2026 20:00", "Date et heure invalides"),
        ("", "", "Ce champ est obligatoire."),
        ("PAST 18:00", "PAST 20:00", "La nouvelle date doit être aujourd'hui ou plus tard."),
        ("FUTURE 18:00", "FUTURE 17:00", "La fin doit être après le début."),
        ("12/12/1026 18:00", "12/12/1026 20:00", "Cette date n'est pas plausible"),
    ],
)
def test_bad_postponement_is_refused_in_french_and_nothing_changes(client, db, starts, ends, message):
    event = _event(client, db)
    past = (utcnow() - timedelta(days=2)).strftime("%d/%m/%Y")
    future = (utcnow() + timedelta(days=5)).strftime("%d/%m/%Y")
    starts = starts.replace("PAST", past).replace("FUTURE", future)
    ends = ends.replace("PAST", past).replace("FUTURE", future)
    response = _postpone(client, event, starts, ends)
    assert response.status_code == 422
    page = body(response)
    assert message in page
    if starts:
        assert f'value="{starts}"' in page  # what was typed is kept
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.schedule_status == "programme" and event.postponed_from is None
    assert event.starts_at == datetime(2026, 11, 14, 17)
    assert workflow.history(event) == []


def test_postponing_drops_the_dates_of_a_pending_revision(client, db):
    event = _event(client, db)
    user = f.user("autre@exemple.fr")
    proposed = revisions.proposed_values(event)
    proposed.update(title="Ciné-débat (nouvelle salle)", starts_at=datetime(2026, 11, 15, 17))
    revisions.propose(event, user, proposed)
    db.session.commit()
    day = (utcnow() + timedelta(days=3)).strftime("%d/%m/%Y")
    _postpone(client, event, f"{day} 18:00", f"{day} 19:00")
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert revisions.pending(event).changes == {"title": "Ciné-débat (nouvelle salle)"}


def test_cancel_message_is_shown_on_the_public_page_escaped(client, db):
    event = _event(client, db)
    path = f"/espace/evenements/{event.id}"
    client.post(
        path + "/annuler",
        data={
            "cancel-csrf_token": csrf_token(client, path),
            "cancel-message": "Salle inondée <script>alert(1)</script>, rendez-vous l'an prochain.",
        },
    )
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.schedule_status == "annule"
    raw = client.get(f"/evenements/{event.id}-{event.slug}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in raw
    page = _public(client, event)
    assert "Annulé : Salle inondée <script>alert(1)</script>, rendez-vous l'an prochain." in page
    assert "Événement annulé." in page
    # A cancelled event is neither full nor postponed any more.
    response = client.post(path + "/complet", data={"csrf_token": csrf_token(client, path), "full": "1"})
    assert "Seul un événement publié, ni annulé ni déjà complet" in body(client.get(response.location))


def test_submission_with_a_past_date_warns_but_submits(client, db):
    space(client)
    response = client.post(NEW, data=event_data(client, action="submit"), follow_redirects=True)
    page = body(response)
    event = only_event()
    assert event.status == "soumis"
    assert "Votre événement est soumis à la CRESS Bretagne" in page
    assert "Attention : la date de l'événement (samedi 28 novembre 2026, 14 h) est passée." in page
    assert "en dehors du Mois de l'ESS" not in page


def test_submission_outside_the_month_warns_but_submits(client, db):
    space(client)
    data = event_data(client, action="submit", starts_at="2027-01-15T14:00", ends_at="2027-01-15T16:00")
    page = body(client.post(NEW, data=data, follow_redirects=True))
    assert only_event().status == "soumis"
    warning = (
        "Attention : l'événement a lieu en dehors du Mois de l'ESS 2026 (du 1er novembre au 30 novembre "
        "2026)."
    )
    assert warning in page
    assert "est passée" not in page


def test_cress_mail_per_submission_when_the_region_chose_it(client, db):
    s = space(client)
    f.user("cress@bretagne.fr", moderates="bretagne")
    revisions.save_settings(s.organisation.region_id, False, "each")
    db.session.commit()
    client.post(NEW, data=event_data(client, action="submit"))
    event = only_event()
    mail = outbox("cress@bretagne.fr")[0]
    assert mail.subject == "Nouvel événement à valider : « Portes ouvertes de la recyclerie »"
    assert "Les Amis du Quartier" in mail.text and f"/cress/evenements/{event.id}" in mail.text
    assert {m.to for m in outbox()} == {"cress@bretagne.fr", "contact@ess-bretagne.org"}


def test_no_cress_mail_at_submission_with_the_daily_digest(client, db):
    space(client)
    f.user("cress@bretagne.fr", moderates="bretagne")
    db.session.commit()
    client.post(NEW, data=event_data(client, action="submit"))
    assert only_event().status == "soumis" and outbox() == []
