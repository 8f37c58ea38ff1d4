"""The widget framed by a partner's page on another origin (a plain http.server on another
port of 127.0.0.1): it loads, shows the events, the resize script fits the frame; a normal
page of the site framed the same way is refused. The generator: live preview, copy button,
without JavaScript, at desktop and phone sizes; axe on both pages."""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import BLOCKING, _report

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = "/tmp/widget-shots"


@pytest.fixture(autouse=True, scope="module")
def _shots_folder():
    import os

    os.makedirs(SHOTS, exist_ok=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture()
def partner_site(tmp_path):
    """A partner's site on another origin: write(name, html) puts a page there, returns its URL."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="partner-site", daemon=True)
    thread.start()

    def write(name: str, body: str) -> str:
        (tmp_path / name).write_text(
            '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Site partenaire</title>'
            f'<link rel="icon" href="data:,"></head><body><h1>Agenda de la ville</h1>{body}</body></html>',
            encoding="utf-8",
        )
        return f"http://127.0.0.1:{server.server_port}/{name}"

    yield write
    server.shutdown()
    thread.join(5)


def _snippet(page, live_server, query: str) -> str:
    page.goto(live_server(f"/widget/?{query}"))
    return page.locator("#widget-code").input_value()


def _assert_fitted(page, iframe) -> int:
    """The frame's height is the widget's own (set by widget-resize.js); returns it."""
    inner = iframe.content_frame.locator("html")
    for _ in range(50):
        height = inner.evaluate("html => Math.ceil(html.getBoundingClientRect().height)")
        if iframe.evaluate("f => f.style.height") == f"{height}px":
            return height
        page.wait_for_timeout(100)
    raise AssertionError(f"frame height {iframe.evaluate('f => f.style.height')} != widget height {height}px")


def _widget_frame(page):
    return page.frame_locator("iframe[src*='/widget/evenements']")


def test_widget_framed_by_another_origin_shows_events_and_fits_its_height(page, live_server, partner_site):
    query = "region=ile-de-france&nombre=4&titre=Agenda+ESS+en+%C3%8Ele-de-France"
    snippet = _snippet(page, live_server, query)
    assert 'loading="lazy"' in snippet and "widget-resize.js" in snippet
    url = partner_site("agenda.html", f"<p>Avant le widget.</p>{snippet}<p>Après le widget.</p>")
    page.goto(url)
    frame = _widget_frame(page)
    expect(frame.locator("h1")).to_have_text("Agenda ESS en Île-de-France")
    cards = frame.locator(".widget-event")
    expect(cards).to_have_count(4)
    expect(frame.locator(".widget-event__title a").first).to_have_attribute("target", "_blank")
    expect(frame.locator(".widget__more a")).to_contain_text(
        "Voir tous les événements sur le site du Mois de l'ESS"
    )
    # The resize script set the frame's height to the widget's own height: no inner scrollbar.
    iframe = page.locator("iframe[src*='/widget/evenements']")
    page.wait_for_function(
        "() => document.querySelector(\"iframe[src*='/widget/evenements']\").style.height !== ''"
    )
    inner = page.frame_locator("iframe[src*='/widget/evenements']").locator("html")
    content_height = _assert_fitted(page, iframe)
    assert iframe.evaluate("f => f.getAttribute('height')") != str(content_height)
    assert inner.evaluate("html => html.scrollHeight <= html.clientHeight + 1")
    # A message from any other origin (here the partner's own page) is ignored.
    page.evaluate("() => window.postMessage({type: 'moisess-widget-height', height: 3000}, '*')")
    page.wait_for_timeout(200)
    assert iframe.evaluate("f => f.style.height") == f"{content_height}px"
    # "Plus d'événements" pages inside the frame, and the frame is fitted again.
    first_titles = frame.locator(".widget-event__title a").all_inner_texts()
    frame.get_by_role("link", name="Plus d'événements").click()
    expect(frame.get_by_role("link", name="Événements précédents")).to_be_visible()
    assert frame.locator(".widget-event__title a").all_inner_texts() != first_titles
    _assert_fitted(page, iframe)
    page.screenshot(path=f"{SHOTS}/widget-in-partner-page.png", full_page=True)


def test_a_normal_page_framed_by_another_origin_is_refused(
    page, live_server, partner_site, csp_violations, console_errors
):
    url = partner_site(
        "normal.html",
        f'<iframe id="normale" src="{live_server("/evenements/")}" title="Page du site"></iframe>'
        f'<iframe id="widget" src="{live_server("/widget/evenements")}" title="Widget"></iframe>',
    )
    page.goto(url)
    expect(_widget_frame(page).locator(".widget__more a")).to_be_visible()
    blocked = live_server("/evenements/")
    for _ in range(50):  # the refusal is reported asynchronously
        refused = [v for v in csp_violations if "frame-ancestors 'self'" in v]
        failed = [e for e in console_errors if e == f"{blocked}: net::ERR_BLOCKED_BY_RESPONSE"]
        if refused and failed:
            break
        page.wait_for_timeout(100)
    assert refused and failed, (csp_violations, console_errors)
    normal = page.frame(name="normale")
    assert normal.url.startswith("chrome-error://"), normal.url
    assert normal.locator(".site-header").count() == 0
    # These are the expected reports of the refusal, the only ones allowed in this test.
    csp_violations[:] = [v for v in csp_violations if v not in refused]
    console_errors[:] = [e for e in console_errors if e not in failed]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_generator_preview_updates_and_copy_button_copies(new_context, live_server, viewport):
    context = new_context(viewport=viewport)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(live_server("/widget/"))
    page.wait_for_function("() => window.htmx !== undefined")
    preview = page.locator("iframe.widget-generator__preview")
    expect(_widget_frame(page).locator(".widget__more a")).to_be_visible()
    page.select_option("#w-region", "bretagne")
    expect(preview).to_have_attribute("src", "/widget/evenements?region=bretagne")
    page.fill("#w-titre", "Nos événements")
    page.check("#w-detaille")
    expect(preview).to_have_attribute(
        "src", "/widget/evenements?region=bretagne&affichage=detaille&titre=Nos+%C3%A9v%C3%A9nements"
    )
    expect(_widget_frame(page).locator("h1")).to_have_text("Nos événements")
    expect(_widget_frame(page).locator(".widget-event__details").first).to_be_visible()
    code = page.locator("#widget-code")
    expect(code).to_have_value(
        f'<iframe src="{live_server.url}/widget/evenements?region=bretagne&amp;affichage=detaille'
        '&amp;titre=Nos+%C3%A9v%C3%A9nements" title="Événements du Mois de l\'ESS – Bretagne" '
        f'height="930" loading="lazy" style="width:100%;border:0"></iframe>\n<script src="{live_server.url}'
        '/static/js/widget-resize.js" async></script>'
    )
    assert "region=bretagne" in page.url  # the address follows the form (shareable)
    page.get_by_role("button", name="Copier le code").click()
    expect(page.locator("#widget-copy-status")).to_have_text("Code copié dans le presse-papiers.")
    assert page.evaluate("() => navigator.clipboard.readText()") == code.input_value()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal overflow of {overflow}px"
    name = "desktop" if viewport is DESKTOP else "phone"
    page.screenshot(path=f"{SHOTS}/generator-{name}.png", full_page=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_generator_commune_suggestions_fill_the_preview_and_the_snippet(new_context, live_server, viewport):
    """The search's commune suggestions in the generator: typing does not update the preview
    (a half-typed name is not sent), picking a commune does, with its code in `pres`."""
    page = new_context(viewport=viewport).new_page()
    page.goto(live_server("/widget/"))
    page.wait_for_function("() => window.htmx !== undefined")
    preview = page.locator("iframe.widget-generator__preview")
    expect(_widget_frame(page).locator(".widget__more a")).to_be_visible()
    field = page.get_by_label("Commune ou code postal")
    expect(field).to_have_attribute("id", "w-pres")
    field.press_sequentially("renn", delay=30)
    choice = page.locator("#w-pres-suggestions .place-suggestion[data-label='Rennes (35000)']")
    expect(choice).to_be_visible()
    status = page.locator("#w-pres-suggestions [role=status]")
    expect(status).to_have_text(re.compile(r"^\d+ communes proposées$"))
    page.wait_for_timeout(700)  # longer than the form's delay: typing alone changes nothing
    expect(preview).to_have_attribute("src", "/widget/evenements")
    name = "desktop" if viewport is DESKTOP else "phone"
    page.locator("#w-pres-suggestions").evaluate("box => box.scrollIntoView({block: 'center'})")
    page.screenshot(path=f"{SHOTS}/generator-suggestions-{name}.png")
    code = re.search(r"pres=([^&]+)", choice.get_attribute("href")).group(1)
    assert code == "35238"

    choice.click()
    expect(field).to_have_value("Rennes (35000)")
    expect(field).to_be_focused()
    expect(page.locator("#w-pres-suggestions")).to_be_empty()
    expect(preview).to_have_attribute("src", f"/widget/evenements?pres={code}&rayon=10")
    url = re.escape(live_server.url)
    expect(page.locator("#widget-code")).to_have_value(
        re.compile(rf'^<iframe src="{url}/widget/evenements\?pres={code}&amp;rayon=10"')
    )
    expect(_widget_frame(page).locator(".widget__more a")).to_have_attribute(
        "href", re.compile(rf"/evenements/\?pres={code}&rayon=10")
    )
    # The address follows the form (what the field holds): loaded again, the same generator.
    assert "pres=Rennes%20(35000)" in page.url
    page.goto(page.url)
    expect(field).to_have_value("Rennes (35000)")
    expect(preview).to_have_attribute("src", f"/widget/evenements?pres={code}&rayon=10")
    page.wait_for_function("() => window.htmx !== undefined")

    # Another radius keeps the commune; emptying the field takes it out of the widget.
    page.select_option("#w-rayon", "25")
    expect(preview).to_have_attribute("src", f"/widget/evenements?pres={code}&rayon=25")
    field.fill("")
    expect(preview).to_have_attribute("src", "/widget/evenements")

    # Back: htmx restores the page's body (new elements); the suggestions work there again.
    page.evaluate("() => { window.__noReload = 1; }")
    page.go_back()
    expect(field).to_have_value("Rennes (35000)")
    field.fill("")
    field.press_sequentially("pari", delay=30)  # within the delay the emptied field started
    paris = page.locator("#w-pres-suggestions .place-suggestion[data-label='Paris (75001)']")
    expect(paris).to_be_visible()
    page.wait_for_timeout(700)  # that delayed update does not send the half-typed name
    assert "pres=pari" not in page.url
    assert preview.get_attribute("src") in ("/widget/evenements", f"/widget/evenements?pres={code}&rayon=25")
    paris.click()
    expect(field).to_have_value("Paris (75001)")
    expect(preview).to_have_attribute("src", re.compile(r"^/widget/evenements\?pres=75056&rayon=25$"))
    assert page.evaluate("() => window.__noReload") == 1  # picked, not followed as a link
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal overflow of {overflow}px"


def test_generator_without_javascript_submits_and_shows_preview_and_code(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server("/widget/"))
    page.select_option("#w-theme", "se-loger")
    page.fill("#w-nombre", "3")
    page.fill("#w-pres", "rennes")  # a plain field: a name (or a postcode) is read by the server
    page.get_by_role("button", name="Mettre à jour l'aperçu et le code").click()
    page.wait_for_url("**/widget/?**theme=se-loger**")
    expect(page.locator("iframe.widget-generator__preview")).to_have_attribute(
        "src", "/widget/evenements?theme=se-loger&pres=35238&rayon=10&nombre=3"
    )
    expect(page.locator("#widget-code")).to_contain_text(
        "/widget/evenements?theme=se-loger&amp;pres=35238&amp;rayon=10&amp;nombre=3"
    )
    expect(page.locator("#w-pres")).to_have_value("Rennes (35000)")
    expect(page.get_by_role("button", name="Copier le code")).to_be_hidden()
    expect(page.locator("#w-theme")).to_have_value("se-loger")


@pytest.mark.parametrize("path", ["/widget/", "/widget/evenements?affichage=detaille&titre=Agenda"])
def test_no_serious_axe_violation_on_widget_pages(page, live_server, path):
    page.goto(live_server(path))
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe violations on {path}:\n{_report(blocking)}"


def test_widget_focus_is_visible_and_links_contrast(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server("/widget/evenements?region=bretagne"))
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("target", "_blank")
    style = focused.evaluate("a => [getComputedStyle(a).outlineStyle, getComputedStyle(a).outlineWidth]")
    assert style == ["solid", "3px"]
    assert focused.evaluate("a => getComputedStyle(a).color") == "rgb(10, 92, 90)"  # 7.80:1 on white
    page.screenshot(path=f"{SHOTS}/widget-phone.png", full_page=True)
