"""French search in a real browser: "Vouliez-vous dire … ?" and suggestions while typing."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import KNOWN_COOPERATIVE
from tests.browser.helpers import number, open_search, swaps, wait_swap

SEARCH = "/evenements/"


def test_misspelt_word_offers_the_right_spelling(page, live_server):
    open_search(page, live_server(SEARCH))
    heading = page.locator("#results-heading")
    n = swaps(page)
    page.locator("#f-q").press_sequentially("coperative", delay=20)
    wait_swap(page, n)
    expect(heading).to_contain_text(re.compile(r"^\s*0 événement"))
    notice = page.locator(".search-suggestion")
    expect(notice).to_have_text("Vouliez-vous dire «\u00a0coopérative\u00a0»\u00a0?")
    page.screenshot(path="/tmp/search-typo.png", full_page=False)

    with page.expect_navigation():
        notice.get_by_role("link", name="coopérative").click()
    expect(page).to_have_url(re.compile(r"[?&]q=coop%C3%A9rative(&|$)"))
    expect(page.locator("#f-q")).to_have_value("coopérative")
    expect(notice).to_have_count(0)
    assert number(heading.inner_text()) > 0
    expect(page.locator("#search-results .event-card").first).to_be_visible()


def test_misspelt_word_without_javascript(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server(SEARCH))
    page.locator("#f-q").fill("insertoin")
    with page.expect_navigation():
        page.locator("#f-q").press("Enter")
    expect(page.locator(".search-suggestion")).to_contain_text("insertion")
    with page.expect_navigation():
        page.locator(".search-suggestion").get_by_role("link").click()
    assert number(page.locator("#results-heading").inner_text()) > 0
    expect(page.locator("#q-suggestions")).to_be_empty()


def test_suggestions_while_typing(page, live_server):
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/evenements/suggestions" in r.url else None)
    open_search(page, live_server(SEARCH))
    box = page.locator("#q-suggestions")
    page.locator("#f-q").press_sequentially("toits parta", delay=30)
    organisers = box.get_by_role("list", name="Organisateurs")
    expect(organisers.get_by_role("link", name="Les Toits Partagés")).to_be_visible()
    expect(page.locator("#q-suggestions-status")).to_have_text(re.compile(r"^\d+ suggestions?$"))
    assert len(asked) == 1, asked  # debounced: one request for the whole word typed
    assert asked[0].endswith("/evenements/suggestions?q=toits%20parta")  # the box alone, not the form
    page.screenshot(path="/tmp/search-suggestions.png", full_page=False)

    page.locator("#f-q").fill("")
    page.locator("#f-q").press_sequentially("moulin", delay=30)
    events = box.get_by_role("list", name="Événements")
    link = events.get_by_role("link", name=KNOWN_COOPERATIVE)
    expect(link).to_be_visible()
    page.locator("#f-q").focus()
    for _ in range(20):  # the keyboard reaches the suggestions after the box
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('#q-suggestions') !== null"):
            break
    assert page.evaluate("() => document.activeElement.closest('#q-suggestions') !== null")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(KNOWN_COOPERATIVE)
