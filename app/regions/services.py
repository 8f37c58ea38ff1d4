"""Regions: event counts, events grouped by département, national events, map points."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.events import programme
from app.events.programme import ProgrammeCount
from app.extensions import db
from app.models import Departement, Event, Region
from app.platform import public_cache

PER_DEPARTEMENT = 8


@dataclass
class DepartementEvents:
    departement: Departement
    programme: ProgrammeCount
    events: list[Event] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Events listed for the département (cancelled ones included, as in the list)."""
        return self.programme.listed


def _published(edition_id: int):
    return programme.public(edition_id)


def regions_with_counts(edition_id: int) -> list[tuple[Region, ProgrammeCount]]:
    """Events on the programme per region (app.events.programme); cached until a published
    event changes (app.platform.public_cache)."""
    counts = public_cache.cached(
        "region-programme",
        lambda: programme.count_by(Event.region_id, edition_id),
        edition_id,
    )
    regions = db.session.scalars(select(Region).order_by(Region.overseas, Region.name))
    return [(r, counts.get(r.id, ProgrammeCount(0))) for r in regions]


def region_programme(region: Region, edition_id: int) -> ProgrammeCount:
    """The region's events on the programme (and cancelled ones), with or without coordinates."""
    return programme.count(edition_id, Event.region_id == region.id)


def get_by_slug(slug: str) -> Region | None:
    return db.session.scalar(
        select(Region).where(Region.slug == slug).options(selectinload(Region.departements))
    )


def _upcoming_first(now: datetime):
    # Upcoming events first (by date), then past ones (most recent first).
    return ((Event.ends_at < now), Event.starts_at)


def events_by_departement(
    region: Region, edition_id: int, now: datetime, limit: int = PER_DEPARTEMENT
) -> list[DepartementEvents]:
    counts = programme.count_by(Event.departement_code, edition_id, Event.region_id == region.id)
    ranked = (
        select(
            Event.id,
            func.row_number()
            .over(
                partition_by=Event.departement_code,
                order_by=[(Event.ends_at < now), Event.starts_at, Event.id],
            )
            .label("n"),
        )
        .where(*_published(edition_id), Event.region_id == region.id)
        .subquery()
    )
    events = db.session.scalars(
        select(Event)
        .join(ranked, ranked.c.id == Event.id)
        .where(ranked.c.n <= limit)
        .order_by(*_upcoming_first(now), Event.id)
        .options(selectinload(Event.theme), selectinload(Event.organiser), selectinload(Event.region))
    ).all()
    groups = [DepartementEvents(d, counts.get(d.code, ProgrammeCount(0))) for d in region.departements]
    by_code = {g.departement.code: g for g in groups}
    for event in events:
        if event.departement_code in by_code:
            by_code[event.departement_code].events.append(event)
    return groups


def national_events(edition_id: int, now: datetime, limit: int = 10) -> tuple[list[Event], ProgrammeCount]:
    where = (*_published(edition_id), Event.scale == "nationale")
    total = programme.count(edition_id, Event.scale == "nationale")
    events = db.session.scalars(
        select(Event)
        .where(*where)
        .order_by(*_upcoming_first(now), Event.id)
        .limit(limit)
        .options(selectinload(Event.theme), selectinload(Event.organiser), selectinload(Event.region))
    ).all()
    return list(events), total


def region_points(region: Region, edition_id: int) -> list[tuple[float, float, int, str]]:
    """Map points, cached until a published event changes (app.platform.public_cache)."""
    return public_cache.cached(
        "region-points", lambda: _region_points(region, edition_id), region.id, edition_id
    )


def _region_points(region: Region, edition_id: int) -> list[tuple[float, float, int, str]]:
    rows = db.session.execute(
        select(Event.latitude, Event.longitude, Event.id, Event.title).where(
            *_published(edition_id),
            Event.region_id == region.id,
            Event.latitude.is_not(None),
            Event.longitude.is_not(None),
        )
    )
    return [(round(lat, 5), round(lon, 5), eid, title) for lat, lon, eid, title in rows]
