"""Every message is rendered from templates/mail/<name>.txt and .html (French).

`send_mail` renders a message and adds it to the outbox table (app.models.OutgoingMail) in
the current transaction: nothing leaves if that transaction rolls back. After the commit,
app.mail.sender delivers it: at once in development and tests (MAIL_DELIVERY = "inline"),
or by the `flask mail-worker` process in production (MAIL_DELIVERY = "worker").

With MAIL_SERVER set, messages go through SMTP. Without it (development, tests, a machine
with no network), each message is written as an .eml file to MAIL_OUTBOX_DIR (default
instance/outbox/), which the tests read with `outbox_messages()`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, parseaddr
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import delete, func, select

from app.common.time import utcnow
from app.extensions import db
from app.models import OutgoingMail
from app.models.mail import MAIL_STATUSES

# session.info key: ids of the messages added in the session's current transaction.
PENDING_IDS = "outgoing_mail_ids"


@dataclass(frozen=True)
class Message:
    id: str
    to: str
    subject: str
    text: str
    html: str
    sent_at: datetime


def send_mail(
    to: str, subject: str, template: str, *, headers: dict[str, str] | None = None, **context
) -> EmailMessage:
    """Render `template` (text and HTML) for `to` (with extra `headers`) and queue it in the
    current transaction; it is delivered once that transaction commits."""
    now = utcnow()
    mail_id = uuid.uuid4().hex
    message = compose_mail(mail_id, now, to, subject, template, headers=headers, **context)
    db.session.add(
        OutgoingMail(
            id=mail_id,
            recipient=to,
            subject=subject[:500],
            message=message.as_bytes(policy=policy.SMTP),
            created_at=now,
            status="queued",
            attempts=0,
            next_attempt_at=now,
            last_error="",
        )
    )
    track(mail_id)
    return message


def unsubscribe_headers(link: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers of a message with a one-click unsubscribe `link` (the link
    must unsubscribe on a POST without session or CSRF token: mail clients post it)."""
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def compose_mail(
    mail_id: str,
    now,
    to: str,
    subject: str,
    template: str,
    *,
    headers: dict[str, str] | None = None,
    **context,
) -> EmailMessage:
    """The message `send_mail` queues, rendered but not queued (also used to spend the same
    time on a request that must not reveal that it sends nothing)."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(now.replace(tzinfo=UTC))
    domain = parseaddr(sender)[1].rpartition("@")[2] or "lemois-ess.fr"
    message["Message-ID"] = f"<{mail_id}@{domain}>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(render_template(f"mail/{template}.txt", **context))
    message.add_alternative(render_template(f"mail/{template}.html", **context), subtype="html")
    return message


def mail_id_of(message: EmailMessage) -> str:
    """The outbox id of a message `send_mail` returned (its Message-ID is "<id@domain>")."""
    return str(message["Message-ID"]).strip("<>").partition("@")[0]


class AlreadySent(Exception):
    """Some of the messages to withdraw are being sent or were sent."""


def withdraw(ids: list[str]) -> int:
    """Delete the messages `ids` that have not left the outbox (queued, or failed and not
    retried yet), all or none: AlreadySent (nothing deleted) when one of them is being or
    was delivered. Returns the number deleted. Flushes, never commits."""
    if not ids:
        return 0
    gone = select(func.count()).where(OutgoingMail.id.in_(ids), OutgoingMail.status.in_(("sending", "sent")))
    if db.session.scalar(gone):
        raise AlreadySent()
    waiting = select(func.count()).where(OutgoingMail.id.in_(ids))
    expected = db.session.scalar(waiting) or 0
    deleted = db.session.execute(
        delete(OutgoingMail).where(OutgoingMail.id.in_(ids), OutgoingMail.status.in_(("queued", "failed"))),
        execution_options={"synchronize_session": False},
    ).rowcount
    if deleted != expected:  # a sender claimed one in between: the caller rolls back
        raise AlreadySent()
    return deleted


def track(mail_id: str) -> None:
    """Deliver `mail_id` after the commit of the session's transaction (inline delivery)."""
    db.session.info.setdefault(PENDING_IDS, []).append(mail_id)


def eml_name(mail_id: str, created_at: datetime) -> str:
    """The .eml file of a message: named by its id (rewriting it is harmless), prefixed by
    its creation time so that the folder lists in order."""
    return f"{created_at:%Y%m%dT%H%M%S%f}-{mail_id}.eml"


def outbox_dir() -> Path:
    configured = current_app.config.get("MAIL_OUTBOX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def parse(raw: bytes) -> tuple[str, str, str, str]:
    """(To, Subject, text body, HTML body) of a stored message."""
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    text = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    return (
        str(parsed["To"]),
        str(parsed["Subject"]),
        text.get_content() if text else "",
        html.get_content() if html else "",
    )


def outbox_messages(to: str | None = None, limit: int = 200) -> list[Message]:
    """Messages of the outbox folder, newest first (optionally only those sent to `to`)."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    messages = []
    for path in sorted(folder.glob("*.eml"), reverse=True):
        recipient, subject, text, html = parse(path.read_bytes())
        if to and recipient.lower() != to.lower():
            continue
        messages.append(
            Message(
                id=path.stem,
                to=recipient,
                subject=subject,
                text=text,
                html=html,
                sent_at=datetime.strptime(path.stem.split("-")[0], "%Y%m%dT%H%M%S%f"),
            )
        )
        if len(messages) >= limit:
            break
    return messages


@dataclass(frozen=True)
class OutboxRow:
    """A message of the outbox table as the admin page shows it."""

    id: str
    to: str
    subject: str
    text: str
    html: str
    created_at: datetime
    status: str
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str

    @property
    def retryable(self) -> bool:
        return self.status == "failed"


def status_counts() -> dict[str, int]:
    """Number of messages per status (every status present, 0 when none)."""
    counts = dict.fromkeys(MAIL_STATUSES, 0)
    counts.update(
        (status, n)
        for status, n in db.session.execute(
            select(OutgoingMail.status, func.count()).group_by(OutgoingMail.status)
        )
    )
    return counts


def latest(limit: int = 100) -> list[OutboxRow]:
    """The newest messages of the outbox table, with their text and HTML for preview."""
    rows = db.session.scalars(
        select(OutgoingMail).order_by(OutgoingMail.created_at.desc(), OutgoingMail.id).limit(limit)
    )
    out = []
    for row in rows:
        _to, _subject, text, html = parse(row.message)
        out.append(
            OutboxRow(
                id=row.id,
                to=row.recipient,
                subject=row.subject,
                text=text,
                html=html,
                created_at=row.created_at,
                status=row.status,
                attempts=row.attempts,
                next_attempt_at=row.next_attempt_at,
                sent_at=row.sent_at,
                last_error=row.last_error,
            )
        )
    return out
