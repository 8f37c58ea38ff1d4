"""The Content-Security-Policy in a real browser: what it blocks is reported, and the
suite's listener (conftest.py) turns any violation into a failure of the test."""

from __future__ import annotations

from tests.browser.conftest import ConsoleErrors, _new_context

INJECT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__injected = 1;";
  document.body.appendChild(script);
  const style = document.createElement("style");
  style.textContent = "body { background: red; }";
  document.head.appendChild(style);
}"""


def test_inline_code_without_the_nonce_is_blocked_and_reported(browser, live_server):
    violations: list[str] = []
    context = _new_context(browser, [], violations, ConsoleErrors())
    try:
        page = context.new_page()
        response = page.goto(live_server("/"))
        assert "'nonce-" in response.headers["content-security-policy"]
        page.wait_for_function("() => window.htmx !== undefined")
        page.evaluate(INJECT)
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__injected") is None  # the script did not run
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert background != "rgb(255, 0, 0)"
    finally:
        context.close()
    assert any("script-src" in v for v in violations), violations
    assert any("style-src" in v for v in violations), violations


def test_scripts_swapped_in_by_htmx_run_with_the_page_nonce(page, live_server):
    """The map view of the search arrives as an htmx fragment with its own inline script:
    htmx re-creates it with the nonce of the page (inlineScriptNonce) and the map starts."""
    page.goto(live_server("/evenements/"))
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("a[href*='vue=carte']").first.click()
    page.locator(".leaflet-container").first.wait_for()
    assert page.locator(".folium-map.leaflet-container").count() == 1


def test_map_pages_start_their_maps_under_the_policy(page, live_server):
    """Event page, region page and the regions overview: the Folium script (in our nonced
    tag) creates the Leaflet map; the fixture fails the test on any CSP violation."""
    page.goto(live_server("/evenements/"))
    event_path = page.locator(".event-card__title a").first.get_attribute("href")
    for path in (event_path, "/regions/bretagne", "/regions/"):
        page.goto(live_server(path))
        page.locator(".folium-map.leaflet-container").first.wait_for()
        assert page.locator(".leaflet-control-zoom-in").count() == 1, path
