"""The event lifecycle around publication: pending revisions of published events, each
region's moderation settings (minor changes, e-mails to the CRESS) and the daily digests sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.account import User
from app.models.event import Event
from app.models.reference import Region

REVISION_STATUSES = ("pending", "approved", "refused")
SUBMISSION_MAIL_MODES = ("digest", "each", "none")


class EventRevision(db.Model):
    """Changes an organiser proposes to a published event: the event stays online as it is
    until the CRESS approves them. At most one pending revision per event."""

    __tablename__ = "event_revision"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'refused')", name="status"),
        # One pending revision per event (a partial unique index, on both backends).
        Index(
            "ux_event_revision_pending",
            "event_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # {column: proposed value} (app.events.revisions: JSON form of the values), and the values
    # they replaced when proposed.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    previous: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class RegionModerationSettings(db.Model):
    """A CRESS's choices for its region (a missing row means the defaults)."""

    __tablename__ = "region_moderation_settings"
    __table_args__ = (
        CheckConstraint("submission_mail IN ('digest', 'each', 'none')", name="submission_mail"),
    )

    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"), primary_key=True)
    # Minor fields (app.events.revisions.MINOR_FIELDS) of a published event go live at once.
    minor_changes_live: Mapped[bool] = mapped_column(default=False)
    # How the CRESS hears of submissions: a daily digest, one e-mail each, or none.
    submission_mail: Mapped[str] = mapped_column(String(10), default="digest")

    region: Mapped[Region] = relationship()


class ModerationDigest(db.Model):
    """One daily digest sent to a region's CRESS (a second run the same day sends nothing)."""

    __tablename__ = "moderation_digest"
    __table_args__ = (UniqueConstraint("region_id", "day", name="uq_moderation_digest_region_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"))
    day: Mapped[date]
    events: Mapped[int] = mapped_column(default=0)
    revisions: Mapped[int] = mapped_column(default=0)
    recipients: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())
