"""Editorial content of the national team: partners, pages, newsletter subscribers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.link import new_secret
from app.models.reference import Region


class Partner(db.Model):
    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    url: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    logo_file: Mapped[str | None] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)
    visible: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())


class Page(db.Model):
    """Editorial page written in Markdown (Découvrir l'ESS, Les acteurs…)."""

    __tablename__ = "page"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(
        server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )


class NewsletterSubscriber(db.Model):
    __tablename__ = "newsletter_subscriber"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())
    confirmed_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]
    # Random secret of the unsubscribe links of the current subscription, replaced at each
    # new subscription request: the links of a former subscription then do nothing.
    unsubscribe_key: Mapped[str] = mapped_column(String(64), unique=True, default=new_secret)

    region: Mapped[Region | None] = relationship()

    @property
    def is_subscribed(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
