"""An edition of the Mois de l'ESS and its calendar (all instants stored in UTC)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Edition(db.Model):
    __tablename__ = "edition"
    __table_args__ = (
        CheckConstraint("month_end >= month_start", name="month_dates"),
        CheckConstraint("candidacy_close > candidacy_open", name="candidacy_dates"),
        CheckConstraint("registration_close > registration_open", name="registration_dates"),
        CheckConstraint("vote_close > vote_open", name="vote_dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(default="")
    month_start: Mapped[date]
    month_end: Mapped[date]
    candidacy_open: Mapped[datetime]
    candidacy_close: Mapped[datetime]
    registration_open: Mapped[datetime]
    registration_close: Mapped[datetime]
    vote_open: Mapped[datetime]
    vote_close: Mapped[datetime]

    def __repr__(self) -> str:
        return f"<Edition {self.year}>"
