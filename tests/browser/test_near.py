""" "Près de chez moi" in a real browser: a commune picked among the suggestions, a radius,
the sort by distance and "Autour de moi" with the browser's geolocation, at desktop and phone
sizes; without JavaScript the field is a plain form field."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import KNOWN_COOPERATIVE
from tests.browser.helpers import VIEWPORTS, count_swaps, not_reloaded, open_search, swaps, wait_swap

SEARCH = "/evenements/"
DISTANCE = re.compile(r"^à (\d+,\d|moins de 100 m)")


def _distances(page) -> list[float]:
    texts = page.locator("#search-results .event-card__distance").all_text_contents()
    assert texts and all(DISTANCE.match(t) for t in texts), texts
    return [0.0 if "moins" in t else float(t.split()[1].replace(",", ".")) for t in texts]


@pytest.mark.parametrize("size", VIEWPORTS)
def test_pick_a_commune_choose_a_radius_and_sort_by_distance(new_context, live_server, size):
    page = new_context(viewport=VIEWPORTS[size]).new_page()
    open_search(page, live_server(SEARCH))
    field = page.locator("#f-pres")
    if size == "mobile":  # the first of the filters, folded on phones
        expect(field).to_be_hidden()
        page.locator(".filters-disclosure__summary").click()
    expect(field).to_be_visible()
    field.press_sequentially("pari", delay=30)
    choice = page.locator("#pres-suggestions .place-suggestion[data-label='Paris (75001)']")
    expect(choice).to_be_visible()
    page.screenshot(path=f"/tmp/near-suggestions-{size}.png")
    n = swaps(page)
    choice.click()
    wait_swap(page, n)
    expect(field).to_have_value("Paris (75001)")
    chips = page.locator(".active-filters")
    expect(chips).to_contain_text("À 10 km de Paris (75001)")
    expect(page.locator(".filters-disclosure__summary")).to_contain_text("Filtres (1)")
    expect(page.locator("#pres-suggestions")).to_be_empty()

    n = swaps(page)
    page.select_option("#f-rayon", "25")
    wait_swap(page, n)
    expect(chips).to_contain_text("À 25 km de Paris (75001)")
    assert all(d <= 25 for d in _distances(page))

    n = swaps(page)
    page.select_option("#f-tri", "distance")
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(r"tri=distance"))
    distances = _distances(page)
    assert distances == sorted(distances) and len(distances) > 1
    expect(page.locator("#search-results .event-card", has_text=KNOWN_COOPERATIVE)).to_contain_text(
        re.compile(r"à \d,\d km")
    )
    assert not_reloaded(page)
    page.screenshot(path=f"/tmp/near-{size}.png", full_page=size == "mobile")

    # The pushed URL is a page of its own: the same search, the field filled.
    page.goto(page.url)
    expect(page.locator("#f-pres")).to_have_value("Paris (75001)")
    expect(page.locator("#f-rayon")).to_have_value("25")
    assert _distances(page) == distances


@pytest.mark.parametrize("size", VIEWPORTS)
def test_around_me_uses_the_position_the_browser_gives(new_context, live_server, size):
    context = new_context(
        viewport=VIEWPORTS[size],
        geolocation={"latitude": 48.8571, "longitude": 2.3802},
        permissions=["geolocation"],
    )
    page = context.new_page()
    open_search(page, live_server(SEARCH))
    if size == "mobile":
        page.locator(".filters-disclosure__summary").click()
    button = page.get_by_role("button", name="Autour de moi")
    expect(button).to_be_visible()
    n = swaps(page)
    button.click()
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(r"lat=48\.857&lon=2\.380"))
    expect(page.locator(".active-filters")).to_contain_text("À 10 km de votre position")
    expect(page.locator("#near-me-status")).to_have_text("Événements autour de votre position.")
    card = page.locator("#search-results .event-card", has_text=KNOWN_COOPERATIVE)
    expect(card.locator(".event-card__distance")).to_have_text("à moins de 100 m")
    page.screenshot(path=f"/tmp/near-me-{size}.png", full_page=size == "mobile")

    # Elsewhere: La Réunion, far from every event of Paris.
    context.set_geolocation({"latitude": -20.882, "longitude": 55.4504})
    n = swaps(page)
    button.click()
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(r"lat=-20\.882&lon=55\.450"))
    expect(page.locator("#search-results .event-card", has_text=KNOWN_COOPERATIVE)).to_have_count(0)


def test_a_refused_position_is_said_in_french(new_context, live_server):
    page = new_context(permissions=[]).new_page()
    open_search(page, live_server(SEARCH))
    heading = page.locator("#results-heading").inner_text()
    page.get_by_role("button", name="Autour de moi").click()
    expect(page.locator("#near-me-status")).to_have_text(
        "Vous n’avez pas autorisé la géolocalisation : indiquez une commune ou un code postal."
    )
    assert page.locator("#results-heading").inner_text() == heading


def test_without_javascript_the_place_is_a_plain_field(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server(SEARCH))
    expect(page.locator("#near-me")).to_be_hidden()
    page.fill("#f-pres", "75011")
    page.select_option("#f-rayon", "5")
    page.press("#f-pres", "Enter")
    page.wait_for_url(re.compile(r"pres=75011"))
    expect(page.locator(".active-filters")).to_contain_text("À 5 km de Paris (75011)")
    assert all(d <= 5 for d in _distances(page))
    page.screenshot(path="/tmp/near-nojs.png")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_home_page_leads_to_the_place_field(new_context, live_server, size):
    page = new_context(viewport=VIEWPORTS[size]).new_page()
    page.goto(live_server("/"))
    page.get_by_role("link", name="Près de chez moi").click()
    page.wait_for_url(re.compile(r"/evenements/#pres$"))
    count_swaps(page)
    expect(page.locator("#f-pres")).to_be_focused()
    expect(page.locator("#f-pres")).to_be_visible()  # the filters unfolded on phones
