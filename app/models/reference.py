"""Reference data: themes, regions and départements (loaded by `flask reference load`)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class Theme(db.Model):
    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # Topics as one line each (short lists edited by the national team).
    topics_text: Mapped[str] = mapped_column(Text, default="")
    color: Mapped[str] = mapped_column(String(7))

    @property
    def topics(self) -> list[str]:
        return [t for t in self.topics_text.splitlines() if t.strip()]

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"


class Region(db.Model):
    __tablename__ = "region"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(3), unique=True)  # INSEE region code
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    cress_name: Mapped[str] = mapped_column(String(160))
    cress_website: Mapped[str] = mapped_column(String(255), default="")
    cress_email: Mapped[str] = mapped_column(String(255), default="")
    cress_city: Mapped[str] = mapped_column(String(120), default="")
    cress_presentation: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitised when shown
    cress_phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    cress_address: Mapped[str] = mapped_column(String(255), default="", server_default="")
    timezone: Mapped[str] = mapped_column(String(40), default="Europe/Paris")
    population: Mapped[int] = mapped_column(default=0)
    overseas: Mapped[bool] = mapped_column(default=False)
    center_lat: Mapped[float]
    center_lon: Mapped[float]
    zoom: Mapped[int] = mapped_column(default=7)

    departements: Mapped[list[Departement]] = relationship(
        back_populates="region", order_by="Departement.code"
    )
    partners: Mapped[list[RegionalPartner]] = relationship(
        back_populates="region",
        order_by="(RegionalPartner.position, RegionalPartner.name)",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Region {self.slug}>"


class Departement(db.Model):
    __tablename__ = "departement"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="RESTRICT"), index=True)

    region: Mapped[Region] = relationship(back_populates="departements")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"

    def __repr__(self) -> str:
        return f"<Departement {self.code}>"


class RegionalPartner(db.Model):
    """A partner of one region's Mois de l'ESS, shown on the region's page (edited by its CRESS)."""

    __tablename__ = "regional_partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    url: Mapped[str] = mapped_column(String(255), default="")
    logo_file: Mapped[str | None] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)

    region: Mapped[Region] = relationship(back_populates="partners")
