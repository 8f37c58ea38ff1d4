"""Organisers' space in a real browser: from sign-up to a published event found by the
public search, with the commune autocomplete; axe on the event form."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import confirmation_path, window_open_now
from tests.browser.helpers import PASSWORD, log_in_organiser

BLOCKING = {"serious", "critical"}


@pytest.fixture()
def open_registration(live_server, tmp_path):
    """The current edition accepts submissions during the test; e-mails go to a folder."""
    with window_open_now(live_server.app, "registration", tmp_path / "outbox"):
        yield


def _confirmation_path(app, email: str) -> str:
    return confirmation_path(app, email, "/compte/confirmer/")


def _publish(app, title: str) -> None:
    """The CRESS back-office is built elsewhere: a moderator publishes through the workflow."""
    from app.events import workflow
    from app.extensions import db
    from app.models import Event, Region, User

    with app.app_context():
        event = db.session.scalars(select(Event).where(Event.title == title)).one()
        region = db.session.scalar(select(Region).where(Region.slug == "bretagne"))
        moderator = User(
            email=f"cress-{uuid.uuid4().hex[:8]}@exemple.fr",
            name="CRESS Bretagne",
            password_hash="x",
            moderated_region_id=region.id,
            email_confirmed_at=datetime(2026, 1, 1),
        )
        db.session.add(moderator)
        db.session.flush()
        assert event.status == "soumis" and event.region_id == region.id
        workflow.apply(event, "publish", moderator)
        db.session.commit()
        db.session.remove()


def test_sign_up_to_published_event_found_by_search(page, live_server, open_registration):
    app = live_server.app
    email = f"orga-{uuid.uuid4().hex[:8]}@exemple.fr"
    title = f"Atelier vélo des jardiniers de Bréquigny {uuid.uuid4().hex[:4]}"

    page.goto(live_server("/compte/inscription"))
    page.get_by_label("Votre nom").fill("Sacha Lemoine")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator("main")).to_contain_text(email)

    page.goto(live_server(_confirmation_path(app, email)))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mon espace organisateur")).to_be_visible()

    page.get_by_role("link", name="Créer mon organisation").click()
    page.get_by_label("Nom de l'organisation").fill("Vélo Solidaire Rennais")
    page.get_by_label("Région").select_option(label="Bretagne")
    page.get_by_role("button", name="Créer l'organisation").click()
    expect(page.locator(".flashes")).to_contain_text("Vélo Solidaire Rennais")

    page.get_by_role("link", name="Inscrire un événement").click()
    day = (datetime.now(ZoneInfo("Europe/Paris")) + timedelta(days=3)).strftime("%Y-%m-%d")
    page.get_by_label("Titre", exact=True).fill(title)
    page.get_by_label("Description", exact=True).fill("Réparer son vélo ensemble, avec les bénévoles.")
    page.get_by_label("Thématique principale").select_option(label="Préserver")
    page.get_by_label("Type d'événement").select_option(label="Formation / atelier")
    page.get_by_label("Grand public").check()
    page.get_by_label("Début", exact=True).fill(f"{day}T14:00")
    page.get_by_label("Fin", exact=True).fill(f"{day}T17:00")
    page.get_by_label("Lieu", exact=True).fill("Maison de quartier")
    # The commune autocomplete: type the start of the postcode, pick Rennes.
    page.get_by_label("Commune", exact=True).press_sequentially("3500", delay=50)
    suggestion = page.locator("#commune-suggestions .suggestion", has_text="Rennes (35000)")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.get_by_label("Code postal", exact=True)).to_have_value("35000")
    expect(page.get_by_label("Commune", exact=True)).to_have_value("Rennes")
    expect(page.locator("#insee")).to_have_value("35238")
    expect(page.locator("#pick-map .leaflet-marker-icon")).to_be_visible()

    page.get_by_role("button", name="Enregistrer et soumettre à la CRESS").click()
    expect(page.locator(".flashes")).to_contain_text("Votre événement est soumis à la CRESS Bretagne")
    expect(page.locator(".status")).to_have_text("Soumis à la CRESS")

    _publish(app, title)
    page.goto(live_server("/evenements/?q=" + title.replace(" ", "+")))
    link = page.locator("#search-results .event-card__title a", has_text=title)
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".event-facts")).to_contain_text("35000 Rennes")
    assert not page.js_errors, page.js_errors


def test_no_serious_axe_violation_on_the_event_form(page, live_server, open_registration, console_errors):
    console_errors.allow(422)  # the form is submitted empty on purpose: invalid forms answer 422
    log_in_organiser(page, live_server, "axe")
    page.goto(live_server("/espace/evenements/nouveau"))
    page.wait_for_load_state("networkidle")
    # With errors shown too: submit the empty form once.
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator("#form-errors")).to_be_visible()
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:5]]}" for v in blocking
    )
