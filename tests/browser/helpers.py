"""Small helpers shared by the browser tests."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from playwright.sync_api import Page
from sqlalchemy import select

# Debian's Chromium (Playwright cannot download browsers here) and its flags: the browser tests,
# `make screenshots` (scripts/screenshots.py) and bench/map_page_bench.py all launch it so.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "un-mot-de-passe-solide"

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
    count_swaps(page)
    page.evaluate("() => { window.__noReload = 1; }")


def count_swaps(page: Page) -> None:
    """Wait for htmx on the loaded page, then count its swaps into #search-results."""
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate(_SWAP_COUNTER)


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


# The two sizes every journey is taken at (parametrise tests with `VIEWPORTS`).
VIEWPORTS = {
    "desktop": {"width": 1366, "height": 900},
    "mobile": {"width": 390, "height": 844},
}
DEMO_PASSWORD = "demo-mois-ess"
DEMO_ACCOUNTS = {
    "organiser": "organisateur1@demo.lemois-ess.fr",
    "cress": "cress-bretagne@demo.lemois-ess.fr",
    "admin": "admin@demo.lemois-ess.fr",
}


def login(page: Page, url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form (`url`: the live server's /compte/connexion)."""
    page.goto(url)
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert "/compte/connexion" not in page.url, f"login of {email} failed"


# Contrast ratio (WCAG 2) of colours as the browser computes them, against the first opaque
# ancestor background (axe reports such cases as "needs review" only, see TECH-NOTES).
CONTRAST_JS = """
window.__contrast = (() => {
  function parse(c) {
    const p = c.match(/[\\d.]+/g).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }
  function lum(c) {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function pair(a, b) {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }
  // The colours behind an element: the first opaque background colour, or every stop of
  // the first gradient met on the way up (the worst one counts).
  function backgrounds(el) {
    for (; el; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (s.backgroundImage.includes("gradient(")) {
        return s.backgroundImage.match(/rgba?\\([^)]*\\)/g).map(parse);
      }
      const c = parse(s.backgroundColor);
      if (c.a >= 1) { return [c]; }
    }
    return [{ r: 255, g: 255, b: 255, a: 1 }];
  }
  const ratio = (colour, el) => Math.min(...backgrounds(el).map((bg) => pair(colour, bg)));
  return {
    text: (el) => ratio(parse(getComputedStyle(el).color), el),
    // A focus ring is drawn around the element: against the parent's background.
    outline: (el) => {
      const s = getComputedStyle(el);
      if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2) { return 0; }
      return ratio(parse(s.outlineColor), el.parentElement);
    },
  };
})();
"""


def log_in_organiser(page: Page, live_server, prefix: str) -> str:
    """A confirmed user, member of a new organisation in Bretagne, logged in; returns the e-mail."""
    from app.accounts.passwords import hash_password
    from app.extensions import db
    from app.models import Membership, Organisation, Region, User

    email = f"{prefix}-{uuid.uuid4().hex[:8]}@exemple.fr"
    with live_server.app.app_context():
        region = db.session.scalar(select(Region).where(Region.slug == "bretagne"))
        org = Organisation(
            name=f"{prefix.capitalize()} Coop",
            family="cooperative",
            sector="action-sociale",
            employees="1-9",
            region_id=region.id,
        )
        user = User(
            email=email,
            name=prefix.capitalize(),
            password_hash=hash_password(PASSWORD),
            email_confirmed_at=datetime(2026, 1, 1),
        )
        user.memberships = [Membership(organisation=org)]
        db.session.add_all([org, user])
        db.session.commit()
        db.session.remove()
    page.goto(live_server("/compte/connexion"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    return email
