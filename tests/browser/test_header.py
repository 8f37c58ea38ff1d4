"""The header's links are readable and their keyboard focus is visible, whoever is signed in,
at desktop and phone sizes: the contrast of every link (>= 4.5:1) and of the focus ring
(>= 3:1) computed in the browser against the first opaque background behind them."""

from __future__ import annotations

import pytest

from tests.browser.helpers import CONTRAST_JS, DEMO_ACCOUNTS, VIEWPORTS, login

# Who is signed in -> the account links the header must show.
ACCOUNT_LINKS = {
    "visitor": ["Se connecter", "Créer un compte"],
    "organiser": ["Mon espace", "Mon compte", "Se déconnecter"],
    "cress": ["Mon espace", "Espace CRESS", "Mon compte", "Se déconnecter"],
    "admin": ["Mon espace", "Administration", "Mon compte", "Se déconnecter"],
}

HEADER_LINKS = """() => [...document.querySelectorAll(".site-header a, .site-header button")]
  .filter((el) => el.getClientRects().length > 0)
  .map((el) => ({ name: el.textContent.trim(), ratio: window.__contrast.text(el) }))"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || !el.closest(".site-header")) { return null; }
  return { name: el.textContent.trim(), ratio: window.__contrast.outline(el),
           visible: el.matches(":focus-visible") };
}"""


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("who", ACCOUNT_LINKS)
def test_header_links_and_focus_ring_have_enough_contrast(page, live_server, who, size):
    page.set_viewport_size(VIEWPORTS[size])
    if who != "visitor":
        login(page, live_server("/compte/connexion"), DEMO_ACCOUNTS[who])
    page.goto(live_server("/evenements/"))
    page.evaluate(CONTRAST_JS)

    links = page.evaluate(HEADER_LINKS)
    names = [link["name"] for link in links]
    for expected in ACCOUNT_LINKS[who] + ["Thématiques", "Événements", "Régions", "Prix ESS"]:
        assert expected in names, f"{expected!r} not shown in the header: {names}"
    low = [link for link in links if link["ratio"] < 4.5]
    assert not low, f"header links under 4.5:1: {low}"

    # Keyboard: the skip link first, then every header link, each with a visible ring.
    page.locator("body").focus()
    page.keyboard.press("Tab")
    rings = []
    for _ in range(len(links) + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        rings.append(focused)
    assert [r["name"] for r in rings] == names
    weak = [r for r in rings if not r["visible"] or r["ratio"] < 3]
    assert not weak, f"focus rings under 3:1 in the header: {weak}"


def test_header_holds_on_one_row_on_desktop_for_an_admin(page, live_server):
    """The longest header (national admin) does not wrap its account links onto a second row."""
    page.set_viewport_size(VIEWPORTS["desktop"])
    login(page, live_server("/compte/connexion"), DEMO_ACCOUNTS["admin"])
    page.goto(live_server("/"))
    tops = page.evaluate(
        """() => [".site-title", ".main-nav", ".user-nav"].map(
          (s) => Math.round(document.querySelector(s).getBoundingClientRect().top))"""
    )
    heights = page.evaluate(
        """() => [".site-title", ".main-nav", ".user-nav"].map(
          (s) => Math.round(document.querySelector(s).getBoundingClientRect().height))"""
    )
    assert max(tops) - min(tops) < 10, tops
    assert max(heights) < 60, heights


RINGS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.getClientRects().length > 0)
  .map((el) => { el.focus(); return { name: el.textContent.trim(), ratio: window.__contrast.outline(el),
                                      visible: el.matches(":focus-visible") }; })"""


@pytest.mark.parametrize("size", VIEWPORTS)
def test_focus_rings_on_dark_sections_have_enough_contrast(page, live_server, size):
    """The hero and the footer are dark like the header: their focus ring is saffron too."""
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(live_server("/"))
    page.evaluate(CONTRAST_JS)
    page.keyboard.press("Tab")  # keyboard modality: programmatic focus then shows the ring
    rings = page.evaluate(RINGS, ".hero a, .site-footer a, .site-footer button, .site-footer input")
    assert len(rings) >= 8, rings
    weak = [r for r in rings if not r["visible"] or r["ratio"] < 3]
    assert not weak, f"focus rings under 3:1 on dark sections: {weak}"
