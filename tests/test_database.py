"""SQLite transactions (app/platform/database.py): BEGIN IMMEDIATE for requests that write, plain BEGIN
for the others, working savepoints, and a French 503 page when the write lock stays taken."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from app import create_app
from app.common.time import utcnow
from app.extensions import db as _db
from app.models import PendingVote, Vote, VoteAudit
from app.platform.database import is_lock_error
from tests import pg
from tests.helpers import body, outbox
from tests.prizes.vote.helpers import open_vote, page_fields, pending_links, solve_pow

pytestmark = pytest.mark.skipif(pg.enabled(), reason="SQLite transaction handling")


def _begins(db, do) -> list[str]:
    """The BEGIN statements sent to the database while `do()` runs (fresh session first)."""
    db.session.remove()
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if statement.upper().startswith("BEGIN"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        do()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
        db.session.remove()
    return seen


def test_writing_requests_take_the_write_lock_first_reading_ones_do_not(client, db):
    edition, nominees = open_vote()
    [link] = pending_links(edition, nominees, 1)
    assert _begins(db, lambda: client.get("/prix/vote/")) == ["BEGIN"]
    assert _begins(db, lambda: client.get(link)) == ["BEGIN IMMEDIATE"]  # a GET that writes
    fields = page_fields(client.get("/prix/vote/").get_data(as_text=True))
    data = {
        "csrf_token": fields["csrf_token"],
        "question_token": fields["question_token"],
        "nominee": "initiative-1",
        "email": "quelqu.un@exemple.fr",
        "website": "",
        "answer": "",
        "pow": solve_pow(fields["pow_data"]),
    }
    # The request's transaction, then (inline delivery, after its commit) the claim of its
    # e-mail and the record that it was sent: each takes the write lock first.
    assert _begins(db, lambda: client.post("/prix/vote/", data=data)) == ["BEGIN IMMEDIATE"] * 3
    assert db.session.scalar(select(func.count(PendingVote.id))) == 1  # the POST was served
    # Outside requests (tests, CLI): plain BEGIN.
    assert _begins(db, lambda: db.session.scalar(select(func.count(Vote.id)))) == ["BEGIN"]


def _audit(outcome: str) -> VoteAudit:
    return VoteAudit(
        at=utcnow(), edition_id=None, action="test", ip_hash="", email_domain="", outcome=outcome
    )


def _outcomes(db) -> list[str]:
    return sorted(db.session.scalars(select(VoteAudit.outcome).where(VoteAudit.action == "test")))


def test_savepoints_nest_inside_the_transaction(db):
    db.session.remove()
    # A savepoint opened first is still inside the transaction: releasing it commits nothing.
    with db.session.begin_nested():
        db.session.add(_audit("dans le point de sauvegarde"))
    db.session.rollback()
    assert _outcomes(db) == []
    # Rolling back a savepoint keeps what the transaction did before it.
    db.session.add(_audit("avant"))
    nested = db.session.begin_nested()
    db.session.add(_audit("annulé"))
    db.session.flush()
    nested.rollback()
    db.session.commit()
    assert _outcomes(db) == ["avant"]


def test_database_locked_gives_a_french_503_and_writes_nothing(fresh_database_url, tmp_path):
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        UPLOAD_DIR=str(tmp_path / "uploads"),
        SQLITE_BUSY_TIMEOUT_MS=200,
    )
    with app.app_context():
        edition, nominees = open_vote()
        [link] = pending_links(edition, nominees, 1)
        _db.session.remove()
        # Another process holds the write lock for longer than our busy timeout.
        blocker = sqlite3.connect(fresh_database_url.removeprefix("sqlite:///"), isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            started = time.monotonic()
            response = app.test_client().get(link)
            waited = time.monotonic() - started
        finally:
            blocker.rollback()
            blocker.close()
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        page = body(response)
        assert "Le site est très sollicité : réessayez dans quelques instants." in page
        assert "Traceback" not in page and "OperationalError" not in page
        assert 0.15 < waited < 3  # SQLITE_BUSY_TIMEOUT_MS, not the default 5 s
        # Nothing half-done: the request is still pending, no vote, no audit line, no mail.
        assert _db.session.scalar(select(func.count(PendingVote.id))) == 1
        assert _db.session.scalar(select(func.count(Vote.id))) == 0
        assert _db.session.scalar(select(func.count(VoteAudit.id))) == 0
        assert outbox() == []
        _db.session.remove()
        # Once the lock is released, the same link works.
        again = app.test_client().get(link)
        assert again.status_code == 200 and "est enregistré" in body(again)
        assert _db.session.scalar(select(func.count(Vote.id))) == 1
        _db.session.remove()
        _db.engine.dispose()


def test_only_lock_errors_are_turned_into_503():
    def error(message: str) -> OperationalError:
        return OperationalError("SELECT 1", {}, sqlite3.OperationalError(message))

    assert is_lock_error(error("database is locked"))
    assert not is_lock_error(error("no such table: vote"))


def test_other_database_errors_stay_server_errors(app, client):
    def broken():
        raise OperationalError("SELECT 1", {}, sqlite3.OperationalError("no such table: vote"))

    app.add_url_rule("/test-broken", "test_broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/test-broken")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert "Erreur du serveur" in body(response)
