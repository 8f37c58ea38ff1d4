"""Accessibility: axe-core on the main pages, keyboard access to the skip link."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

BLOCKING = {"serious", "critical"}
# Nothing is excluded, not even Leaflet's markup (controls, markers): it passes as it is.

_axe = Axe()


def _event_path(app) -> str:
    """An in-person event with coordinates (its page shows a map)."""
    from app import editions
    from app.extensions import db
    from app.models import Event

    with app.app_context():
        edition = editions.current_edition()
        event = db.session.scalars(
            select(Event)
            .where(
                Event.edition_id == edition.id,
                Event.status == "publie",
                Event.in_person.is_(True),
                Event.latitude.is_not(None),
            )
            .order_by(Event.id)
            .limit(1)
        ).one()
        path = f"/evenements/{event.id}-{event.slug}"
        db.session.remove()
        return path


def _report(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)


PAGES = {
    "home": "/",
    "theme": "/thematiques/participer-et-cooperer",
    "search-list": "/evenements/",
    "search-map": "/evenements/?vue=carte",
    "event": None,  # computed from the data
    "region": "/regions/ile-de-france",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violation(page, live_server, name):
    path = PAGES[name] or _event_path(live_server.app)
    page.goto(live_server(path))
    page.wait_for_load_state("networkidle")
    expect(page.locator("main#contenu")).to_be_visible()
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe violations on {path}:\n{_report(blocking)}"


def test_skip_link_is_first_and_moves_focus_to_content(page, live_server):
    page.goto(live_server("/evenements/"))
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Aller au contenu")
    expect(focused).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()
    assert page.url.endswith("#contenu")
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('contenu').contains(document.activeElement)")


def test_no_serious_axe_violation_in_map_popup_and_after_htmx_swap(page, live_server, requests_log):
    from tests.browser.helpers import open_search, swaps, wait_swap
    from tests.browser.test_maps import _open_a_popup

    page.goto(live_server("/regions/ile-de-france"))
    _open_a_popup(page, requests_log)  # content from our template events/_preview.html
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe violations with a popup open:\n{_report(blocking)}"

    open_search(page, live_server("/evenements/"))
    n = swaps(page)
    page.locator("#f-gratuit").check()
    wait_swap(page, n)
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe violations after an htmx swap:\n{_report(blocking)}"
