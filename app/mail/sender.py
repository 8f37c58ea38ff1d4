"""Delivery of the outbox (app.models.OutgoingMail), always after the commit that wrote it.

A sender claims due messages with a lease (one UPDATE: status "sending", claimed_until =
now + lease; FOR UPDATE SKIP LOCKED on PostgreSQL so that two senders take different
messages), sends them (app.mail.transports: one SMTP connection per batch, or .eml
files), and records each outcome in its own short transaction right after each send. A message marked "sent"
is never claimed again; a sender that dies between a send and its record leaves a lease
that expires, so at most that one message is sent a second time. Failures are retried with
an exponential back-off, then marked "failed" (5xx answers at once: they will not change).

Runs inline after each commit (MAIL_DELIVERY = "inline", development and tests: see
`_after_commit`), or in the `flask mail-worker` process (production). Only this module
changes a message's status."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import and_, delete, event, or_, select, update
from sqlalchemy.orm import Session

from app.common.time import utcnow
from app.extensions import db
from app.mail.outbox import PENDING_IDS, track
from app.mail.transports import DeliveryError, transport
from app.models import OutgoingMail

T = OutgoingMail.__table__


@dataclass(frozen=True)
class Claimed:
    id: str
    recipient: str
    message: bytes
    attempts: int
    created_at: datetime


@dataclass
class Report:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0


# --- claiming and recording (each its own short transaction) -------------------------------


def _due(now: datetime):
    return or_(
        and_(T.c.status == "queued", T.c.next_attempt_at <= now),
        and_(T.c.status == "sending", T.c.claimed_until < now),
    )


def claim(*, now: datetime, lease: timedelta, limit: int, ids: list[str] | None = None) -> list[Claimed]:
    """Take up to `limit` due messages (only among `ids` if given) for `lease`."""
    engine = db.engine
    candidates = select(T.c.id).where(_due(now))
    if ids is not None:
        candidates = candidates.where(T.c.id.in_(ids))
    candidates = candidates.order_by(T.c.next_attempt_at, T.c.created_at).limit(limit)
    if engine.dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    # The condition is repeated on the outer UPDATE: on PostgreSQL a row changed by a
    # concurrent sender is re-checked after its lock is released, and then left alone.
    statement = (
        update(T)
        .where(T.c.id.in_(candidates.scalar_subquery()), _due(now))
        .values(status="sending", claimed_until=now + lease, attempts=T.c.attempts + 1)
        .returning(T.c.id, T.c.recipient, T.c.message, T.c.attempts, T.c.created_at)
    )
    with engine.begin() as connection:
        rows = connection.execute(statement).all()
    return sorted((Claimed(*row) for row in rows), key=lambda m: (m.created_at, m.id))


def record_sent(mail_id: str, at: datetime) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            update(T)
            .where(T.c.id == mail_id, T.c.status == "sending")
            .values(status="sent", sent_at=at, claimed_until=None, last_error="")
        )


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones: 1, 2, 4… × the base delay."""
    config = current_app.config
    seconds = config["MAIL_RETRY_DELAY_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["MAIL_RETRY_MAX_DELAY_SECONDS"]))


def record_failure(mail: Claimed, error: DeliveryError, at: datetime) -> str:
    """Back to "queued" after the back-off, or "failed"; returns the new status."""
    final = error.permanent or mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]
    values = {
        "status": "failed" if final else "queued",
        "claimed_until": None,
        "last_error": str(error)[:2000],
    }
    if not final:
        values["next_attempt_at"] = at + backoff(mail.attempts)
    with db.engine.begin() as connection:
        connection.execute(update(T).where(T.c.id == mail.id, T.c.status == "sending").values(**values))
    return values["status"]


def release(mails: list[Claimed]) -> None:
    """Hand back claimed messages that were not tried (the try is not counted)."""
    with db.engine.begin() as connection:
        connection.execute(
            update(T)
            .where(T.c.id.in_([m.id for m in mails]), T.c.status == "sending")
            .values(status="queued", claimed_until=None, attempts=T.c.attempts - 1)
        )


# --- one batch ----------------------------------------------------------------------------


def deliver(
    ids: list[str] | None = None, *, now: datetime | None = None, stop: threading.Event | None = None
) -> Report:
    """Claim and deliver one batch of due messages (only `ids` if given). `now` is the time
    of the claim (tests move it forward); once `stop` is set, the messages not yet tried
    are handed back."""
    config = current_app.config
    lease = timedelta(seconds=config["MAIL_LEASE_SECONDS"])
    start, started = now or utcnow(), time.monotonic()

    def clock() -> datetime:
        return start + timedelta(seconds=time.monotonic() - started)

    claimed = claim(now=start, lease=lease, limit=config["MAIL_BATCH_SIZE"], ids=ids)
    report = Report(claimed=len(claimed))
    if not claimed:
        return report
    # Never send under an expired lease: stop early enough for one more send to finish.
    last_send_before = start + lease - timedelta(seconds=config["MAIL_SMTP_TIMEOUT"] * 2)
    channel, index = None, -1
    try:
        channel = transport()
        for index, mail in enumerate(claimed):
            if clock() >= last_send_before or (stop is not None and stop.is_set()):
                release(claimed[index:])
                report.released += len(claimed) - index
                break
            try:
                channel.send(mail)
            except DeliveryError as error:
                current_app.logger.warning("mail %s to %s not delivered: %s", mail.id, mail.recipient, error)
                for failed in claimed[index:] if error.unreachable else [mail]:
                    status = record_failure(failed, error, clock())
                    report.failed += status == "failed"
                    report.retried += status == "queued"
                if error.unreachable:
                    break
                continue
            record_sent(mail.id, clock())
            report.sent += 1
    except Exception:
        # An unexpected error: the message at hand waits for its lease to expire (it may
        # have left), the ones not tried yet go back at once.
        release(claimed[index + 1 :])
        raise
    finally:
        if channel is not None:
            channel.close()
    return report


# --- administration -----------------------------------------------------------------------


def requeue(mail_id: str) -> bool:
    """Give a failed message a new series of tries, now (in the caller's transaction)."""
    mail = db.session.get(OutgoingMail, mail_id)
    if mail is None or mail.status != "failed":
        return False
    mail.status, mail.attempts, mail.next_attempt_at = "queued", 0, utcnow()
    db.session.flush()
    track(mail_id)
    return True


def purge_sent(days: int, now: datetime | None = None) -> int:
    """Delete the messages sent more than `days` days ago (they hold personal data and
    links); returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    with db.engine.begin() as connection:
        return connection.execute(delete(T).where(T.c.status == "sent", T.c.sent_at < cutoff)).rowcount


# --- the worker process -------------------------------------------------------------------


def run_worker(stop: threading.Event, interval: float = 1.0, purge_every: float = 3600.0) -> None:
    """Deliver due messages until `stop` is set: a full batch is followed at once by the
    next, otherwise the worker sleeps `interval` seconds (woken early by `stop`)."""
    logger = current_app.logger
    next_purge = time.monotonic()
    while not stop.is_set():
        try:
            report = deliver(stop=stop)
            if report.claimed:
                logger.info("mail: %s", report)
            if time.monotonic() >= next_purge:
                purge_sent(current_app.config["MAIL_PURGE_DAYS"])
                next_purge = time.monotonic() + purge_every
        except Exception:  # the database restarts, a bug in one batch: keep the worker up
            logger.exception("mail worker: batch failed")
            stop.wait(interval * 10)
            continue
        if report.claimed < current_app.config["MAIL_BATCH_SIZE"]:
            stop.wait(interval)


# --- inline delivery after each commit ----------------------------------------------------


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: wait for the real commit
        return
    ids = session.info.pop(PENDING_IDS, None)
    if not ids or not has_app_context() or current_app.config["MAIL_DELIVERY"] != "inline":
        return
    # The session cannot emit SQL here: the sender uses connections of its own. The
    # session's transaction is over, so SQLite's write lock is free.
    try:
        # A transaction may queue more than one batch (a newsletter batch): all of it leaves.
        while True:
            report = deliver(ids)
            if report.claimed < current_app.config["MAIL_BATCH_SIZE"] or not report.sent:
                break
    except Exception:  # the messages are safe in the outbox: `flask mail-send` retries
        current_app.logger.exception("inline mail delivery failed")


def _after_soft_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(PENDING_IDS, None)


def install() -> None:
    """Listen on every session (idempotent)."""
    if event.contains(Session, "after_commit", _after_commit):
        return
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_soft_rollback", _after_soft_rollback)
