"""Phone (390×844) and desktop (1366×900) layouts: the search shows its results first and
folds its filters behind "Filtres (n)" on a phone; the back-office tables (organiser's
space, CRESS queue, vote journal) never widen the page and keep their actions in view."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    DEMO_ACCOUNTS,
    VIEWPORTS,
    login,
    open_search,
    swaps,
    wait_swap,
)

MODERATOR = "cress-normandie@demo.lemois-ess.fr"
SUBMITTED = "Mobile : repair café à soumettre"

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture(scope="module")
def submitted_event(live_server):
    """An event waiting for the Normandy CRESS (its queue then has a row with actions)."""
    from app import editions
    from app.extensions import db
    from tests import factories as f

    with live_server.app.app_context():
        ed = editions.current_edition()
        org = f.organisation("Atelier Vélo de Caen", region_slug="normandie")
        f.event(
            ed,
            SUBMITTED,
            org=org,
            status="soumis",
            region_slug="normandie",
            departement="14",
            commune="Caen",
            postcode="14000",
            starts=datetime(2026, 11, 18, 17),
            lat=49.18,
            lon=-0.37,
            contact_email="velo@exemple.fr",
            submitted_at=datetime(2026, 10, 2),
        )
        db.session.commit()
        db.session.remove()
    return SUBMITTED


def _in_view_horizontally(page, locator) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], box
    locator.click(trial=True)  # actionable: visible, enabled, not covered


@pytest.mark.parametrize("size", VIEWPORTS)
def test_organiser_space_fits_and_shows_row_actions(page, live_server, size):
    page.set_viewport_size(VIEWPORTS[size])
    login(page, live_server("/compte/connexion"), DEMO_ACCOUNTS["organiser"])
    page.goto(live_server("/espace/"))
    assert page.evaluate(OVERFLOW) <= 0
    _in_view_horizontally(page, page.locator(".espace-row-actions a").first)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_cress_queue_fits_and_shows_decisions(page, live_server, submitted_event, size):
    page.set_viewport_size(VIEWPORTS[size])
    login(page, live_server("/compte/connexion"), MODERATOR)
    page.goto(live_server("/cress/"))
    assert page.evaluate(OVERFLOW) <= 0
    row = page.locator("tr", has_text=submitted_event)
    _in_view_horizontally(page, row.get_by_role("button", name="Publier"))
    _in_view_horizontally(page, row.locator("summary", has_text="Refuser"))
    _in_view_horizontally(page, row.get_by_role("checkbox"))


@pytest.mark.parametrize("size", VIEWPORTS)
def test_vote_journal_and_admin_pages_fit(page, live_server, size):
    page.set_viewport_size(VIEWPORTS[size])
    login(page, live_server("/compte/connexion"), DEMO_ACCOUNTS["admin"])
    for path in ("/prix/vote/admin", "/admin/", "/espace/"):
        page.goto(live_server(path))
        assert page.evaluate(OVERFLOW) <= 0, path


@pytest.mark.parametrize("path", ["/", "/evenements/", "/thematiques/", "/prix/", "/bilan/"])
def test_public_pages_fit_a_phone(page, live_server, path):
    page.set_viewport_size(VIEWPORTS["mobile"])
    page.goto(live_server(path))
    assert page.evaluate(OVERFLOW) <= 0, path


def test_phone_search_shows_the_first_result_above_the_fold(page, live_server):
    page.set_viewport_size(VIEWPORTS["mobile"])
    open_search(page, live_server("/evenements/"))
    disclosure = page.locator("#filters-disclosure")
    expect(disclosure).not_to_have_attribute("open", "")
    expect(page.locator("#f-region")).to_be_hidden()
    title = page.locator(".event-card__title a").first
    box = title.bounding_box()
    assert box["y"] + box["height"] <= VIEWPORTS["mobile"]["height"], box
    expect(page.locator(".filters-disclosure__summary")).to_contain_text("Filtres (0)")


def test_phone_filters_count_updates_and_stay_open_across_swaps(page, live_server):
    page.set_viewport_size(VIEWPORTS["mobile"])
    open_search(page, live_server("/evenements/"))
    summary = page.locator(".filters-disclosure__summary")
    summary.click()
    expect(page.locator("#f-region")).to_be_visible()
    n = swaps(page)
    page.locator("[id^='f-theme-']").first.check()
    wait_swap(page, n)
    expect(summary).to_contain_text("Filtres (1)")
    expect(page.locator("#filter-count .visually-hidden")).to_have_text("1 filtre actif")
    n = swaps(page)
    page.locator("#f-region").select_option(index=1)
    wait_swap(page, n)
    expect(summary).to_contain_text("Filtres (2)")
    expect(page.locator("#filters-disclosure")).to_have_attribute("open", "")
    expect(page.locator("#f-region")).to_be_visible()


def test_desktop_search_keeps_filters_visible(page, live_server):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(live_server("/evenements/?theme=travailler"))
    expect(page.locator(".filters-disclosure__summary")).to_be_hidden()
    expect(page.locator("#f-region")).to_be_visible()
    expect(page.locator("#f-theme-travailler")).to_be_checked()


def test_phone_filters_work_without_javascript(new_context, live_server):
    page = new_context(java_script_enabled=False, viewport=VIEWPORTS["mobile"]).new_page()
    page.goto(live_server("/evenements/"))
    summary = page.locator(".filters-disclosure__summary")
    expect(summary).to_contain_text("Filtres (0)")
    summary.click()
    page.locator("[id^='f-theme-']").first.check()
    page.locator("#f-region").select_option(index=1)
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()
    assert "theme=" in page.url and "region=" in page.url
    expect(page.locator(".filters-disclosure__summary")).to_contain_text("Filtres (2)")
    # Results first again: the filters are folded after the new page loads.
    expect(page.locator("#f-region")).to_be_hidden()
    expect(page.locator(".event-card").first).to_be_visible()


def test_region_pages_fit_a_phone_with_their_longest_count(page, live_server):
    """Every region page, including one whose départements say "… au programme, plus 1 annulé"
    (the longest count phrase), fits 390 px."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Event, Region

    with live_server.app.app_context():
        slugs = db.session.scalars(select(Region.slug).order_by(Region.slug)).all()
        with_cancelled = db.session.scalar(
            select(Region.slug)
            .join(Event, Event.region_id == Region.id)
            .where(Event.status == "publie", Event.schedule_status == "annule")
        )
        db.session.remove()
    assert with_cancelled, "the demo data has a cancelled published event"
    page.set_viewport_size(VIEWPORTS["mobile"])
    page.goto(live_server(f"/regions/{with_cancelled}"))
    expect(page.locator(".departement-section .facet-count", has_text="annulé").first).to_be_visible()
    for slug in ["", *slugs]:
        page.goto(live_server(f"/regions/{slug}"))
        assert page.evaluate(OVERFLOW) <= 0, slug


def test_phone_cress_queue_shows_the_first_event_above_the_fold(page, live_server, submitted_event):
    page.set_viewport_size(VIEWPORTS["mobile"])
    login(page, live_server("/compte/connexion"), MODERATOR)
    page.goto(live_server("/cress/"))
    expect(page.locator("#filters-disclosure")).not_to_have_attribute("open", "")
    expect(page.locator("#f-statut")).to_be_hidden()
    expect(page.locator(".filters-disclosure__summary")).to_contain_text("Filtres (0)")
    title = page.locator(".queue-table tbody tr").first.get_by_role("link", name=submitted_event)
    box = title.bounding_box()
    assert box["y"] + box["height"] <= VIEWPORTS["mobile"]["height"], box
    assert page.evaluate(OVERFLOW) <= 0


def test_phone_cress_filters_count_and_stay_open_across_swaps(page, live_server, submitted_event):
    page.set_viewport_size(VIEWPORTS["mobile"])
    login(page, live_server("/compte/connexion"), MODERATOR)
    page.goto(live_server("/cress/"))
    page.wait_for_function("() => window.htmx !== undefined")
    summary = page.locator(".filters-disclosure__summary")
    summary.click()
    expect(page.locator("#f-statut")).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 0
    page.locator("#f-statut").select_option("tous")
    expect(summary).to_contain_text("Filtres (1)")
    expect(page.locator("#filter-count .visually-hidden")).to_have_text("1 filtre actif")
    page.locator("#f-theme").select_option(index=1)
    expect(summary).to_contain_text("Filtres (2)")
    expect(page).to_have_url(re.compile(r"statut=tous.*theme=\w"))
    # sorting is not a filter
    page.locator("#f-sens").select_option("desc")
    expect(page).to_have_url(re.compile("sens=desc"))
    expect(summary).to_contain_text("Filtres (2)")
    expect(page.locator("#filters-disclosure")).to_have_attribute("open", "")


def test_phone_cress_filters_work_without_javascript(new_context, live_server, submitted_event):
    page = new_context(java_script_enabled=False, viewport=VIEWPORTS["mobile"]).new_page()
    login(page, live_server("/compte/connexion"), MODERATOR)
    page.goto(live_server("/cress/"))
    summary = page.locator(".filters-disclosure__summary")
    summary.click()
    page.locator("#f-statut").select_option("tous")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()
    assert "statut=tous" in page.url
    expect(summary).to_contain_text("Filtres (1)")
    expect(page.locator("#f-statut")).to_be_hidden()
    expect(page.locator(".queue-table tbody tr").first).to_be_visible()


def test_desktop_cress_queue_keeps_filters_visible(page, live_server):
    page.set_viewport_size(VIEWPORTS["desktop"])
    login(page, live_server("/compte/connexion"), MODERATOR)
    page.goto(live_server("/cress/?statut=tous"))
    expect(page.locator(".filters-disclosure__summary")).to_be_hidden()
    expect(page.locator("#f-statut")).to_be_visible()
    expect(page.locator("#f-statut")).to_have_value("tous")
