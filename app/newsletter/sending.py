"""Sending an issue to its subscribers, batch after batch, through the outbox.

A batch is one short transaction: it takes the issue's row (an UPDATE: on PostgreSQL a row
lock until the commit, on SQLite the write lock), so two senders of the same issue — the
author's progress page on two app servers, `flask newsletter-send` from cron — take turns;
it then inserts the deliveries of up to `size` subscribers not served yet with
INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING and queues exactly one message for each
row it inserted, in the same transaction. The unique constraint (issue, subscriber) is the
last word: a row another sender inserted is not returned, so its subscriber is not mailed
again, whatever the timing. The batch that finds nobody left marks the issue sent.

Recipients: the issue's audience (app/newsletter/issues.py) confirmed before the sending
started, still subscribed when their batch runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, exists, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.common.time import utcnow
from app.extensions import db
from app.models import NewsletterDelivery, NewsletterIssue, NewsletterSubscriber, User
from app.newsletter import issues, services, workflow

D = NewsletterDelivery
S = NewsletterSubscriber


@dataclass(frozen=True)
class Progress:
    sent: int
    total: int
    done: bool
    claimed: int = 0  # messages queued by this batch


def _not_served(issue: NewsletterIssue):
    served = exists().where(D.issue_id == issue.id, D.subscriber_id == S.id)
    return [*issues.audience(issue, issue.sending_started_at), ~served]


def sent_count(issue: NewsletterIssue) -> int:
    return db.session.scalar(select(func.count(D.id)).where(D.issue_id == issue.id)) or 0


def progress(issue: NewsletterIssue, claimed: int = 0) -> Progress:
    sent = sent_count(issue)
    if issue.status != "envoi":
        return Progress(sent, sent, issue.status == "envoyee", claimed)
    left = db.session.scalar(select(func.count(S.id)).where(*_not_served(issue))) or 0
    return Progress(sent, sent + left, False, claimed)


def start(issue: NewsletterIssue, user: User, recipients: int, now: datetime | None = None) -> None:
    """The author confirmed: from now on the issue is read-only and its batches may run.
    Two confirmations at once: the second waits for the first, then finds it sent
    (workflow.TransitionError)."""
    db.session.refresh(issue, with_for_update=True)
    workflow.apply(issue, "start_sending", user, recipients=recipients, now=now)


def _claim(issue: NewsletterIssue, size: int, now: datetime) -> list[int]:
    """Record the deliveries of up to `size` subscribers not served yet; return their ids
    (only the rows this statement inserted)."""
    module = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    candidates = (
        select(literal(issue.id), S.id, literal(now, DateTime()))
        .where(*_not_served(issue))
        .order_by(S.id)
        .limit(size)
    )
    statement = (
        module.insert(D)
        .from_select([D.issue_id, D.subscriber_id, D.created_at], candidates)
        .on_conflict_do_nothing(index_elements=[D.issue_id, D.subscriber_id])
        .returning(D.subscriber_id)
    )
    return list(db.session.scalars(statement))


def send_batch(issue_id: int, size: int, now: datetime | None = None) -> Progress | None:
    """Queue the next batch of `issue_id` (None: no such issue). Flushes, never commits."""
    now = now or utcnow()
    taken = db.session.execute(
        update(NewsletterIssue)
        .where(NewsletterIssue.id == issue_id, NewsletterIssue.status == "envoi")
        .values(last_batch_at=now)
        .returning(NewsletterIssue.id),
        execution_options={"synchronize_session": False},
    ).first()
    issue = db.session.get(NewsletterIssue, issue_id, populate_existing=True)
    if issue is None or taken is None:
        return None if issue is None else progress(issue)
    ids = _claim(issue, size, now)
    if ids:
        letter = issues.content(issue, issue.sending_started_at)
        for subscriber in db.session.scalars(select(S).where(S.id.in_(ids)).order_by(S.id)):
            services.send(subscriber, letter.subject, issues.MAIL_TEMPLATE, letter=letter)
    state = progress(issue, claimed=len(ids))
    if state.sent == state.total:
        workflow.apply(issue, "finish", sent=state.sent, now=now)
        state = Progress(state.sent, state.sent, True, len(ids))
    return state


def issues_being_sent() -> list[int]:
    return list(
        db.session.scalars(
            select(NewsletterIssue.id).where(NewsletterIssue.status == "envoi").order_by(NewsletterIssue.id)
        )
    )
