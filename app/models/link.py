"""One-time links sent by e-mail (app/platform/links.py): only the SHA-256 of each link's random secret
is kept, with what the link is for and when it was used."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


def new_secret() -> str:
    """A fresh random secret for a link (256 bits, URL-safe), never issued twice."""
    return secrets.token_urlsafe(32)


class OneTimeLink(db.Model):
    """A link is found by the hash of its secret, never by an id. The rows it refers to are
    foreign keys deleted with it (ON DELETE CASCADE), so a row that later gets the same id
    (SQLite reuses ids) is never reached by an old link."""

    __tablename__ = "one_time_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(30))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(255), default="")
    detail: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]
