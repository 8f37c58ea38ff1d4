"""Following a search in a real browser: the "S'abonner à cette recherche" links follow htmx
updates of the results (out of band) while an address typed in the alert form is kept, and
the alert form submits."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import confirmation_path
from tests.browser.helpers import not_reloaded, open_search, swaps, wait_swap


@pytest.fixture()
def outbox_dir(live_server, tmp_path):
    saved = live_server.app.config.get("MAIL_OUTBOX_DIR")
    live_server.app.config["MAIL_OUTBOX_DIR"] = str(tmp_path)
    yield tmp_path
    live_server.app.config["MAIL_OUTBOX_DIR"] = saved


def _shots(page, name: str) -> None:
    for size, (width, height) in (("desktop", (1366, 900)), ("phone", (390, 844))):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"/tmp/svc-feeds/{name}-{size}.png", full_page=True)


def test_follow_links_stay_current_and_the_typed_address_is_kept(page, live_server, outbox_dir):
    open_search(page, live_server("/evenements/"))
    atom = page.locator("#follow-links a[type='application/atom+xml']")
    expect(atom).to_have_attribute("href", live_server("/evenements/flux.xml"))
    page.fill("#follow-email", "lea@exemple.fr")

    n = swaps(page)
    page.locator("#f-region").select_option("bretagne")
    wait_swap(page, n)
    expect(atom).to_have_attribute("href", re.compile(r"/evenements/flux\.xml\?region=bretagne$"))
    webcal = page.locator("#follow-links a[href^='webcal://']")
    expect(webcal).to_have_attribute(
        "href", re.compile(r"^webcal://127\.0\.0\.1:\d+/evenements/flux\.ics\?region=bretagne$")
    )
    expect(page.locator("#follow-query")).to_have_value("region=bretagne")
    expect(page.locator("#follow-email")).to_have_value("lea@exemple.fr")

    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator(".search-follow").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/svc-feeds/follow-desktop.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".search-follow").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/svc-feeds/follow-phone.png")

    page.locator(".follow-alert button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Consultez votre messagerie")
    expect(page.locator("main")).to_contain_text("Bretagne")
    _shots(page, "alert-check-inbox")

    page.goto(live_server(confirmation_path(live_server.app, "lea@exemple.fr", "/alertes/confirmer/")))
    expect(page.locator("h1")).to_have_text("Alerte confirmée")
    _shots(page, "alert-confirmed")
    unsubscribe = confirmation_path(live_server.app, "lea@exemple.fr", "/alertes/desinscription/")
    page.goto(live_server(unsubscribe.replace("/desinscription/", "/mes-alertes/")))
    expect(page.locator(".alert-list li")).to_have_count(1)
    expect(page.locator(".alert-list")).to_contain_text("Bretagne")
    _shots(page, "alert-manage")
    page.locator(".alert-list button").click()
    expect(page.locator("main")).to_contain_text("vous ne recevrez plus les nouveautés de cette recherche")
    _shots(page, "alert-unsubscribed")


def test_head_feed_links_follow_htmx_updates_and_the_back_button(page, live_server):
    """The <head>'s rel="alternate" links (feed readers, browser extensions) carry the search
    shown: htmx does not swap the head, static/js/search.js copies the visible links' hrefs."""
    open_search(page, live_server("/evenements/"))
    head = {
        "atom": page.locator("head link[rel='alternate'][type='application/atom+xml']"),
        "ics": page.locator("head link[rel='alternate'][type='text/calendar']"),
    }
    expect(head["atom"]).to_have_attribute("href", live_server("/evenements/flux.xml"))
    expect(head["ics"]).to_have_attribute("href", live_server("/evenements/flux.ics"))

    n = swaps(page)
    page.locator("#f-region").select_option("bretagne")
    wait_swap(page, n)
    expect(head["atom"]).to_have_attribute("href", live_server("/evenements/flux.xml?region=bretagne"))
    expect(head["ics"]).to_have_attribute("href", live_server("/evenements/flux.ics?region=bretagne"))

    n = swaps(page)
    page.locator("#f-gratuit").check()
    wait_swap(page, n)
    expect(page).to_have_url(re.compile(r"gratuit=oui"))
    for kind, path in (("atom", "flux.xml"), ("ics", "flux.ics")):
        expect(head[kind]).to_have_attribute(
            "href", re.compile(rf"/evenements/{re.escape(path)}\?region=bretagne&gratuit=oui$")
        )
    shown = page.locator("#follow-links a[type='application/atom+xml']").get_attribute("href")
    assert head["atom"].get_attribute("href") == shown
    assert page.locator("head link[rel='alternate']").count() == 2  # changed in place, not added

    page.go_back()  # a page restored by htmx: its body only
    expect(page).to_have_url(re.compile(r"region=bretagne"))
    assert "gratuit" not in page.url
    assert not_reloaded(page)
    expect(page.locator("#f-gratuit")).not_to_be_checked()
    expect(head["atom"]).to_have_attribute("href", live_server("/evenements/flux.xml?region=bretagne"))
    expect(head["ics"]).to_have_attribute("href", live_server("/evenements/flux.ics?region=bretagne"))


def test_alert_page_of_a_search_url(page, live_server, console_errors):
    console_errors.allow(422)
    page.goto(live_server("/alertes/?theme=travailler&gratuit=oui"))
    expect(page.locator("main")).to_contain_text("Travailler · Gratuit")
    page.fill("#email", "pas-une-adresse")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_contain_text("Saisissez une adresse e-mail valide")
    _shots(page, "alert-form-error")
