"""Events (manifestations) of an edition."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.edition import Edition
from app.models.organisation import Organisation
from app.models.reference import Departement, Region, Theme

event_coorganisers = Table(
    "event_coorganiser",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)


class EventAudience(db.Model):
    """One target audience of an event (an event has several)."""

    __tablename__ = "event_audience"
    __table_args__ = (Index("ix_event_audience_code_event", "code", "event_id"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)


# Columns the search filters or counts on, besides edition, status and date.
SEARCH_COLUMNS = (
    "ends_at",
    "region_id",
    "departement_code",
    "theme_id",
    "second_theme_id",
    "kind",
    "online",
    "in_person",
    "free",
    "access_moteur",
    "access_visuel",
    "access_auditif",
    "access_psychique",
    "access_mental",
    "latitude",
    "longitude",
)


class Event(db.Model):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("ends_at >= starts_at", name="dates_order"),
        CheckConstraint("status IN ('brouillon', 'soumis', 'a-modifier', 'refuse', 'publie')", name="status"),
        CheckConstraint(
            "schedule_status IN ('programme', 'reporte', 'complet', 'annule')",
            name="schedule_status",
        ),
        CheckConstraint("attendance IS NULL OR attendance >= 0", name="attendance"),
        CheckConstraint("theme_id <> second_theme_id", name="distinct_themes"),
        # Covering index of the public search: listing by date, facet counts and map points
        # read only this index, never the wide rows (descriptions). Its first columns are
        # those of a plain listing index (edition, status, date). PostgreSQL's indexes do
        # not carry the row id as SQLite's do: it is included, for index-only scans.
        Index(
            "ix_event_search", "edition_id", "status", "starts_at", *SEARCH_COLUMNS, postgresql_include=["id"]
        ),
        # Region pages: counts per département, first events of each, map points.
        Index(
            "ix_event_region_page",
            "region_id",
            "edition_id",
            "status",
            "departement_code",
            "starts_at",
            "ends_at",
            "latitude",
            "longitude",
        ),
        # National events listed on every region page (few rows: seek, then sort).
        Index("ix_event_scale", "edition_id", "status", "scale", "starts_at", "ends_at"),
        # Covers every column the bilan groups by: its aggregations read this index only,
        # not the wide event rows (app/bilan/queries.py, bench/bilan_bench.py).
        Index(
            "ix_event_bilan",
            "edition_id",
            "status",
            "schedule_status",
            "region_id",
            "theme_id",
            "second_theme_id",
            "departement_code",
            "kind",
            "scale",
            "partner_week",
            "organiser_id",
            "attendance",
            "other_coorganisers",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="RESTRICT"), index=True)
    second_theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("theme.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30), index=True)
    scale: Mapped[str] = mapped_column(String(20), default="locale")
    partner_week: Mapped[str | None] = mapped_column(String(40))

    starts_at: Mapped[datetime]  # UTC
    ends_at: Mapped[datetime]  # UTC

    venue: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    commune: Mapped[str] = mapped_column(String(120), default="")
    commune_insee: Mapped[str | None] = mapped_column(String(5))
    departement_code: Mapped[str | None] = mapped_column(
        ForeignKey("departement.code", ondelete="RESTRICT"), index=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="RESTRICT"))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]

    in_person: Mapped[bool] = mapped_column(default=True)
    online: Mapped[bool] = mapped_column(default=False)
    online_url: Mapped[str] = mapped_column(String(255), default="")
    free: Mapped[bool] = mapped_column(default=True)
    price_info: Mapped[str] = mapped_column(String(200), default="")
    registration_required: Mapped[bool] = mapped_column(default=False)
    registration_url: Mapped[str] = mapped_column(String(255), default="")

    access_moteur: Mapped[bool] = mapped_column(default=False)
    access_visuel: Mapped[bool] = mapped_column(default=False)
    access_auditif: Mapped[bool] = mapped_column(default=False)
    access_psychique: Mapped[bool] = mapped_column(default=False)
    access_mental: Mapped[bool] = mapped_column(default=False)
    accessibility_info: Mapped[str] = mapped_column(String(300), default="")

    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(255), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")

    status: Mapped[str] = mapped_column(String(20), default="brouillon")
    schedule_status: Mapped[str] = mapped_column(String(20), default="programme")
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"), index=True)
    other_coorganisers: Mapped[str] = mapped_column(String(300), default="")
    attendance: Mapped[int | None]

    image_file: Mapped[str | None] = mapped_column(String(80))
    image_credit: Mapped[str] = mapped_column(String(200), default="")
    # Random token of the form that created the event: a double submission creates one event.
    creation_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Fingerprint of a spreadsheet line (bulk import by a CRESS): re-importing creates no duplicate.
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    # Set when the organiser postpones the event: its first start (UTC), shown as "initialement prévu le".
    postponed_from: Mapped[datetime | None]
    # The organiser's message when cancelling, shown on the public page.
    cancel_message: Mapped[str] = mapped_column(String(1000), default="", server_default="")

    edition: Mapped[Edition] = relationship()
    theme: Mapped[Theme] = relationship(foreign_keys=[theme_id])
    second_theme: Mapped[Theme | None] = relationship(foreign_keys=[second_theme_id])
    region: Mapped[Region] = relationship()
    departement: Mapped[Departement | None] = relationship()
    organiser: Mapped[Organisation] = relationship()
    coorganisers: Mapped[list[Organisation]] = relationship(secondary=event_coorganisers)
    audience_rows: Mapped[list[EventAudience]] = relationship(
        cascade="all, delete-orphan", order_by=EventAudience.code
    )

    ACCESS_FIELDS = ("moteur", "visuel", "auditif", "psychique", "mental")

    @property
    def audiences(self) -> list[str]:
        return [row.code for row in self.audience_rows]

    @audiences.setter
    def audiences(self, codes: list[str]) -> None:
        self.audience_rows = [EventAudience(code=c) for c in dict.fromkeys(codes)]

    @property
    def accessibility(self) -> list[str]:
        return [k for k in self.ACCESS_FIELDS if getattr(self, f"access_{k}")]

    @property
    def is_published(self) -> bool:
        return self.status == "publie"

    @property
    def is_national(self) -> bool:
        return self.scale == "nationale"

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title!r}>"
