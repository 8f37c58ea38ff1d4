"""The newsletter in a browser: a CRESS writes an issue, previews it, sends a test to
itself, confirms the sending and watches the batches progress to the final count (htmx),
on a desktop and on a phone; screenshots in /tmp for review."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import login

MODERATOR = "cress-mayotte@demo.lemois-ess.fr"
SUBSCRIBERS = 12
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def mayotte_subscribers(live_server):
    from app import editions
    from app.common.time import utcnow
    from app.extensions import db
    from app.models import NewsletterSubscriber
    from tests import factories as f

    with live_server.app.app_context():
        region = f.region("mayotte")
        for i in range(SUBSCRIBERS):
            db.session.add(
                NewsletterSubscriber(
                    email=f"lecteur{i:02d}@mayotte.exemple.fr",
                    region_id=region.id,
                    confirmed_at=datetime(2026, 3, 1),
                )
            )
        f.event(
            editions.current_edition(),
            "Marché solidaire de Mamoudzou",
            region_slug="mayotte",
            departement="976",
            commune="Mamoudzou",
            postcode="97600",
            venue="Place du marché",
            starts=datetime(2026, 11, 21, 6),
            lat=-12.78,
            lon=45.23,
            published_at=utcnow(),
        )
        db.session.commit()
        db.session.remove()


@pytest.fixture()
def mail_and_batches(live_server, tmp_path):
    """E-mails to a folder of the test, batches of 4 so that the progress shows."""
    config = live_server.app.config
    saved = config.get("MAIL_OUTBOX_DIR"), config["NEWSLETTER_SEND_BATCH_SIZE"]
    config["MAIL_OUTBOX_DIR"], config["NEWSLETTER_SEND_BATCH_SIZE"] = str(tmp_path / "outbox"), 4
    yield tmp_path / "outbox"
    config["MAIL_OUTBOX_DIR"], config["NEWSLETTER_SEND_BATCH_SIZE"] = saved


def _no_serious_axe_violation(page):
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not blocking, [(v["id"], [n["target"] for n in v["nodes"][:5]]) for v in blocking]


def _messages(folder):
    from app.mail.outbox import parse

    return [parse(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_cress_writes_previews_tests_and_sends_an_issue(
    new_context, live_server, mayotte_subscribers, mail_and_batches, size
):
    page = new_context(viewport=SIZES[size]).new_page()
    login(page, live_server("/compte/connexion"), MODERATOR)
    page.goto(live_server("/cress/"))
    page.get_by_role("link", name="Lettre d'information").click()
    page.get_by_role("link", name="Écrire une nouvelle lettre").click()

    subject = f"Lettre de Mayotte ({size})"
    page.get_by_label("Objet de la lettre").fill(subject)
    page.get_by_label("Texte (Markdown)").fill(
        "## Le Mois de l'ESS à Mayotte\n\nTout le **programme** sur [le site](https://exemple.fr/mayotte)."
        "\n\n<script>alert('non')</script>"
    )
    page.get_by_label("Ajouter le bloc « Nouveaux événements cette semaine »").check()
    page.get_by_role("button", name="Enregistrer et prévisualiser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(subject)
    expect(page.locator(".newsletter-recipients")).to_contain_text(
        f"{SUBSCRIBERS} abonnés recevront cette lettre."
    )

    preview = page.frame_locator("iframe.outbox-message__html")
    expect(preview.get_by_role("heading", name="Le Mois de l'ESS à Mayotte")).to_be_visible()
    expect(preview.get_by_role("link", name="le site")).to_have_attribute(
        "href", "https://exemple.fr/mayotte"
    )
    expect(preview.get_by_text("Nouveaux événements cette semaine")).to_be_visible()
    expect(preview.get_by_role("link", name="Marché solidaire de Mamoudzou")).to_be_visible()
    expect(preview.locator("body")).to_contain_text(
        "samedi 21 novembre 2026, 9 h – Place du marché, Mamoudzou"
    )
    assert "alert(" not in preview.locator("body").inner_html()
    _no_serious_axe_violation(page)
    page.screenshot(path=f"/tmp/newsletter-preview-{size}.png", full_page=True)
    page.locator("iframe.outbox-message__html").screenshot(path=f"/tmp/newsletter-preview-frame-{size}.png")

    page.get_by_role("button", name=re.compile("M'envoyer un test")).click()
    expect(page.locator(".flash, .alert").first).to_contain_text(
        f"Un message de test a été envoyé à {MODERATOR}."
    )
    tests = [m for m in _messages(mail_and_batches) if m[0] == MODERATOR]
    assert [m[1] for m in tests] == [f"[Test] {subject}"]

    page.get_by_role("link", name="Envoyer aux abonnés…").click()
    expect(page.locator(".newsletter-recipients")).to_contain_text(f"{SUBSCRIBERS} destinataires")
    _no_serious_axe_violation(page)
    page.screenshot(path=f"/tmp/newsletter-confirm-{size}.png", full_page=True)
    page.get_by_role("button", name=f"Envoyer à {SUBSCRIBERS} abonnés").click()

    count = page.locator(".send-progress__count")
    expect(count).to_contain_text(re.compile(rf"\b[48] / {SUBSCRIBERS} envoyés"))
    page.screenshot(path=f"/tmp/newsletter-progress-{size}.png", full_page=True)
    expect(count).to_have_text(f"Envoi terminé : {SUBSCRIBERS} abonnés ont reçu la lettre.")
    page.screenshot(path=f"/tmp/newsletter-done-{size}.png", full_page=True)

    sent = [m for m in _messages(mail_and_batches) if m[1] == subject]
    assert sorted(m[0] for m in sent) == [f"lecteur{i:02d}@mayotte.exemple.fr" for i in range(SUBSCRIBERS)]
    assert all(
        "/newsletter/desinscription/" in m[2] and "Marché solidaire de Mamoudzou" in m[2] for m in sent
    )
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal overflow of {overflow}px"

    page.get_by_role("link", name="Revenir aux lettres").click()
    expect(page.get_by_role("row", name=re.compile(re.escape(subject)))).to_contain_text("Envoyée")
    _no_serious_axe_violation(page)


def test_national_team_chooses_the_regions_of_an_issue(page, live_server, mayotte_subscribers):
    login(page, live_server("/compte/connexion"), "admin@demo.lemois-ess.fr")
    page.goto(live_server("/admin/"))
    page.get_by_role("link", name="Écrire et envoyer la lettre d'information").click()
    page.get_by_role("link", name="Écrire une nouvelle lettre").click()
    page.get_by_label("Objet de la lettre").fill("Lettre nationale pour l'outre-mer")
    page.get_by_label("Texte (Markdown)").fill("Bonjour à l'outre-mer.")
    page.get_by_label("Mayotte").check()
    page.get_by_label("La Réunion").check()
    page.screenshot(path="/tmp/newsletter-national-form.png", full_page=True)
    page.get_by_role("button", name="Enregistrer et prévisualiser").click()
    expect(page.get_by_text("Abonnés des régions : La Réunion, Mayotte")).to_be_visible()
    expect(page.locator(".newsletter-recipients")).to_contain_text(
        f"{SUBSCRIBERS} abonnés recevront cette lettre."
    )
    expect(page.frame_locator("iframe.outbox-message__html").locator("body")).to_contain_text(
        "L'équipe du Mois de l'ESS"
    )
