"""Leaflet maps served from static/: markers, clusters, local background, on-demand popups."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.conftest import foreign
from tests.browser.helpers import not_reloaded, open_search, swaps, wait_swap

MARKERS = ".leaflet-marker-pane .leaflet-marker-icon"
SINGLE = ".leaflet-marker-pane .leaflet-marker-icon:not(.marker-cluster)"
CLUSTERS = ".leaflet-marker-pane .marker-cluster"
POPUP = re.compile(r"/evenements/(\d+)/apercu$")


def _largest_region(app) -> str:
    from app import editions
    from app.extensions import db
    from app.models import Event, Region

    with app.app_context():
        edition = editions.current_edition()
        slug = db.session.execute(
            select(Region.slug)
            .join(Event, Event.region_id == Region.id)
            .where(Event.edition_id == edition.id, Event.status == "publie", Event.latitude.is_not(None))
            .group_by(Region.slug)
            .order_by(func.count(Event.id).desc())
            .limit(1)
        ).scalar_one()
        db.session.remove()
        return slug


def _open_a_popup(page, requests_log) -> None:
    """Click clusters (they zoom in or spiderfy) until a single marker shows, then click it."""
    for _ in range(8):
        single = page.locator(SINGLE)
        if single.count():
            single.first.click()
            break
        page.locator(CLUSTERS).first.click()
        page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")
        page.wait_for_timeout(350)  # cluster zoom / spiderfy animation
    content = page.locator(".leaflet-popup-content")
    expect(content.locator("a[href*='/evenements/']")).to_be_visible()
    expect(content).not_to_contain_text("Chargement")
    loaded = [u for u in requests_log if POPUP.search(u)]
    assert loaded, "the popup content did not come from /evenements/<id>/apercu"
    event_id = POPUP.search(loaded[-1]).group(1)
    href = content.locator("a[href*='/evenements/']").first.get_attribute("href")
    assert href.startswith(f"/evenements/{event_id}-"), (href, event_id)
    # Leaflet fades popups in: wait for full opacity so that colour checks see final colours.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")


def test_region_map_markers_background_and_popup(page, live_server, requests_log):
    slug = _largest_region(live_server.app)
    page.goto(live_server(f"/regions/{slug}"))
    map_ = page.locator(".leaflet-container").first
    expect(map_).to_be_visible()
    expect(page.locator(MARKERS).first).to_be_visible()
    assert page.locator(MARKERS).count() > 0
    # The background (regions GeoJSON from static/geo) is drawn as SVG paths.
    expect(map_.locator(".leaflet-overlay-pane svg path").first).to_be_attached()
    assert map_.locator(".leaflet-overlay-pane svg path").count() > 5
    assert any("/static/geo/regions.geojson" in u for u in requests_log)

    _open_a_popup(page, requests_log)
    assert not foreign(requests_log), foreign(requests_log)
    assert any("/static/vendor/leaflet-1.9.4/leaflet.js" in u for u in requests_log)
    assert not page.js_errors, page.js_errors


def test_search_map_view_and_switching_views_with_htmx(page, live_server, requests_log):
    page.goto(live_server("/evenements/?vue=carte"))
    expect(page.locator(MARKERS).first).to_be_visible()
    assert page.locator(MARKERS).count() > 0
    expect(page.locator(".view-switch a[aria-current='page']")).to_have_text("Carte")
    _open_a_popup(page, requests_log)

    open_search(page, live_server("/evenements/"))
    expect(page.locator("#search-results .event-card").first).to_be_visible()
    assert page.locator(".leaflet-container").count() == 0

    n = swaps(page)
    page.locator(".view-switch").get_by_role("link", name="Carte").click()
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(r"[?&]vue=carte(&|$)"))
    expect(page.locator(MARKERS).first).to_be_visible()
    assert page.locator("#search-results .event-card").count() == 0
    assert not_reloaded(page), "switching to the map reloaded the page"

    n = swaps(page)
    page.locator(".view-switch").get_by_role("link", name="Liste").click()
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(r"[?&]vue=liste(&|$)"))
    expect(page.locator("#search-results .event-card").first).to_be_visible()
    assert page.locator(".leaflet-container").count() == 0
    assert not_reloaded(page), "switching back to the list reloaded the page"
    assert not foreign(requests_log), foreign(requests_log)
    assert not page.js_errors, page.js_errors
