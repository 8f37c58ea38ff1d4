"""The CRESS space in a browser: the CRESS edits its region's page and adds a partner with a
logo, the public page shows them; the delegates page; screenshots at desktop and phone sizes."""

from __future__ import annotations

import io

from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

DEMO_PASSWORD = "demo-mois-ess"
MODERATOR = "cress-corse@demo.lemois-ess.fr"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def _login(page, live_server):
    page.goto(live_server("/compte/connexion"))
    page.fill("#email", MODERATOR)
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def _logo(tmp_path):
    path = tmp_path / "logo.png"
    image = Image.new("RGBA", (320, 120), (12, 90, 140, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def _shots(page, name: str, selector: str | None = None) -> None:
    """Screenshots at both sizes; `selector` must not overflow the window horizontally."""
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"/tmp/cress-{name}-{size}.png", full_page=True)
        overflow = page.evaluate(
            "(s) => (s ? document.querySelector(s).getBoundingClientRect().right"
            " : document.documentElement.scrollWidth) - window.innerWidth",
            selector,
        )
        assert overflow <= 1, (name, size, overflow)


def test_cress_edits_its_region_page_and_adds_a_partner(page, live_server, tmp_path):
    _login(page, live_server)
    page.goto(live_server("/cress/"))
    page.get_by_role("link", name="Page de la région").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Corse")
    page.fill(
        "#cress_presentation", "La CRESS **fédère** les acteurs de l'ESS en Corse.\n\n- Ajaccio\n- Bastia"
    )
    page.fill("#cress_phone", "04 95 00 00 00")
    page.fill("#cress_address", "1 cours Napoléon")
    page.get_by_role("button", name="Enregistrer la page").click()
    expect(page.locator(".flashes")).to_contain_text("La page de la région est enregistrée.")
    expect(page.locator(".markdown-preview strong")).to_have_text("fédère")
    page.get_by_role("link", name="Ajouter un partenaire").click()
    page.fill("#name", "Collectivité de Corse")
    page.fill("#url", "https://www.isula.corsica")
    page.set_input_files("#logo", str(_logo(tmp_path)))
    page.get_by_role("button", name="Enregistrer le partenaire").click()
    expect(page.locator(".flashes")).to_contain_text(
        "Le partenaire « Collectivité de Corse » est enregistré."
    )
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    _shots(page, "region-page")

    page.goto(live_server("/regions/corse"))
    card = page.locator(".cress-card")
    expect(card.locator("strong")).to_have_text("fédère")
    expect(card).to_contain_text("04 95 00 00 00")
    expect(card.get_by_role("img", name="Collectivité de Corse")).to_be_visible()
    card.scroll_into_view_if_needed()
    page.set_viewport_size({"width": 1366, "height": 900})
    card.screenshot(path="/tmp/cress-public-card-desktop.png")
    page.set_viewport_size({"width": 390, "height": 844})
    card.screenshot(path="/tmp/cress-public-card-phone.png")


def test_delegates_and_late_code_pages(page, live_server):
    _login(page, live_server)
    page.goto(live_server("/cress/regions/corse/delegues"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Délégués départementaux")
    expect(page.get_by_label("Corse-du-Sud (2A)")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    _shots(page, "delegates")
    page.goto(live_server("/cress/prix/#code-tardif"))
    expect(page.locator("#late-code-names option").first).to_be_attached()
    _shots(page, "preselection", "#code-tardif")  # (the candidacies' table above is wider on phones)
