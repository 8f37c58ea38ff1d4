"""Newsletter issues written by the national team or a CRESS, and their deliveries: one row
per (issue, subscriber), unique, written in the same transaction as the subscriber's outbox
message — so no subscriber is ever mailed twice for one issue (app/newsletter/sending.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.account import User
from app.models.reference import Region

ISSUE_STATUSES = ("brouillon", "envoi", "envoyee")

# Regions a national issue is sent to (none: every subscriber).
newsletter_issue_regions = Table(
    "newsletter_issue_region",
    db.metadata,
    Column("issue_id", ForeignKey("newsletter_issue.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("region.id", ondelete="CASCADE"), primary_key=True),
)


class NewsletterIssue(db.Model):
    """One letter. `region_id`: the CRESS that writes it, None for the national team. Its
    status changes only through app/newsletter/workflow.py."""

    __tablename__ = "newsletter_issue"
    __table_args__ = (
        CheckConstraint("status IN ('brouillon', 'envoi', 'envoyee')", name="status"),
        Index("ix_newsletter_issue_region_status", "region_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id", ondelete="RESTRICT"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown
    with_new_events: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="brouillon")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )
    # Sending: who confirmed it and when (subscribers confirmed later are not included),
    # how many recipients the confirmation showed, the last batch, the end and final count.
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    sending_started_at: Mapped[datetime | None]
    recipients_at_start: Mapped[int | None]
    last_batch_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    sent_count: Mapped[int | None]

    region: Mapped[Region | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
    target_regions: Mapped[list[Region]] = relationship(
        secondary=newsletter_issue_regions, order_by=Region.name
    )

    @property
    def is_draft(self) -> bool:
        return self.status == "brouillon"


class NewsletterDelivery(db.Model):
    """The issue was queued in the outbox for this subscriber (in the same transaction)."""

    __tablename__ = "newsletter_delivery"
    __table_args__ = (UniqueConstraint("issue_id", "subscriber_id", name="uq_newsletter_delivery"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("newsletter_issue.id", ondelete="CASCADE"))
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("newsletter_subscriber.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime]
