"""Sending an issue in batches (app/newsletter/sending.py): exactly one message per
subscriber, whatever runs the batches — the progress page, `flask newsletter-send`, two
senders at once — and nothing for a batch that rolls back.

The concurrency claims are about PostgreSQL (production) and run there with
TEST_DATABASE_URL; the same scenarios run on SQLite (writers serialised by its lock)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.common.time import utcnow
from app.extensions import db as _db
from app.models import NewsletterDelivery, NewsletterIssue, OutgoingMail
from app.newsletter import issues, sending
from tests import pg
from tests.helpers import outbox
from tests.newsletter.conftest import subscriber


@pytest.fixture(autouse=True)
def _urls(app):
    """Batches build absolute links (unsubscribe, events), as under the command's context."""
    with app.test_request_context():
        yield


def _issue(world, n_more: int = 0, region: str = "bretagne") -> int:
    """A Bretagne issue being sent, to the 3 confirmed subscribers plus `n_more`."""
    for i in range(n_more):
        subscriber(f"abonne{i:03d}@exemple.fr", region)
    issue = issues.save(None, world.cress, subject="Lettre de test", body="Bonjour", with_new_events=True)
    sending.start(issue, world.cress, issues.recipients_count(issue))
    _db.session.commit()
    return issue.id


def _deliveries(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(NewsletterDelivery.id)))


def test_batches_report_progress_and_finish(app, db, world):
    iid = _issue(world, n_more=4)
    states = []
    while True:
        state = sending.send_batch(iid, 3)
        db.session.commit()
        states.append((state.sent, state.total, state.done, state.claimed))
        if state.done:
            break
    assert states == [(3, 7, False, 3), (6, 7, False, 3), (7, 7, True, 1)]
    assert len(outbox()) == 7 and len({m.to for m in outbox()}) == 7
    assert sending.send_batch(iid, 3) == sending.Progress(7, 7, True, 0)
    db.session.commit()
    assert len(outbox()) == 7


def test_the_command_sends_what_is_left_and_then_nothing(app, db, world):
    iid = _issue(world, n_more=2)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["newsletter-send", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert f"Lettre n° {iid} : 2 / 5 envoyés." in result.output
    assert f"Lettre n° {iid} : 4 / 5 envoyés." in result.output
    assert f"Lettre n° {iid} : envoi terminé (5 abonnés)." in result.output
    assert len(outbox()) == 5
    again = runner.invoke(args=["newsletter-send"])
    assert "Aucune lettre en cours d'envoi." in again.output
    assert runner.invoke(args=["newsletter-send", "--batch-size", "0"]).exit_code != 0
    assert len(outbox()) == 5 and _deliveries(db) == 5
    db.session.expire_all()
    assert db.session.get(NewsletterIssue, iid).status == "envoyee"


def test_a_batch_that_rolls_back_mails_nobody_and_is_sent_again(app, db, world):
    iid = _issue(world)
    state = sending.send_batch(iid, 10)
    assert state.claimed == 3
    db.session.rollback()
    assert _deliveries(db) == 0 and outbox() == []
    assert db.session.scalar(select(func.count(OutgoingMail.id))) == 0
    sending.send_batch(iid, 10)
    db.session.commit()
    assert sorted(m.to for m in outbox()) == [s.email for s in world.bretagne]


def test_who_receives_it_is_decided_at_each_batch(app, db, world):
    iid = _issue(world)
    sending.send_batch(iid, 1)
    db.session.commit()
    # Unsubscribed after the start: never mailed. Confirmed after the start: not included.
    world.bretagne[2].unsubscribed_at = utcnow()
    late = subscriber("tardif@exemple.fr", "bretagne")
    late.confirmed_at = utcnow() + timedelta(seconds=5)
    db.session.commit()
    state = sending.send_batch(iid, 10)
    db.session.commit()
    assert (state.sent, state.total, state.done) == (2, 2, True)
    assert sorted(m.to for m in outbox()) == [world.bretagne[0].email, world.bretagne[1].email]


def _in_thread(app, work, errors):
    def run():
        try:
            with app.app_context(), app.test_request_context():
                work()
                _db.session.remove()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    return threading.Thread(target=run)


def _two_senders(app, db, world):
    """Two senders (two threads, two connections) run the batches of one issue at once."""
    iid = _issue(world, n_more=37)  # 40 recipients
    db.session.remove()
    barrier, errors, claimed = threading.Barrier(2), [], []

    def sender():
        barrier.wait()
        while True:
            state = sending.send_batch(iid, 3)
            _db.session.commit()
            claimed.append(state.claimed)
            if state.done or not state.claimed:
                return

    threads = [_in_thread(app, sender, errors) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert sum(claimed) == 40
    messages = outbox()
    assert len(messages) == 40 and len({m.to for m in messages}) == 40
    assert _deliveries(db) == 40
    assert db.session.get(NewsletterIssue, iid).sent_count == 40


def _racing_inserts(app, db, world):
    """Without the issue's lock, two transactions insert deliveries for the same subscribers:
    the second waits for the first, then the unique constraint leaves it nothing to mail."""
    iid = _issue(world, n_more=7)  # 10 recipients
    db.session.remove()
    first_inserted, errors, taken, waited = threading.Event(), [], {}, {}

    def claim(name, wait_before, hold):
        def work():
            if wait_before is not None:
                wait_before.wait(30)
            issue = _db.session.get(NewsletterIssue, iid)
            assert issue.target_regions == []
            # Detached and the read transaction ended: the INSERT begins the next one (on
            # SQLite, a read before a write in one transaction fails instead of waiting).
            _db.session.expunge(issue)
            _db.session.rollback()
            started = time.monotonic()
            taken[name] = sending._claim(issue, 10, utcnow())
            waited[name] = time.monotonic() - started
            if name == "first":
                first_inserted.set()
                time.sleep(hold)
            _db.session.commit()

        return work

    threads = [
        _in_thread(app, claim("first", None, 0.5), errors),
        _in_thread(app, claim("second", first_inserted, 0), errors),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert len(taken["first"]) == 10 and taken["second"] == []
    assert _deliveries(db) == 10
    return waited


needs_pg = pytest.mark.skipif(
    not pg.enabled(), reason="concurrency claim needs the real PostgreSQL: set TEST_DATABASE_URL to run it"
)
sqlite_only = pytest.mark.skipif(pg.enabled(), reason="SQLite variant; the PostgreSQL one runs instead")


@needs_pg
def test_two_senders_at_once_postgresql(app, db, world):
    assert db.engine.dialect.name == "postgresql"
    _two_senders(app, db, world)


@sqlite_only
def test_two_senders_at_once_sqlite(app, db, world):
    _two_senders(app, db, world)


@needs_pg
def test_unique_delivery_stops_a_racing_insert_postgresql(app, db, world):
    assert db.engine.dialect.name == "postgresql"
    waited = _racing_inserts(app, db, world)
    assert waited["second"] >= 0.3  # its INSERT ran while the first was open, and waited


@sqlite_only
def test_unique_delivery_stops_a_racing_insert_sqlite(app, db, world):
    _racing_inserts(app, db, world)


def test_a_batch_larger_than_the_mail_batch_leaves_at_once(app, db, world):
    """Inline delivery (development, tests) sends every message of the committed
    transaction, even more than the outbox's own batch (MAIL_BATCH_SIZE)."""
    app.config["MAIL_BATCH_SIZE"] = 2
    iid = _issue(world, n_more=4)
    assert sending.send_batch(iid, 10).claimed == 7
    db.session.commit()
    assert len(outbox()) == 7
    assert db.session.scalar(select(func.count(OutgoingMail.id)).where(OutgoingMail.status == "sent")) == 7


def test_an_issue_being_sent_cannot_be_edited_or_started_again(app, db, world):
    from app.newsletter import workflow

    iid = _issue(world)
    issue = db.session.get(NewsletterIssue, iid)
    with pytest.raises(workflow.TransitionError):
        issues.save(issue, world.cress, subject="Autre", body="Autre", with_new_events=False)
    with pytest.raises(workflow.TransitionError):
        sending.start(issue, world.cress, 3)
    db.session.rollback()
    assert db.session.get(NewsletterIssue, iid).subject == "Lettre de test"
