"""Prix ESS: the nominees of the public vote for the Prix de l'impact local.
(Candidacies, jury scores and votes have their own modules.)"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.edition import Edition
from app.models.reference import Region


class Nominee(db.Model):
    """One of the (about 15) organisations the public can vote for in an edition, chosen by
    the CRESS among the candidacies of their region."""

    __tablename__ = "nominee"
    __table_args__ = (UniqueConstraint("edition_id", "slug", name="uq_nominee_edition_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    # The candidacy it comes from (set by the CRESS pre-selection).
    candidacy_id: Mapped[int | None] = mapped_column(ForeignKey("candidacy.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="RESTRICT"))
    commune: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    photo_file: Mapped[str | None] = mapped_column(String(80))
    video_url: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())

    edition: Mapped[Edition] = relationship()
    region: Mapped[Region] = relationship()
