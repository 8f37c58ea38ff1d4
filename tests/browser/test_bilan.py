"""The bilan page in a real browser: axe, charts readable without JavaScript, data tables."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

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
