"""Small helpers shared by the browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page

# Counts the htmx swaps into #search-results (the search form, view links, pagination…).
_SWAP_COUNTER = """() => {
  if (window.__swaps !== undefined) { return; }
  window.__swaps = 0;
  document.body.addEventListener("htmx:afterSettle", (e) => {
    // Out-of-band swaps (facet counts) fire on their own elements: count only the results.
    if (e.target && e.target.id === "search-results") { window.__swaps += 1; }
  });
}"""


def open_search(page: Page, url: str) -> None:
    """Load a search page, wait for htmx, count swaps and set the no-reload marker."""
    page.goto(url)
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate(_SWAP_COUNTER)
    page.evaluate("() => { window.__noReload = 1; }")


def swaps(page: Page) -> int:
    return page.evaluate("() => window.__swaps")


def wait_swap(page: Page, after: int) -> None:
    """Wait until an htmx swap into #search-results has settled since `after` swaps."""
    page.wait_for_function(f"() => window.__swaps > {after}", timeout=10_000)


def not_reloaded(page: Page) -> bool:
    return page.evaluate("() => window.__noReload === 1")


def number(text: str) -> int:
    """The first number of a text ("1 234 événements" -> 1234; French digit groups)."""
    match = re.search(r"\d[\d\s\u202f\u00a0]*", text)
    assert match, f"no number in {text!r}"
    return int(re.sub(r"\D", "", match.group(0)))


def listed(heading: str) -> int:
    """How many events a results heading lists: "1 595 événements au programme, plus 23
    annulés" -> 1618 (the cancelled ones are listed too, and counted by the facets)."""
    groups = re.findall(r"\d[\d\u202f\u00a0 ]*\d|\d", heading)
    assert groups, f"no number in {heading!r}"
    return sum(int(re.sub(r"\D", "", g)) for g in groups)


def card_ids(page: Page) -> list[int]:
    """Ids of the events listed in the results (from their links)."""
    hrefs = page.locator("#search-results .event-card__title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [int(re.search(r"/evenements/(\d+)", h).group(1)) for h in hrefs]
