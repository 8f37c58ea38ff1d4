"""The API and open data pages in a real browser (axe, both sizes), the API read by a page of
another origin (CORS), and a past edition's search keeping its edition through htmx."""

from __future__ import annotations

import threading

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import VIEWPORTS, open_search, swaps, wait_swap
from tests.browser.test_accessibility import BLOCKING, _report

_axe = Axe()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["/api/", "/donnees/", "/evenements/?edition=2025"])
def test_pages_have_no_serious_axe_violation_nor_overflow(new_context, live_server, path, viewport):
    page = new_context(viewport=VIEWPORTS[viewport]).new_page()
    page.goto(live_server(path))
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe violations on {path}:\n{_report(blocking)}"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} overflows by {overflow}px at {viewport}"
    name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"
    page.screenshot(path=f"/tmp/shot-{name}-{viewport}.png", full_page=True)


def test_archive_search_keeps_its_edition_through_htmx(page, live_server):
    open_search(page, live_server("/evenements/?edition=2025"))
    expect(page.locator(".archive-banner")).to_contain_text("Édition 2025 — archives")
    before = swaps(page)
    page.locator("label[for='f-gratuit']").click()
    wait_swap(page, before)
    assert "edition=2025" in page.url and "gratuit=oui" in page.url
    expect(page.locator(".archive-banner")).to_be_visible()


def test_a_page_of_another_origin_reads_the_api(page, live_server):
    """A partner's page (another port: another origin) fetches the API with CORS."""
    from werkzeug.serving import make_server
    from werkzeug.wrappers import Response

    html = "<!doctype html><title>Partenaire</title><p>Agenda</p>"
    server = make_server(
        "127.0.0.1", 0, lambda environ, start: Response(html, mimetype="text/html")(environ, start)
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/")
        result = page.evaluate(
            """async (url) => {
                const r = await fetch(url, {headers: {"If-None-Match": "x"}});
                const body = await r.json();
                return [r.status, body.total, body.data.length, r.headers.get("X-Api-Version")];
            }""",
            live_server("/api/v1/events?per_page=3"),
        )
        assert result[0] == 200 and result[1] > 3 and result[2] == 3 and result[3] == "1"
    finally:
        server.shutdown()
        thread.join(5)
