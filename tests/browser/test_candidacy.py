"""A complete Prix ESS candidacy in a real browser, with an htmx autosave, a page reload in
the middle (nothing lost) and axe checks on a step and on the summary."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PASSWORD = "un-mot-de-passe-solide"


def _axe(page):
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not blocking, [(v["id"], [n["target"] for n in v["nodes"][:5]]) for v in blocking]


@pytest.fixture()
def applicant(live_server, tmp_path):
    from app import editions
    from app.extensions import db
    from app.models import Edition
    from tests import factories as f

    app = live_server.app
    saved_outbox = app.config.get("MAIL_OUTBOX_DIR")
    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    email = f"candidate-{uuid.uuid4().hex[:8]}@exemple.fr"
    with app.app_context():
        edition = editions.current_edition()
        saved = (edition.candidacy_open, edition.candidacy_close)
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        edition.candidacy_open, edition.candidacy_close = now - timedelta(days=1), now + timedelta(days=1)
        org = f.organisation(f"Recyclerie {uuid.uuid4().hex[:6]}")
        f.user(email, password=PASSWORD, organisations=(org,))
        db.session.commit()
        edition_id = edition.id
        db.session.remove()
    yield email
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        edition.candidacy_open, edition.candidacy_close = saved
        db.session.commit()
        db.session.remove()
    app.config["MAIL_OUTBOX_DIR"] = saved_outbox


def _continue(page):
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()


def test_complete_candidacy_with_reload(page, live_server, applicant):
    page.goto(live_server("/compte/connexion"))
    page.fill("#email", applicant)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    page.goto(live_server("/prix/candidature/"))
    page.get_by_role("button", name="Commencer la candidature").click()
    page.wait_for_load_state()
    expect(page.locator('[aria-current="step"]')).to_contain_text("Organisation")
    _axe(page)
    page.fill("#legal_status", "Association loi 1901")
    page.fill("#creation_year", "2012")
    page.fill("#presentation", "Une recyclerie de quartier.")
    _continue(page)
    # project step: typed text is autosaved by htmx, then the page is reloaded
    page.fill("#project_title", "Atelier vélo solidaire")
    page.check("input[name=categories][value=impact-local]")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("#activity").press_sequentially("Réparer des vélos avec les habitants.")
    with page.expect_response(lambda r: r.url.endswith("/autosave")) as saved:
        pass  # the keyup autosave fires one second after the last key
    assert saved.value.status == 200
    expect(page.locator("#autosave-status")).to_contain_text("Enregistré à", timeout=10_000)
    page.wait_for_load_state("networkidle")
    page.reload()
    expect(page.locator("#activity")).to_have_value("Réparer des vélos avec les habitants.")
    expect(page.locator("#project_title")).to_have_value("Atelier vélo solidaire")
    expect(page.locator("input[name=categories][value=impact-local]")).to_be_checked()
    _continue(page)
    for field, text in (
        ("#economic", "Équilibre atteint."),
        ("#social_innovation", "Gouvernance partagée."),
        ("#local_impact", "Trois quartiers."),
        ("#environment", "Réemploi."),
    ):
        page.fill(field, text)
        _continue(page)
    page.fill("#employees", "3")
    page.fill("#turnover", "90000")
    page.fill("#jobs_created", "2")
    _continue(page)
    expect(page.locator("h2", has_text="Pièces jointes")).to_be_visible()
    page.get_by_role("link", name="Continuer vers le récapitulatif").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("Réparer des vélos avec les habitants.")
    _axe(page)
    page.get_by_role("button", name="Déposer la candidature").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("Votre candidature est déposée")
    expect(page.locator("strong", has_text="déposée")).to_be_visible()
