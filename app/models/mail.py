"""Outgoing e-mail (transactional outbox): a message is written in the transaction of the
change that causes it, and delivered after the commit by app.mail.sender."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

MAIL_STATUSES = ("queued", "sending", "sent", "failed")


class OutgoingMail(db.Model):
    """One rendered message. Its id is also its Message-ID (and its .eml file name), so a
    delivery is idempotent; only app.mail.sender changes `status`."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sending', 'sent', 'failed')", name="status"),
        CheckConstraint("attempts >= 0", name="attempts"),
        # What the sender looks for: due messages, and expired leases.
        Index("ix_outgoing_mail_due", "status", "next_attempt_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    # The whole message as sent (headers, text and HTML parts), CRLF line endings.
    message: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
