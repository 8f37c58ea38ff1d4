"""Public vote in a real browser: the proof of work runs, the vote is confirmed through the
outbox; without JavaScript the question is answered instead; axe on the vote page."""

from __future__ import annotations

import re
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import confirmation_path, window_open_now

BLOCKING = {"serious", "critical"}
WORDS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]


@pytest.fixture()
def open_vote(live_server, tmp_path):
    """The current edition's vote is open during the test; e-mails go to a folder."""
    with window_open_now(live_server.app, "vote", tmp_path / "outbox"):
        yield


def _confirmation_path(app, email: str) -> str:
    return confirmation_path(app, email, "/prix/vote/confirmer/")


def _vote_count(app) -> int:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Vote

    with app.app_context():
        try:
            return db.session.scalar(select(func.count(Vote.id)))
        finally:
            db.session.remove()


def test_vote_with_proof_of_work_and_confirmation(page, live_server, open_vote):
    app = live_server.app
    before = _vote_count(app)
    email = f"votant-{uuid.uuid4().hex[:8]}@exemple.fr"
    page.goto(live_server("/prix/vote/"))
    expect(page.locator("#vote-pow-status")).to_have_text(re.compile("terminée"), timeout=20000)
    expect(page.locator("#vote-question")).to_be_hidden()
    page.locator(".vote-nominee input[type=radio]").first.check()
    page.get_by_label("Votre adresse e-mail").fill(email)
    page.get_by_role("button", name="Voter").click()
    expect(page.get_by_role("heading", name="Consultez votre messagerie")).to_be_visible()
    page.goto(live_server(_confirmation_path(app, email)))
    expect(page.get_by_role("status")).to_contain_text("est enregistré")
    assert _vote_count(app) == before + 1


def test_vote_without_javascript_answers_the_question(new_context, live_server, open_vote):
    app = live_server.app
    page = new_context(java_script_enabled=False).new_page()
    email = f"sansjs-{uuid.uuid4().hex[:8]}@exemple.fr"
    page.goto(live_server("/prix/vote/"))
    question = page.locator("#vote-question .form-hint").inner_text()
    a, b = re.search(r"Combien font (\S+) plus (\S+) \?", question).groups()
    page.locator(".vote-nominee input[type=radio]").nth(1).check()
    page.get_by_label("Votre adresse e-mail").fill(email)
    page.get_by_label("Question anti-robot").fill(str(WORDS.index(a) + WORDS.index(b)))
    page.get_by_role("button", name="Voter").click()
    expect(page.get_by_role("heading", name="Consultez votre messagerie")).to_be_visible()
    assert _confirmation_path(app, email).startswith("/prix/vote/confirmer/")


def test_no_serious_axe_violation_on_the_vote_page(page, live_server, open_vote, console_errors):
    page.goto(live_server("/prix/vote/"))
    # With errors shown too: submit the empty form once (answered 422, by design).
    console_errors.allow(422)
    page.get_by_role("button", name="Voter").click()
    expect(page.locator("#form-errors")).to_be_visible()
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:5]]}" for v in blocking
    )
