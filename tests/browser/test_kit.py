"""The communication kit page, the survey form reached from its e-mailed link, and the
bilan's survey section, in a real browser: axe, images loaded, no sideways scrolling."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.helpers import VIEWPORTS
from tests.browser.test_accessibility import BLOCKING, _report

_axe = Axe()
_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def _no_blocking_violation(page, what: str) -> None:
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe violations on {what}:\n{_report(blocking)}"


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_kit_page(page, live_server, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(live_server("/kit/"))
    expect(page.locator("h1")).to_have_text("Kit de communication 2026")
    for name in ("Le Mois de l'ESS – novembre 2026", "Je participe au Mois de l'ESS 2026"):
        image = page.get_by_role("img", name=name)
        expect(image).to_be_visible()
        assert image.evaluate("img => img.naturalWidth") > 0
    snippet = page.get_by_label("Code HTML à copier dans votre site").input_value()
    assert snippet.startswith(f'<a href="{live_server("/")}"><img src="{live_server("/kit/2026/badge.png")}"')
    assert page.evaluate(_OVERFLOW) <= 0
    _no_blocking_violation(page, "/kit/")
    page.screenshot(path=f"/tmp/kit-page-{viewport}.png", full_page=True)


@pytest.fixture()
def survey_link(live_server):
    """A one-time link of an organisation of 2025 that has not answered, the 2025 survey kept
    open for the test."""
    from app.extensions import db
    from app.models import Edition, Event, OneTimeLink, Organisation, SurveyAnswer
    from app.organisers.services import survey

    app = live_server.app
    app.config["SURVEY_DAYS"] = 100_000
    with app.app_context(), app.test_request_context("/", base_url=live_server.url):
        edition = db.session.scalar(select(Edition).where(Edition.year == 2025))
        answered = select(SurveyAnswer.organisation_id).where(SurveyAnswer.edition_id == edition.id)
        organisers = select(Event.organiser_id).where(
            Event.edition_id == edition.id, Event.status == "publie"
        )
        organisation = db.session.scalar(
            select(Organisation)
            .where(Organisation.id.in_(organisers), Organisation.id.not_in(answered))
            .order_by(Organisation.id)
            .limit(1)
        )
        ids, name = (organisation.id, edition.id), organisation.name
        token = survey.links.issue(survey.SURVEY, 3600, organisation=organisation, detail=str(edition.id))
        db.session.commit()
        db.session.remove()
    try:
        yield live_server(f"/espace/enquete/{token}"), name
    finally:
        app.config["SURVEY_DAYS"] = 62
        with app.app_context():
            db.session.execute(OneTimeLink.__table__.delete().where(OneTimeLink.purpose == survey.SURVEY))
            db.session.execute(
                SurveyAnswer.__table__.delete().where(
                    SurveyAnswer.organisation_id == ids[0], SurveyAnswer.edition_id == ids[1]
                )
            )
            db.session.commit()
            db.session.remove()


def test_survey_form_from_the_link(page, live_server, survey_link, console_errors):
    url, name = survey_link
    for viewport in ("mobile", "desktop"):
        page.set_viewport_size(VIEWPORTS[viewport])
        page.goto(url)
        expect(page.locator("h1")).to_have_text("Enquête des organisateurs du Mois de l'ESS 2025")
        expect(page.locator(".lead")).to_contain_text(f"Pour {name}.")
        assert page.evaluate(_OVERFLOW) <= 0
        page.screenshot(path=f"/tmp/kit-survey-{viewport}.png", full_page=True)
    _no_blocking_violation(page, "the survey form")
    page.get_by_label("Plutôt satisfait").check()
    page.get_by_label("Grand public").check()
    page.get_by_label("Combien de partenaires").fill("2")
    page.get_by_role("group", name="Vos événements ont-ils été annoncés").get_by_label("Oui").check()
    page.get_by_label("Quels médias ?").fill("France Bleu")
    page.get_by_role("group", name="Participerez-vous").get_by_label("Peut-être").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.locator(".alert--success")).to_contain_text(
        "Les réponses de votre organisation sont enregistrées"
    )
    console_errors.allow(400)  # the used link, on purpose
    page.goto(url)
    expect(page.locator(".alert--error")).to_contain_text("Ce lien a déjà servi")


def test_bilan_shows_the_survey_section_of_the_demo(page, live_server):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(live_server("/bilan/2025/#enquete"))
    section = page.locator("section.bilan-section", has=page.locator("h2#enquete"))
    expect(section).to_contain_text("organisateurs invités, soit")
    expect(section.get_by_role("img", name="Satisfaction des organisateurs")).to_be_visible()
    section.screenshot(path="/tmp/kit-bilan-survey.png")
