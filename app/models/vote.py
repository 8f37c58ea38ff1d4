"""Public vote for the Prix de l'impact local: pending requests, confirmed votes, audit log,
used proof-of-work challenges."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.prize import Nominee


class PendingVote(db.Model):
    """A vote waiting for its e-mail confirmation: the only place where an address is kept,
    until confirmation or expiry (`flask vote-purge`). Only the e-mail holds its link's secret."""

    __tablename__ = "vote_pending"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominee.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(255))
    email_domain: Mapped[str] = mapped_column(String(255), index=True)
    created_at: Mapped[datetime] = mapped_column(index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    # SHA-256 of the random secret of the confirmation link: the link finds its request by
    # this, never by the id (SQLite hands a deleted row's id to the next request).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)


class Vote(db.Model):
    """A confirmed vote. The voter is only a salted hash of the normalised address; the
    unique constraint makes a second vote of the same person impossible, even concurrently."""

    __tablename__ = "vote"
    __table_args__ = (
        UniqueConstraint("edition_id", "voter_hash", name="uq_vote_edition_voter"),
        Index("ix_vote_edition_nominee", "edition_id", "nominee_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominee.id", ondelete="CASCADE"))
    voter_hash: Mapped[str] = mapped_column(String(64))
    email_domain: Mapped[str] = mapped_column(String(255), index=True)
    ip_hash: Mapped[str] = mapped_column(String(64), default="")
    confirmed_at: Mapped[datetime]
    voided_at: Mapped[datetime | None]
    void_reason: Mapped[str] = mapped_column(String(500), default="")

    nominee: Mapped[Nominee] = relationship()


class VoteAudit(db.Model):
    """One line per vote-related action (request, confirmation, refusal, void)."""

    __tablename__ = "vote_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp(), index=True)
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(30))
    nominee_id: Mapped[int | None] = mapped_column(ForeignKey("nominee.id", ondelete="SET NULL"))
    ip_hash: Mapped[str] = mapped_column(String(64), default="")
    email_domain: Mapped[str] = mapped_column(String(255), default="")
    outcome: Mapped[str] = mapped_column(String(200), default="")

    nominee: Mapped[Nominee | None] = relationship()


class UsedChallenge(db.Model):
    """Proof-of-work challenges already spent (single use); purged after expiry."""

    __tablename__ = "vote_used_challenge"

    salt: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
