"""The CRESS back-office in a browser: a moderator filters and sorts the queue, publishes a
selection through htmx, and the events appear in the public search; axe on the queue."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

ORGANISER = "Coopérative Zéphyr des Îles"
TITLES = {  # title -> start (UTC)
    "Zéphyr : atelier de réparation": datetime(2026, 11, 21, 9),
    "Zéphyr : marché des producteurs": datetime(2026, 11, 7, 9),
    "Zéphyr : ciné-débat": datetime(2026, 11, 14, 17),
}
DEMO_PASSWORD = "demo-mois-ess"
MODERATOR = "cress-corse@demo.lemois-ess.fr"


@pytest.fixture(scope="module")
def corse_events(live_server):
    from app import editions
    from app.extensions import db
    from tests import factories as f

    with live_server.app.app_context():
        ed = editions.current_edition()
        org = f.organisation(ORGANISER, region_slug="corse", contact_email="zephyr@exemple.fr")
        for title, starts in TITLES.items():
            f.event(
                ed,
                title,
                org=org,
                status="soumis",
                region_slug="corse",
                departement="2A",
                commune="Ajaccio",
                postcode="20000",
                starts=starts,
                lat=41.92,
                lon=8.74,
                contact_email="contact@zephyr.fr",
                submitted_at=datetime(2026, 10, 1),
            )
        db.session.commit()
        db.session.remove()
    return TITLES


def _login(page, live_server):
    page.goto(live_server("/compte/connexion"))
    page.fill("#email", MODERATOR)
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def _row_titles(page) -> list[str]:
    return page.locator("#queue-results th.queue-event > a").all_inner_texts()


def test_moderator_sorts_and_bulk_publishes_with_htmx(page, live_server, corse_events):
    _login(page, live_server)
    page.goto(live_server("/cress/"))
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.__noReload = 1; }")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Corse")

    page.locator("#f-q").press_sequentially("Zéphyr des")
    expect(page.locator("#queue-heading")).to_have_text(re.compile(r"^\s*3 événements"))
    page.select_option("#f-tri", "date")
    expect(page.locator("#queue-results th.queue-event > a").first).to_have_text(
        "Zéphyr : marché des producteurs"
    )
    assert _row_titles(page) == [
        "Zéphyr : marché des producteurs",
        "Zéphyr : ciné-débat",
        "Zéphyr : atelier de réparation",
    ]
    page.select_option("#f-sens", "desc")
    expect(page.locator("#queue-results th.queue-event > a").first).to_have_text(
        "Zéphyr : atelier de réparation"
    )
    assert "tri=date" in page.url and "sens=desc" in page.url  # pushed URL

    page.get_by_label("Sélectionner « Zéphyr : atelier de réparation »").check()
    page.get_by_label("Sélectionner « Zéphyr : ciné-débat »").check()
    page.get_by_role("button", name="Publier la sélection").click()
    expect(page.locator("#queue-results")).to_contain_text("2 événements publiés.")
    expect(page.locator("#queue-heading")).to_have_text(re.compile(r"^\s*1 événement"))
    assert page.evaluate("() => window.__noReload === 1")  # swapped in place
    assert not page.js_errors

    page.goto(live_server("/evenements/?q=Zéphyr"))
    results = page.locator("#search-results")
    expect(results).to_contain_text("Zéphyr : atelier de réparation")
    expect(results).to_contain_text("Zéphyr : ciné-débat")
    expect(results).not_to_contain_text("Zéphyr : marché des producteurs")


def test_publish_one_row_in_place(page, live_server, corse_events):
    _login(page, live_server)
    page.goto(live_server("/cress/?q=Z%C3%A9phyr+des"))
    page.wait_for_function("() => window.htmx !== undefined")
    row = page.locator("tr", has_text="Zéphyr : marché des producteurs")
    row.get_by_role("button", name=re.compile("^Publier")).click()
    expect(row).to_contain_text("est publié.")
    expect(row.locator(".status-pill")).to_have_text("Publié")


def test_no_serious_axe_violation_on_the_queue(page, live_server, corse_events):
    _login(page, live_server)
    page.goto(live_server("/cress/?statut=tous"))
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not blocking, [(v["id"], [n["target"] for n in v["nodes"][:5]]) for v in blocking]
