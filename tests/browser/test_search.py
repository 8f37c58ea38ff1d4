"""Event search in a real browser: htmx filters, history, no-JavaScript fallback, full text."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.helpers import card_ids, listed, not_reloaded, number, open_search, swaps, wait_swap

SEARCH = "/evenements/"


def _biggest_theme(page) -> tuple[str, int]:
    """The theme checkbox with the largest facet count: (slug, count)."""
    counts = page.locator("[id^='facet-theme-']").evaluate_all(
        "els => els.map(e => [e.id.replace('facet-theme-', ''), e.textContent])"
    )
    slug, text = max(counts, key=lambda c: number(c[1]))
    return slug, number(text)


def _region_options(page) -> dict[str, int]:
    """Region select options: value -> count in their label ("Bretagne (12)")."""
    rows = page.locator("#f-region option").evaluate_all("opts => opts.map(o => [o.value, o.textContent])")
    return {value: number(text.rsplit("(", 1)[1]) for value, text in rows if value}


def _assert_all_cards_have_theme(page, slug: str) -> None:
    cards = page.locator("#search-results .event-card")
    n = cards.count()
    assert n > 0
    with_theme = page.locator(f"#search-results .event-card:has(a.badge--theme[href$='/thematiques/{slug}'])")
    assert with_theme.count() == n, f"{n - with_theme.count()} of {n} cards lack theme {slug}"


def test_filter_by_theme_then_region_updates_results_without_reload(page, live_server):
    open_search(page, live_server(SEARCH))
    heading = page.locator("#results-heading")
    total = listed(heading.inner_text())
    slug, theme_count = _biggest_theme(page)
    assert 0 < theme_count < total

    n = swaps(page)
    page.locator(f"#f-theme-{slug}").check()
    wait_swap(page, n)
    expect(heading).not_to_have_text(re.compile(rf"^\s*{total} "))
    expect(page).to_have_url(re.compile(rf"[?&]theme={slug}(&|$)"))
    assert not_reloaded(page), "the page was reloaded instead of swapping the results"
    # The facet count shown beside the theme was exactly the number of results.
    assert listed(heading.inner_text()) == theme_count
    _assert_all_cards_have_theme(page, slug)
    expect(page.locator(f"#f-theme-{slug}")).to_be_checked()

    # Region counts were refreshed out of band for the chosen theme: pick the largest one.
    regions = _region_options(page)
    assert sum(regions.values()) <= theme_count  # national/online events have a region too
    region, region_count = max(regions.items(), key=lambda r: r[1])
    other_facets_before = page.locator("[id^='facet-theme-']").all_text_contents()

    n = swaps(page)
    page.locator("#f-region").select_option(region)
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(rf"[?&]theme={slug}(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]region={region}(&|$)"))
    assert not_reloaded(page)
    after = listed(heading.inner_text())
    assert after == region_count and after <= theme_count
    _assert_all_cards_have_theme(page, slug)
    # Facet counts (out-of-band swaps) now count within the region.
    expect(page.locator(f"#facet-theme-{slug}")).to_have_text(f"({after})")
    assert page.locator("[id^='facet-theme-']").all_text_contents() != other_facets_before
    expect(page.locator("#f-region")).to_have_value(region)
    assert not page.js_errors, page.js_errors


def test_back_button_restores_previous_results_and_form(page, live_server):
    open_search(page, live_server(SEARCH))
    heading = page.locator("#results-heading")
    slug, _ = _biggest_theme(page)

    n = swaps(page)
    page.locator(f"#f-theme-{slug}").check()
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(rf"theme={slug}"))
    first_url, first_heading = page.url, heading.inner_text()
    region = max(_region_options(page).items(), key=lambda r: r[1])[0]

    n = swaps(page)
    page.locator("#f-region").select_option(region)
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(rf"region={region}"))
    assert heading.inner_text() != first_heading or page.url != first_url

    page.go_back()
    expect(page).to_have_url(first_url)
    expect(heading).to_have_text(first_heading)
    # A full page was restored, not a bare fragment, and its controls match the URL.
    expect(page.locator("#search-form")).to_have_count(1)
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.locator("#results-heading")).to_have_count(1)
    expect(page.locator(f"#f-theme-{slug}")).to_be_checked()
    expect(page.locator("#f-region")).to_have_value("")
    _assert_all_cards_have_theme(page, slug)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/evenements/$"))
    expect(page.locator(f"#f-theme-{slug}")).not_to_be_checked()


def test_search_works_without_javascript(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server(SEARCH))
    total = listed(page.locator("#results-heading").inner_text())
    slug, theme_count = _biggest_theme(page)

    page.locator(f"#f-theme-{slug}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(rf"[?&]theme={slug}(&|$)"))
    assert listed(page.locator("#results-heading").inner_text()) == theme_count < total
    _assert_all_cards_have_theme(page, slug)
    expect(page.locator(f"#f-theme-{slug}")).to_be_checked()
    first_page = card_ids(page)

    pagination = page.get_by_role("navigation", name="Pagination des résultats")
    expect(pagination).to_contain_text("Page 1 sur")
    with page.expect_navigation():
        pagination.get_by_role("link", name="Page suivante").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]theme={slug}(&|$)"))
    expect(pagination).to_contain_text("Page 2 sur")
    assert listed(page.locator("#results-heading").inner_text()) == theme_count
    second_page = card_ids(page)
    assert second_page and not set(second_page) & set(first_page)
    _assert_all_cards_have_theme(page, slug)


def _matches_cooperative(app) -> dict[int, str]:
    """Published events of the current edition holding a word of the family of "coopérative"
    (its French stem: coopératives, coopératif, coopération…), computed from their texts."""
    from app import editions
    from app.events import search_text
    from app.extensions import db
    from app.models import Event

    wanted = search_text.stem("cooperative")
    with app.app_context():
        edition = editions.current_edition()
        events = db.session.scalars(
            select(Event).where(Event.edition_id == edition.id, Event.status == "publie")
        ).all()
        found = {}
        for e in events:
            text = " ".join(
                [
                    e.title,
                    e.summary,
                    e.description,
                    e.organiser.name,
                    e.commune,
                    e.venue,
                    e.other_coorganisers,
                    *(o.name for o in e.coorganisers),
                ]
            )
            if wanted in {search_text.stem(w) for w in search_text.index_words(text)}:
                found[e.id] = e.title
        db.session.remove()
        return found


def test_full_text_search_ignores_accents(page, live_server):
    expected = _matches_cooperative(live_server.app)
    assert expected
    open_search(page, live_server(SEARCH))
    heading = page.locator("#results-heading")
    total = listed(heading.inner_text())

    n = swaps(page)
    page.locator("#f-q").press_sequentially("cooperative", delay=20)  # keyup, debounced
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(r"[?&]q=cooperative(&|$)"))
    assert not_reloaded(page)
    assert swaps(page) == n + 1, "typing should send one debounced request"
    found = listed(heading.inner_text())
    assert found == len(expected) < total
    ids = card_ids(page)
    assert ids and set(ids) <= set(expected), [i for i in ids if i not in expected]
    # Sorted by relevance, the accented word of a title ranks it first.
    n = swaps(page)
    page.locator("#f-tri").select_option("pertinence")
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(r"[?&]tri=pertinence(&|$)"))
    expect(page.locator("#search-results .event-card__title").first).to_contain_text(
        re.compile("coopérative", re.I)
    )
    assert listed(heading.inner_text()) == found


def test_fragment_counts_rewrite_the_options_in_french_and_keep_the_selects(page, live_server):
    """A results fragment sends the counts only (static/js/search.js writes them): after a
    filter, the région and département options show the new counts with the French plural,
    and the selects are the same elements (not swapped again: the choice and focus stay)."""
    open_search(page, live_server(SEARCH))
    page.locator("#f-departement").evaluate("el => { el.dataset.marker = 'first'; }")
    slug, theme_count = _biggest_theme(page)
    n = swaps(page)
    page.locator(f"#f-theme-{slug}").check()
    wait_swap(page, n)
    assert sum(_region_options(page).values()) <= theme_count
    texts = page.locator("#f-departement option[data-count]").all_text_contents()
    counts = [int(re.sub(r"\D", "", t.rsplit("–", 1)[1])) for t in texts]
    assert 0 < sum(counts) <= theme_count
    for text, count in zip(texts, counts, strict=True):
        assert text.endswith(" événement" if count <= 1 else " événements"), text
    expect(page.locator("#f-departement")).to_have_attribute("data-marker", "first")
    assert not page.js_errors, page.js_errors
