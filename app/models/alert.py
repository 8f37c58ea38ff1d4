"""E-mail alerts on a search (app/alerts/): the search followed and each weekly digest sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.link import new_secret


class SearchAlert(db.Model):
    """A search followed by e-mail. `query` holds the canonical URL arguments of the search
    (app.events.feeds.query_string), so the same search is one alert per address."""

    __tablename__ = "search_alert"
    __table_args__ = (UniqueConstraint("email", "query", name="uq_search_alert_email_query"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255))  # first column of the unique constraint
    query: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())
    confirmed_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]
    # Events published after this instant go into the next digest (confirmation, then each digest).
    digest_from: Mapped[datetime | None]
    # Random secret of the unsubscribe and "my alerts" links of the current subscription,
    # replaced at each new request: the links of a former subscription then do nothing.
    key: Mapped[str] = mapped_column(String(64), unique=True, default=new_secret)

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class AlertDigest(db.Model):
    """One digest of one alert for one week (ISO week, "2026-W48"): the unique constraint
    makes a second run of the command, even concurrent, skip the alert."""

    __tablename__ = "alert_digest"
    __table_args__ = (UniqueConstraint("alert_id", "period", name="uq_alert_digest_alert_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("search_alert.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]
    events: Mapped[int] = mapped_column(default=0)  # events in the message (0: nothing sent)
