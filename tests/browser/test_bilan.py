"""The bilan page in a real browser: axe, charts readable without JavaScript, data tables."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import VIEWPORTS
from tests.browser.test_accessibility import BLOCKING, _report

_axe = Axe()


@pytest.mark.parametrize("path", ["/bilan/2026/", "/bilan/2026/regions/bretagne/"])
def test_bilan_page_has_no_serious_axe_violation(page, live_server, path):
    page.goto(live_server(path))
    expect(page.locator("h1")).to_contain_text("Bilan du Mois de l'ESS 2026")
    # open every data table so that axe checks them too
    for summary in page.locator("details.bilan-data > summary").all():
        summary.click()
    expect(page.locator("#donnees-thematiques")).to_be_visible()
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe violations on {path}:\n{_report(blocking)}"


def test_charts_have_accessible_names_without_javascript(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server("/bilan/2026/"))
    chart = page.get_by_role("img", name="Manifestations par thématique")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    assert chart.get_attribute("aria-labelledby") == (
        "graphique-thematiques-title graphique-thematiques-desc"
    )
    description = page.locator("#graphique-thematiques-desc").text_content()
    assert description.startswith("Travailler : ")
    # the data table is there, behind its disclosure, and opens without JavaScript
    details = page.locator("details.bilan-data").first
    details.locator("summary").click()
    expect(details.locator("table")).to_be_visible()
    growth = page.get_by_role("img", name="Progression d'une édition à l'autre")
    expect(growth).to_be_visible()


# Rendered height of the chart texts' glyph boxes is about 1.15 × their font size.
_TEXT_SIZES = """svg => [...svg.querySelectorAll('text')].map(t => {
  const size = parseFloat(t.getAttribute('font-size') || svg.getAttribute('font-size'));
  return size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
})"""
_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_phone_charts_keep_readable_text_and_scroll_in_their_region(page, live_server):
    page.set_viewport_size(VIEWPORTS["mobile"])
    page.goto(live_server("/bilan/2026/"))
    charts = page.locator(".bilan-chart svg")
    assert charts.count() >= 4
    for svg in charts.all():
        sizes = svg.evaluate(_TEXT_SIZES)
        assert sizes and min(sizes) >= 11, (svg.get_attribute("id"), min(sizes))
    text = page.locator("#graphique-thematiques text").first
    assert text.bounding_box()["height"] >= 11
    assert page.evaluate(_OVERFLOW) <= 0
    # the chart wider than the screen scrolls inside a named, focusable region
    region = page.get_by_role("region", name="Graphique « Manifestations par thématique »", exact=False)
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")


def test_desktop_charts_are_unchanged(page, live_server):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(live_server("/bilan/2026/"))
    for svg in page.locator(".bilan-chart svg").all():
        box = svg.bounding_box()
        parent = svg.locator("xpath=..").bounding_box()
        assert box["width"] == parent["width"] and box["width"] >= 700, box
        assert min(svg.evaluate(_TEXT_SIZES)) >= 11
    assert page.evaluate(_OVERFLOW) <= 0
