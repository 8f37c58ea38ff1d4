"""A first-time visitor's journey, on a phone and on a desktop: home → the search →
the filters → a theme and a region → the results → an event. The fixtures fail the test
on any console error, failed load or Content-Security-Policy violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import VIEWPORTS, count_swaps, number, swaps, wait_swap


@pytest.mark.parametrize("size", VIEWPORTS)
def test_visitor_finds_an_event_by_theme_and_region(page, live_server, size):
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(live_server("/"))
    page.locator(".main-nav").get_by_role("link", name="Événements").click()
    expect(page).to_have_url(re.compile(r"/evenements/$"))
    count_swaps(page)
    total = number(page.locator("#results-heading").inner_text())

    summary = page.locator(".filters-disclosure__summary")
    if size == "mobile":
        expect(page.locator("#f-region")).to_be_hidden()
        summary.click()
    else:
        expect(summary).to_be_hidden()
    theme = page.locator("#f-theme-travailler")
    expect(theme).to_be_visible()
    n = swaps(page)
    theme.check()
    wait_swap(page, n)
    n = swaps(page)
    page.locator("#f-region").select_option("ile-de-france")
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(r"theme=travailler"))
    expect(page).to_have_url(re.compile(r"region=ile-de-france"))
    if size == "mobile":
        expect(summary).to_contain_text("Filtres (2)")

    found = number(page.locator("#results-heading").inner_text())
    assert 0 < found < total
    first = page.locator(".event-card__title a").first
    first.scroll_into_view_if_needed()
    title = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/evenements/\d+-"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("Île-de-France").first).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
