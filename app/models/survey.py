"""The organisers' survey after the Month: who was invited (and reminded), and each
organisation's one answer per edition (app/organisers/services/survey.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class SurveyInvitation(db.Model):
    """One per organisation and edition: the invitation, then at most one reminder."""

    __tablename__ = "survey_invitation"
    __table_args__ = (UniqueConstraint("edition_id", "organisation_id", name="uq_survey_invitation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(255))
    invited_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]


class SurveyAnswerAudience(db.Model):
    """One audience the organisation reached (catalog.AUDIENCES)."""

    __tablename__ = "survey_answer_audience"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("survey_answer.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)


class SurveyAnswer(db.Model):
    """An organisation's answer for an edition, editable until the survey closes."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        UniqueConstraint("edition_id", "organisation_id", name="uq_survey_answer"),
        CheckConstraint(
            "satisfaction IN ('tres-satisfait', 'satisfait', 'peu-satisfait', 'pas-satisfait')",
            name="satisfaction",
        ),
        CheckConstraint("again IN ('oui', 'non', 'peut-etre')", name="again"),
        CheckConstraint("partners >= 0", name="partners"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    satisfaction: Mapped[str] = mapped_column(String(20))
    partners: Mapped[int] = mapped_column(default=0)  # partner organisations involved
    partner_names: Mapped[str] = mapped_column(Text, default="")
    press: Mapped[bool] = mapped_column(default=False)
    press_media: Mapped[str] = mapped_column(Text, default="")
    again: Mapped[str] = mapped_column(String(12))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    audience_rows: Mapped[list[SurveyAnswerAudience]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def audiences(self) -> list[str]:
        return sorted(row.code for row in self.audience_rows)

    @audiences.setter
    def audiences(self, codes) -> None:
        self.audience_rows = [SurveyAnswerAudience(code=c) for c in dict.fromkeys(codes)]
