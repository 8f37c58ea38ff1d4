"""Following a search in a real browser: the "S'abonner à cette recherche" links follow htmx
updates of the results (out of band) while an address typed in the alert form is kept, and
the alert form submits."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.helpers import open_search, swaps, wait_swap


def test_follow_links_stay_current_and_the_typed_address_is_kept(page, live_server):
    open_search(page, live_server("/evenements/"))
    atom = page.locator("#follow-links a[type='application/atom+xml']")
    expect(atom).to_have_attribute("href", live_server("/evenements/flux.xml"))
    page.fill("#follow-email", "lea@exemple.fr")

    n = swaps(page)
    page.locator("#f-region").select_option("bretagne")
    wait_swap(page, n)
    expect(atom).to_have_attribute("href", re.compile(r"/evenements/flux\.xml\?region=bretagne$"))
    webcal = page.locator("#follow-links a[href^='webcal://']")
    expect(webcal).to_have_attribute(
        "href", re.compile(r"^webcal://127\.0\.0\.1:\d+/evenements/flux\.ics\?region=bretagne$")
    )
    expect(page.locator("#follow-query")).to_have_value("region=bretagne")
    expect(page.locator("#follow-email")).to_have_value("lea@exemple.fr")

    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator(".search-follow").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/svc-feeds/follow-desktop.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".search-follow").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/svc-feeds/follow-phone.png")

    page.locator(".follow-alert button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Consultez votre messagerie")
    expect(page.locator("main")).to_contain_text("Bretagne")
