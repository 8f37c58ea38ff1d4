"""A CRESS sees the changes an organiser proposes to a published event, field by field, and
approves them: the new content goes online. At desktop and phone size (screenshots in /tmp)."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_ACCOUNTS, VIEWPORTS, login

OLD_DESCRIPTION = "Un marché de producteurs locaux sur la place de la mairie, avec une buvette associative."
NEW_DESCRIPTION = (
    "Un marché de producteurs locaux dans la salle des fêtes, avec une buvette associative et un atelier."
)


def _pending_revision(live_server) -> tuple[int, str, str]:
    """A published event of Bretagne and an organiser's pending edit of it: (id, old and new titles)."""
    from app import editions
    from app.events import revisions
    from app.extensions import db
    from tests import factories as f

    tag = uuid.uuid4().hex[:6]
    old, new = f"Marché paysan {tag}", f"Grand marché paysan {tag}"
    with live_server.app.app_context():
        org = f.organisation(f"Ferme collective {tag}", region_slug="bretagne")
        author = f.user(f"orga-{tag}@exemple.fr", organisations=(org,))
        event = f.event(
            editions.current_edition(),
            old,
            org=org,
            region_slug="bretagne",
            starts=datetime(2026, 11, 21, 8),
            description=OLD_DESCRIPTION,
        )
        proposed = revisions.proposed_values(event)
        proposed.update(title=new, description=NEW_DESCRIPTION, starts_at=datetime(2026, 11, 21, 9))
        revisions.propose(event, author, proposed)
        db.session.commit()
        event_id = event.id
        db.session.remove()
    return event_id, old, new


@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_cress_sees_the_diff_and_approves(page, live_server, size):
    event_id, old, new = _pending_revision(live_server)
    page.set_viewport_size(VIEWPORTS[size])
    login(page, live_server("/compte/connexion"), DEMO_ACCOUNTS["cress"])

    page.goto(live_server("/cress/"))
    expect(page.locator("#revisions-waiting")).to_contain_text("attend")
    page.locator("#revisions-waiting a").click()
    section = page.locator("section.revision").filter(has_text=new)
    expect(section).to_have_count(1)
    rows = section.locator("tbody tr")
    expect(rows.locator("th")).to_have_text(["Titre", "Description", "Début"])
    title_row = rows.nth(0)
    expect(title_row.locator("td").nth(0)).to_have_text(old)
    expect(title_row.locator("td").nth(1)).to_have_text(new)
    description = rows.nth(1)
    expect(description.locator("del")).to_have_text(["sur", "place de la mairie"])
    expect(description.locator("ins")).to_have_text(["dans", "salle des fêtes", "et un atelier"])
    expect(rows.nth(2).locator("td").nth(0)).to_have_text("samedi 21 novembre 2026, 9 h")
    expect(rows.nth(2).locator("td").nth(1)).to_have_text("samedi 21 novembre 2026, 10 h")
    # Nothing spills sideways on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    section.scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/revisions-{size}.png", full_page=True)

    # Still the published version online until the decision.
    public = live_server(f"/evenements/{event_id}")
    page.goto(public)
    expect(page.get_by_role("heading", level=1)).to_have_text(old)

    page.goto(live_server("/cress/modifications"))
    section = page.locator("section.revision").filter(has_text=new)
    section.get_by_role("button", name="Valider et publier").click()
    expect(page.locator(".flashes")).to_contain_text(f"La modification de « {new} » est publiée.")
    expect(page.locator("section.revision").filter(has_text=new)).to_have_count(0)
    page.goto(public)
    expect(page.get_by_role("heading", level=1)).to_have_text(new)
    expect(page.locator(".event-detail__main")).to_contain_text("salle des fêtes")


@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_cress_settings_page(page, live_server, size):
    page.set_viewport_size(VIEWPORTS[size])
    login(page, live_server("/compte/connexion"), DEMO_ACCOUNTS["cress"])
    page.goto(live_server("/cress/reglages"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Réglages de la CRESS Bretagne")
    expect(page.get_by_label("Publier sans validation les changements mineurs")).not_to_be_checked()
    expect(page.get_by_label("Un récapitulatif par jour", exact=False)).to_be_checked()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=f"/tmp/settings-{size}.png", full_page=True)


@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_organiser_marks_the_event_full(page, live_server, size):
    from app import editions
    from app.extensions import db
    from app.models import Organisation
    from tests import factories as f
    from tests.browser.helpers import log_in_organiser

    page.set_viewport_size(VIEWPORTS[size])
    email = log_in_organiser(page, live_server, f"complet{size}")
    with live_server.app.app_context():
        from sqlalchemy import select

        org = db.session.scalar(select(Organisation).where(Organisation.name == f"Complet{size} Coop"))
        event = f.event(editions.current_edition(), f"Repair café {size}", org=org, region_slug="bretagne")
        db.session.commit()
        event_id, slug = event.id, event.slug
        db.session.remove()
    assert email
    page.goto(live_server(f"/espace/evenements/{event_id}"))
    expect(page.get_by_role("heading", name="Reporter l'événement")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=f"/tmp/organiser-event-{size}.png", full_page=True)
    page.get_by_role("button", name="Marquer complet").click()
    expect(page.locator(".flashes")).to_contain_text("L'événement est marqué « Complet » sur le site.")
    page.goto(live_server(f"/evenements/{event_id}-{slug}"))
    expect(page.locator(".status-banner .badge--full")).to_have_text("Complet")
