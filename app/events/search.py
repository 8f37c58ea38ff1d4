"""Event search: filters, full-text, facet counts, pagination and map points."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, func, literal_column, or_, select, text, union_all
from sqlalchemy.orm import selectinload

from app.events import search_index
from app.events.params import SearchParams
from app.extensions import db
from app.models import Event, EventAudience, Region, Theme

PARIS = ZoneInfo("Europe/Paris")
PUBLIC_STATUS = "publie"


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    page: int
    pages: int
    events: list[Event] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    points: list[tuple[float, float, int]] = field(default_factory=list)


def local_midnight_utc(day: date) -> datetime:
    """Midnight in Paris of `day`, as the naive UTC datetime stored in the database."""
    aware = datetime.combine(day, time(0), tzinfo=PARIS)
    return aware.astimezone(timezone.utc).replace(tzinfo=None)


def _fts_subquery(query: str):
    """(event id, rank) for a full-text query, or None when the query has no word."""
    return search_index.matching(db.engine.dialect.name, query)


def _conditions(params: SearchParams, edition_id: int, skip: str = "") -> list:
    """WHERE conditions for the criteria; `skip` leaves one facet out (for its counts)."""
    where = [Event.edition_id == edition_id, Event.status == PUBLIC_STATUS]
    if params.themes and skip != "theme":
        ids = select(Theme.id).where(Theme.slug.in_(params.themes))
        where.append(or_(Event.theme_id.in_(ids), Event.second_theme_id.in_(ids)))
    if params.regions and skip != "region":
        where.append(Event.region_id.in_(select(Region.id).where(Region.slug.in_(params.regions))))
    if params.departements and skip != "departement":
        where.append(Event.departement_code.in_(params.departements))
    if params.kinds and skip != "type":
        where.append(Event.kind.in_(params.kinds))
    if params.audiences and skip != "public":
        where.append(Event.id.in_(select(EventAudience.event_id)
                                  .where(EventAudience.code.in_(params.audiences))))
    if skip != "accessible":
        for code in params.access:
            where.append(getattr(Event, f"access_{code}").is_(True))
    if params.start:
        where.append(Event.ends_at >= local_midnight_utc(params.start))
    if params.end:
        where.append(Event.starts_at < local_midnight_utc(params.end + timedelta(days=1)))
    if params.online == "oui" and skip != "en_ligne":
        where.append(Event.online.is_(True))
    elif params.online == "non" and skip != "en_ligne":
        where.append(Event.in_person.is_(True))
    if params.free and skip != "gratuit":
        where.append(Event.free.is_(True))
    return where


def _base(params: SearchParams, edition_id: int, fts, skip: str = "") -> Select:
    stmt = select(Event.id).where(*_conditions(params, edition_id, skip))
    if fts is not None:
        stmt = stmt.where(Event.id.in_(select(fts.c.id)))
    return stmt


def _count_by(column, ids: Select) -> dict[str, int]:
    rows = db.session.execute(
        select(column, func.count()).where(Event.id.in_(ids)).group_by(column)
    )
    return {str(key): n for key, n in rows if key is not None}


def facet_counts(params: SearchParams, edition_id: int, fts) -> dict[str, dict[str, int]]:
    """For each filter, how many results each of its values would give."""
    facets: dict[str, dict[str, int]] = {}
    ids = _base(params, edition_id, fts, skip="theme").subquery()
    both = union_all(
        select(Event.theme_id.label("tid")).where(Event.id.in_(select(ids.c.id))),
        select(Event.second_theme_id.label("tid")).where(
            Event.id.in_(select(ids.c.id)), Event.second_theme_id.is_not(None)),
    ).subquery()
    rows = db.session.execute(
        select(Theme.slug, func.count()).join(both, both.c.tid == Theme.id).group_by(Theme.slug))
    facets["theme"] = dict(rows.all())
    rows = db.session.execute(
        select(Region.slug, func.count()).join(Event, Event.region_id == Region.id)
        .where(Event.id.in_(_base(params, edition_id, fts, skip="region"))).group_by(Region.slug))
    facets["region"] = dict(rows.all())
    facets["departement"] = _count_by(Event.departement_code,
                                      _base(params, edition_id, fts, skip="departement"))
    facets["type"] = _count_by(Event.kind, _base(params, edition_id, fts, skip="type"))
    rows = db.session.execute(
        select(EventAudience.code, func.count())
        .where(EventAudience.event_id.in_(_base(params, edition_id, fts, skip="public")))
        .group_by(EventAudience.code))
    facets["public"] = dict(rows.all())
    current = _base(params, edition_id, fts, skip="accessible")
    access_cols = [func.sum(func.cast(getattr(Event, f"access_{k}"), db.Integer))
                   for k in Event.ACCESS_FIELDS]
    sums = db.session.execute(select(*access_cols).where(Event.id.in_(current))).one()
    facets["accessible"] = {k: int(v or 0) for k, v in zip(Event.ACCESS_FIELDS, sums)}
    online_ids = _base(params, edition_id, fts, skip="en_ligne")
    row = db.session.execute(select(
        func.sum(func.cast(Event.online, db.Integer)),
        func.sum(func.cast(Event.in_person, db.Integer)),
    ).where(Event.id.in_(online_ids))).one()
    facets["en_ligne"] = {"oui": int(row[0] or 0), "non": int(row[1] or 0)}
    free = db.session.scalar(select(func.count()).where(
        Event.id.in_(_base(params, edition_id, fts, skip="gratuit")), Event.free.is_(True)))
    facets["gratuit"] = {"oui": int(free or 0)}
    return facets


def search(params: SearchParams, edition_id: int, *, page_size: int = 20,
           with_facets: bool = True) -> SearchResult:
    fts = _fts_subquery(params.q) if params.q else None
    if params.q and fts is None:
        params = replace(params, q="")
    ids = _base(params, edition_id, fts)
    total = db.session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    pages = max(1, math.ceil(total / page_size))
    page = min(params.page, pages)
    result = SearchResult(params=params, total=total, page=page, pages=pages)
    if with_facets:
        result.facets = facet_counts(params, edition_id, fts)
    if params.view == "carte":
        result.points = map_points(ids)
        return result
    stmt = select(Event).where(Event.id.in_(ids))
    if params.sort == "pertinence" and fts is not None:
        stmt = stmt.join(fts, fts.c.id == Event.id).order_by(fts.c.rank, Event.starts_at)
    else:
        stmt = stmt.order_by(Event.starts_at, Event.id)
    stmt = stmt.options(
        selectinload(Event.theme), selectinload(Event.second_theme),
        selectinload(Event.organiser), selectinload(Event.region),
    ).limit(page_size).offset((page - 1) * page_size)
    result.events = list(db.session.scalars(stmt))
    return result


def map_points(ids: Select) -> list[tuple[float, float, int]]:
    """Compact [lat, lon, id] rows, coordinates rounded to about one metre."""
    rows = db.session.execute(
        select(Event.latitude, Event.longitude, Event.id)
        .where(Event.id.in_(ids), Event.latitude.is_not(None), Event.longitude.is_not(None)))
    return [(round(lat, 5), round(lon, 5), eid) for lat, lon, eid in rows]
