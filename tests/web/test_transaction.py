"""One commit point per request (app.web.transaction): a blueprint's views commit when they
answer below 400, roll back otherwise (unless they record their refusals) and on any error;
actions registered with after_commit run only once the commit is done."""

from __future__ import annotations

import pytest
from flask import Blueprint, abort
from sqlalchemy import select

from app.extensions import db
from app.models import Partner
from app.web.transaction import after_commit, commit_per_request, records_refusals

done: list[str] = []


def _add(slug: str) -> None:
    db.session.add(Partner(name=slug, slug=slug))
    db.session.flush()


def _blueprint() -> Blueprint:
    bp = Blueprint("transaction_probe", __name__)

    @bp.post("/ok")
    def ok():
        _add("ok")
        after_commit(done.append, "ok")
        return "ok"

    @bp.post("/refused")
    def refused():
        _add("refused")
        after_commit(done.append, "refused")
        return "refusé", 422

    @bp.post("/recorded")
    @records_refusals
    def recorded():
        _add("recorded")
        return "refus enregistré", 400

    @bp.post("/missing")
    def missing():
        _add("missing")
        after_commit(done.append, "missing")
        abort(404)

    @bp.post("/twice")
    def twice():
        db.session.add(Partner(name="twice", slug="twice"))  # not flushed: refused at the commit
        after_commit(done.append, "twice")
        return "ok"

    commit_per_request(bp)
    return bp


@pytest.fixture()
def probe(app):
    app.config["WTF_CSRF_ENABLED"] = False
    app.register_blueprint(_blueprint(), url_prefix="/probe")
    done.clear()
    return app.test_client()


def _kept(slug: str) -> bool:
    db.session.remove()  # read what was committed, from a new session
    return db.session.scalar(select(Partner).where(Partner.slug == slug)) is not None


def test_an_answer_below_400_commits_then_runs_the_after_commit_actions(probe):
    assert probe.post("/probe/ok").status_code == 200
    assert _kept("ok")
    assert done == ["ok"]


def test_a_refusal_keeps_nothing_the_view_flushed_and_runs_no_action(probe):
    assert probe.post("/probe/refused").status_code == 422
    assert not _kept("refused")
    assert done == []


def test_a_view_that_records_its_refusals_commits_them(probe):
    assert probe.post("/probe/recorded").status_code == 400
    assert _kept("recorded")


def test_an_error_rolls_back_and_the_error_page_is_shown(probe):
    response = probe.post("/probe/missing")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)
    assert not _kept("missing")
    assert done == []


def test_a_failed_commit_reaches_the_error_pages_and_runs_no_action(app, probe):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert probe.post("/probe/twice").status_code == 200
    assert done == ["twice"]
    # The same slug again: the unique constraint refuses it when the request commits.
    response = probe.post("/probe/twice")
    assert response.status_code == 500
    assert "<html" in response.get_data(as_text=True)
    assert done == ["twice"]
    db.session.remove()
    assert len(db.session.scalars(select(Partner).where(Partner.slug == "twice")).all()) == 1
    assert probe.post("/probe/ok").status_code == 200  # the next request starts clean
    assert _kept("ok")
