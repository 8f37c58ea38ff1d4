"""Prix ESS: candidacies, their attachments and history, the jury and its scores."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.account import User
from app.models.edition import Edition
from app.models.organisation import Organisation

# The statuses of a candidacy, in the order of its life cycle (named and moved only by
# app/prizes/candidacy/workflow.py); the database refuses any other value.
CANDIDACY_STATUSES = ("brouillon", "depose", "preselectionne", "retenu", "laureat", "non-retenu")


class Candidacy(db.Model):
    """One organisation's application to the Prix ESS of one edition."""

    __tablename__ = "candidacy"
    __table_args__ = (
        UniqueConstraint("organisation_id", "edition_id", name="uq_candidacy_organisation_edition"),
        CheckConstraint("status IN (%s)" % ", ".join(f"'{s}'" for s in CANDIDACY_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="brouillon", server_default="brouillon")
    # Prize categories chosen, e.g. ["performance", "innovation"].
    categories: Mapped[list] = mapped_column(JSON, default=list)
    # One JSON object per step of the form: {"organisation": {...}, "project": {...}, ...}.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    project_title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # CRESS pre-selection (not public until the national admin publishes).
    cress_score: Mapped[int | None] = mapped_column(Integer)
    cress_comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    laureate_category: Mapped[str | None] = mapped_column(String(20))
    laureate_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    laureate_video_url: Mapped[str] = mapped_column(String(255), default="", server_default="")
    submitted_at: Mapped[datetime | None]
    late_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("late_submission_code.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())

    edition: Mapped[Edition] = relationship()
    organisation: Mapped[Organisation] = relationship()
    attachments: Mapped[list[CandidacyAttachment]] = relationship(
        back_populates="candidacy", cascade="all, delete-orphan", order_by="CandidacyAttachment.id"
    )


class CandidacyAttachment(db.Model):
    """A file of a candidacy, stored outside static/ under a random name."""

    __tablename__ = "candidacy_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidacy_id: Mapped[int] = mapped_column(ForeignKey("candidacy.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())

    candidacy: Mapped[Candidacy] = relationship(back_populates="attachments")


class CandidacyEvent(db.Model):
    """One line of a candidacy's history: who did what, when, and why."""

    __tablename__ = "candidacy_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidacy_id: Mapped[int] = mapped_column(ForeignKey("candidacy.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())

    user: Mapped[User | None] = relationship()


class Criterion(db.Model):
    """One line of a prize category's scoring grid (weights set by the national admin)."""

    __tablename__ = "prize_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(20), index=True)
    label: Mapped[str] = mapped_column(String(200))
    weight: Mapped[int] = mapped_column(default=1, server_default="1")
    max_score: Mapped[int] = mapped_column(default=10, server_default="10")
    position: Mapped[int] = mapped_column(default=0, server_default="0")


class JuryAssignment(db.Model):
    """A juror scores the shortlisted candidacies of one category of one edition."""

    __tablename__ = "jury_assignment"
    __table_args__ = (UniqueConstraint("edition_id", "user_id", "category", name="uq_jury_assignment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship()


class JuryScore(db.Model):
    __tablename__ = "jury_score"
    __table_args__ = (UniqueConstraint("candidacy_id", "user_id", "criterion_id", name="uq_jury_score"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidacy_id: Mapped[int] = mapped_column(ForeignKey("candidacy.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("prize_criterion.id", ondelete="CASCADE"))
    score: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())


class ConflictOfInterest(db.Model):
    __tablename__ = "conflict_of_interest"
    __table_args__ = (UniqueConstraint("candidacy_id", "user_id", name="uq_conflict"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidacy_id: Mapped[int] = mapped_column(ForeignKey("candidacy.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())


class LateSubmissionCode(db.Model):
    """A single-use code an admin grants an organisation to apply after the close."""

    __tablename__ = "late_submission_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())


class PrizePublication(db.Model):
    """What the national team has made public for an edition, and when the held e-mails
    to applicants were sent (they are computed from the statuses, sent on a click)."""

    __tablename__ = "prize_publication"

    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), primary_key=True)
    shortlist_published_at: Mapped[datetime | None]
    shortlist_mailed_at: Mapped[datetime | None]
    # Outbox ids of the shortlist results (app.mail.outbox): the publication can be cancelled
    # while none of them has left.
    shortlist_mail_ids: Mapped[list | None] = mapped_column(JSON)
    laureates_published_at: Mapped[datetime | None]
    laureates_mailed_at: Mapped[datetime | None]
    deliberation_opened_at: Mapped[datetime | None]
