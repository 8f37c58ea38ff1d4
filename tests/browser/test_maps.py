"""Leaflet maps served from static/: markers, clusters, local background, on-demand popups;
every map page at 1366×900 and 390×844 without a console error; French map text; mainland
France with the overseas regions one click away; the map view without JavaScript."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.common.numbers import number_fr
from tests.browser.conftest import foreign, window_open_now
from tests.browser.helpers import log_in_organiser, not_reloaded, open_search, swaps, wait_swap

MARKERS = ".leaflet-marker-pane .leaflet-marker-icon"
SINGLE = ".leaflet-marker-pane .leaflet-marker-icon:not(.marker-cluster)"
CLUSTERS = ".leaflet-marker-pane .marker-cluster"
POPUP = re.compile(r"/evenements/(\d+)/apercu$")
BACKGROUND = ".leaflet-overlay-pane svg path"
SIZES = {"desktop": {"width": 1366, "height": 900}, "mobile": {"width": 390, "height": 844}}
# Screenshots for review when MAPS_SHOTS names a folder (e.g. MAPS_SHOTS=/tmp/maps-shots).
SHOTS = os.environ.get("MAPS_SHOTS")
# Places the mainland view must show, and overseas places it must not stretch to.
MAINLAND_PLACES = {
    "Brest": (48.39, -4.49),
    "Strasbourg": (48.58, 7.75),
    "Lille": (50.63, 3.06),
    "Ajaccio": (41.93, 8.74),
}
OVERSEAS_PLACES = {"La Réunion": (-21.1, 55.5), "Guyane": (4.9, -52.3), "Guadeloupe": (16.2, -61.5)}


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
    """Click clusters (they zoom in or spiderfy) until a single marker shows, then click it;
    the marker is named by its event's title, the title of the popup's event."""
    title = ""
    for _ in range(8):
        single = page.locator(SINGLE)
        if single.count():
            title = single.first.get_attribute("title")
            # By keyboard (a marker may sit under a control): Enter opens its popup.
            single.first.focus()
            page.keyboard.press("Enter")
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
    assert title and title != "Marker"
    expect(content).to_contain_text(title.rstrip("…"))
    # Leaflet fades popups in: wait for full opacity so that colour checks see final colours.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")


def test_region_map_markers_background_and_popup(page, live_server, requests_log):
    slug = _largest_region(live_server.app)
    page.goto(live_server(f"/regions/{slug}"))
    map_ = page.locator(".leaflet-container").first
    expect(map_).to_be_visible()
    expect(page.locator(MARKERS).first).to_be_visible()
    assert page.locator(MARKERS).count() > 0
    # The background (départements and regions from static/geo) is drawn as SVG paths.
    expect(map_.locator(".leaflet-overlay-pane svg path").first).to_be_attached()
    expect(map_.locator(".leaflet-overlay-pane svg path")).to_have_count(101 + 18)
    assert any("/static/geo/fond-departements.geojson" in u for u in requests_log)
    # The region's départements stand out: the others are shaded.
    departements = map_.locator(".leaflet-overlay-pane svg path[fill='#f4f1ea']")
    assert 1 < departements.count() <= 13, departements.count()
    assert map_.locator(".leaflet-overlay-pane svg path[fill='#e2ded5']").count() > 80

    _open_a_popup(page, requests_log)
    # With the mouse too (the click reaches Leaflet through the map container).
    page.locator(".leaflet-popup-close-button").click()
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    page.locator(SINGLE).last.dispatch_event("click")
    expect(page.locator(".leaflet-popup-content a[href*='/evenements/']")).to_be_visible()
    assert not foreign(requests_log), foreign(requests_log)
    assert any("/static/vendor/leaflet-1.9.4/leaflet.js" in u for u in requests_log)
    assert not page.js_errors, page.js_errors


def test_search_map_view_and_switching_views_with_htmx(page, live_server, requests_log):
    page.goto(live_server("/evenements/?vue=carte"))
    expect(page.locator(MARKERS).first).to_be_visible()
    assert page.locator(MARKERS).count() > 0
    expect(page.locator(".view-switch a[aria-current='page']")).to_have_text("Carte")
    _open_a_popup(page, requests_log)

    # The list loads no Leaflet file (nothing that blocks its rendering)…
    requests_log.clear()
    open_search(page, live_server("/evenements/"))
    expect(page.locator("#search-results .event-card").first).to_be_visible()
    assert page.locator(".leaflet-container").count() == 0
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests_log if "leaflet" in u or "maps.js" in u], requests_log

    n = swaps(page)
    page.locator(".view-switch").get_by_role("link", name="Carte").click()
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(r"[?&]vue=carte(&|$)"))
    # … and the map swapped in by htmx loads it and draws its markers and background.
    expect(page.locator(MARKERS).first).to_be_visible()
    expect(page.locator(".leaflet-overlay-pane svg path")).to_have_count(101 + 18)
    assert any("/static/vendor/leaflet-1.9.4/leaflet.js" in u for u in requests_log)
    expect(page.locator("#search-results .event-card").first).to_be_hidden()  # the no-JS list
    expect(page.locator(".map-noscript")).to_be_hidden()
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


def _event_path(app) -> str:
    """An in-person event with coordinates (the one added on top of the demo data)."""
    from app.extensions import db
    from app.models import Event
    from tests.browser.conftest import KNOWN_COOPERATIVE

    with app.app_context():
        event = db.session.scalars(select(Event).where(Event.title == KNOWN_COOPERATIVE)).one()
        path = f"/evenements/{event.id}-{event.slug}"
        db.session.remove()
    return path


def _map_drawn(page, markers: bool = True) -> None:
    map_ = page.locator(".leaflet-container").first
    expect(map_).to_be_visible()
    # Background: 101 départements + 18 regions as SVG paths, and town names.
    expect(map_.locator(BACKGROUND)).to_have_count(101 + 18)
    expect(map_.locator(".map-town").first).to_be_attached()
    if markers:
        expect(map_.locator(".leaflet-marker-pane .leaflet-marker-icon").first).to_be_visible()
    # French controls, no English, no "Marker".
    expect(map_.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Zoomer")
    expect(map_.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "Zoomer")
    expect(map_.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "Dézoomer")
    expect(map_.locator(".leaflet-control-zoom-out")).to_have_attribute("aria-label", "Dézoomer")
    attribution = map_.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text("Fond : Natural Earth, INSEE")
    assert "JavaScript library" not in attribution.inner_html()
    assert map_.locator("[alt='Marker'], [title='Marker']").count() == 0


def _map_pages(app) -> dict[str, str]:
    return {
        "recherche-carte": "/evenements/?vue=carte",
        "evenement": _event_path(app),
        "regions": "/regions/",
        "region": f"/regions/{_largest_region(app)}",
    }


@pytest.mark.parametrize("size", SIZES)
def test_every_map_page_draws_a_map_without_any_console_error(
    page, live_server, size, tmp_path, console_errors
):
    page.set_viewport_size(SIZES[size])
    for name, path in _map_pages(live_server.app).items():
        page.goto(live_server(path))
        _map_drawn(page)
        if SHOTS:
            page.wait_for_timeout(300)  # town names placed after the last move
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.locator(".map-container").first.screenshot(path=f"{SHOTS}/{name}-{size}.png")
    with window_open_now(live_server.app, "registration", tmp_path / "outbox"):
        log_in_organiser(page, live_server, "carte")
        page.goto(live_server("/espace/evenements/nouveau"))
        expect(page.locator("#pick-map")).to_be_visible()
        _map_drawn(page, markers=False)
        page.locator("#pick-map").click()
        expect(page.locator("#pick-map .leaflet-marker-icon")).to_have_attribute("alt", "Lieu de l'événement")
    assert not console_errors.unexpected(), console_errors.unexpected()
    assert not page.js_errors, page.js_errors


def _bounds(page) -> dict:
    return page.evaluate(
        "() => { const b = MoisEssMap.maps[0].getBounds();"
        " return {s: b.getSouth(), w: b.getWest(), n: b.getNorth(), e: b.getEast()}; }"
    )


def _inside(bounds: dict, lat: float, lon: float) -> bool:
    return bounds["s"] <= lat <= bounds["n"] and bounds["w"] <= lon <= bounds["e"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["/evenements/?vue=carte", "/regions/"])
def test_national_maps_show_mainland_france_and_the_overseas_regions_one_click_away(
    page, live_server, size, path
):
    page.set_viewport_size(SIZES[size])
    page.goto(live_server(path))
    _map_drawn(page)
    bounds = _bounds(page)
    for place, (lat, lon) in MAINLAND_PLACES.items():
        assert _inside(bounds, lat, lon), (place, bounds)
    for place, (lat, lon) in OVERSEAS_PLACES.items():
        assert not _inside(bounds, lat, lon), (place, bounds)
    # Mainland France fills the map (not a speck): Brest–Strasbourg or Lille–Ajaccio span
    # at least 60 % of its width or height.
    share = page.evaluate(
        """(places) => {
          const map = MoisEssMap.maps[0], size = map.getSize();
          const p = Object.fromEntries(
            Object.entries(places).map(([k, v]) => [k, map.latLngToContainerPoint(v)]));
          return Math.max((p.Strasbourg.x - p.Brest.x) / size.x, (p.Ajaccio.y - p.Lille.y) / size.y);
        }""",
        MAINLAND_PLACES,
    )
    assert share >= 0.6, share

    views = page.get_by_role("group", name="Vues de la carte")
    views.get_by_role("button", name=re.compile("^La Réunion")).click()
    bounds = _bounds(page)
    assert _inside(bounds, -21.1, 55.5) and not _inside(bounds, 48.85, 2.35), bounds
    expect(page.locator(MARKERS).first).to_be_visible()  # Réunion's events (or its count)
    views.get_by_role("button", name="Métropole").click()
    assert _inside(_bounds(page), *MAINLAND_PLACES["Brest"])
    assert not page.js_errors, page.js_errors


def test_region_counts_are_links_with_the_region_name(page, live_server):
    page.goto(live_server("/regions/"))
    _map_drawn(page)
    link = page.locator(".map-count").filter(has_text="Bretagne")
    expect(link).to_have_count(1)
    expect(link).to_have_accessible_name(re.compile(r"^Bretagne : \d[\d\u202f]* événements? au programme"))
    link.click()
    expect(page).to_have_url(re.compile(r"/regions/bretagne$"))
    assert not page.js_errors, page.js_errors


def test_cluster_bubbles_show_their_whole_count_and_name_it(page, live_server):
    page.goto(live_server("/evenements/?vue=carte"))
    _map_drawn(page)
    clusters = page.locator(CLUSTERS)
    expect(clusters.first).to_be_visible()
    # Screen readers hear "N événements…" (the cluster icon is a button).
    expect(clusters.first).to_have_accessible_name(re.compile(r"^\d[\d\u202f]* événements, zoomer"))
    # A 4-digit count ("1 435") and a 5-digit one fit their bubble whole.
    for n, text in ((1435, "1\u202f435"), (20000, "20\u202f000")):
        shown = page.evaluate(
            """(n) => {
              const el = MoisEssMap.clusterIcon({ getChildCount: () => n }).createIcon();
              el.style.position = "absolute";
              document.querySelector(".leaflet-marker-pane").appendChild(el);
              const disc = el.querySelector("div"), digits = disc.querySelector("span");
              const d = disc.getBoundingClientRect(), t = digits.getBoundingClientRect();
              const out = { text: digits.textContent, fits: t.left >= d.left && t.right <= d.right,
                            clipped: digits.scrollWidth > digits.clientWidth };
              el.remove();
              return out;
            }""",
            n,
        )
        assert shown == {"text": text, "fits": True, "clipped": False}, (n, shown)
    # maps.js formats with the browser's Intl.NumberFormat: the same as Babel's French.
    for n in (2, 999, 1435, 20000, 1234567):
        name = page.evaluate(
            "(n) => MoisEssMap.clusterIcon({ getChildCount: () => n }).createIcon().textContent", n
        )
        assert name == f"{number_fr(n)}{number_fr(n)} événements, zoomer pour les voir", name
    assert not page.js_errors, page.js_errors


def test_without_javascript_the_map_view_lists_the_events_with_a_french_notice(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server("/evenements/?vue=carte"))
    expect(page.locator(".map-noscript")).to_have_text(
        "La carte nécessite JavaScript : voici les événements sous forme de liste."
    )
    expect(page.locator("#search-results .event-card").first).to_be_visible()
    assert page.locator("#search-results .event-card").count() == 20
    expect(page.locator(".map-container")).to_be_hidden()  # no empty grey box
    page.goto(live_server("/regions/"))
    expect(page.locator(".map-noscript")).to_have_text("La carte interactive nécessite JavaScript.")
    expect(page.locator(".map-container")).to_be_hidden()
