"""Browser: the national administration and the partners page pass axe; user search by htmx."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import BLOCKING, _report

_axe = Axe()
ADMIN = "admin@demo.lemois-ess.fr"
PASSWORD = "demo-mois-ess"


def _ensure_partner(app) -> None:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Partner

    with app.app_context():
        if db.session.scalar(select(Partner.id).where(Partner.slug == "fondation-axe")) is None:
            db.session.add(
                Partner(
                    name="Fondation Axe",
                    slug="fondation-axe",
                    position=1,
                    url="https://fondation.exemple.org",
                    description="Partenaire de démonstration.",
                )
            )
            db.session.commit()
        db.session.remove()


def _login(page, live_server) -> None:
    page.goto(live_server("/compte/connexion"))
    page.get_by_label("Adresse e-mail", exact=True).fill(ADMIN)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("link", name="Administration")).to_be_visible()


def _assert_no_blocking_violation(page, path: str) -> None:
    page.wait_for_load_state("networkidle")
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe violations on {path}:\n{_report(blocking)}"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/utilisateurs/",
        "/admin/editions/",
        "/admin/partenaires/nouveau",
        "/admin/thematiques/",
    ],
)
def test_admin_pages_have_no_serious_axe_violation(page, live_server, path):
    _login(page, live_server)
    page.goto(live_server(path))
    expect(page.locator("main#contenu h1")).to_be_visible()
    _assert_no_blocking_violation(page, path)


def test_partners_page_has_no_serious_axe_violation(page, live_server):
    _ensure_partner(live_server.app)
    page.goto(live_server("/partenaires/"))
    expect(page.get_by_role("heading", name="Fondation Axe")).to_be_visible()
    _assert_no_blocking_violation(page, "/partenaires/")


def test_user_search_updates_the_results_without_reloading(page, live_server):
    _login(page, live_server)
    page.goto(live_server("/admin/utilisateurs/"))
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.__noReload = 1; }")
    page.get_by_label("Rechercher par nom ou adresse e-mail").fill("cress-bretagne")
    results = page.locator("#user-results")
    expect(results).to_contain_text("1 compte pour « cress-bretagne »")
    expect(results.get_by_role("link", name="cress-bretagne@demo.lemois-ess.fr")).to_be_visible()
    assert page.evaluate("() => window.__noReload === 1")
    assert "q=cress-bretagne" in page.url
