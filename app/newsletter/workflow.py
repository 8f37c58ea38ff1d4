"""Life cycle of a newsletter issue: one table of allowed transitions.

brouillon --start_sending--> envoi --finish--> envoyee

A draft is edited, previewed and tested as often as wanted; once the sending is confirmed
the issue is read-only. The batches (app/newsletter/sending.py) move it to "envoyee" when no
recipient is left. No other module assigns `NewsletterIssue.status`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.common.time import utcnow
from app.extensions import db
from app.models import NewsletterIssue, User


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str


TRANSITIONS = {
    t.action: t
    for t in (
        Transition("start_sending", frozenset({"brouillon"}), "envoi"),
        Transition("finish", frozenset({"envoi"}), "envoyee"),
    )
}

STATUS_LABELS = {
    "brouillon": _l("Brouillon"),
    "envoi": _l("Envoi en cours"),
    "envoyee": _l("Envoyée"),
}


READ_ONLY = _l("Cette lettre a déjà été envoyée : elle ne peut plus être modifiée.")


class TransitionError(ValueError):
    """The action is not allowed from the issue's current status (message in French)."""


def apply(
    issue: NewsletterIssue,
    action: str,
    user: User | None = None,
    *,
    recipients: int | None = None,
    sent: int | None = None,
    now: datetime | None = None,
) -> None:
    """Move `issue` through `action`, or raise TransitionError. Flushes, never commits."""
    transition = TRANSITIONS[action]
    if issue.status not in transition.sources:
        raise TransitionError(READ_ONLY)
    now = now or utcnow()
    issue.status = transition.target
    if action == "start_sending":
        issue.sending_started_at, issue.sent_by_id = now, user.id if user else None
        issue.recipients_at_start = recipients
    else:
        issue.sent_at, issue.sent_count = now, sent
    db.session.flush()
