"""Event search: filters, full-text, facet counts, pagination and map points."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import joinedload, load_only

from app.common.time import PARIS
from app.events import facets, search_index
from app.events.params import SearchParams
from app.events.programme import CANCELLED, ProgrammeCount
from app.extensions import db
from app.models import Event, EventAudience, Organisation, Region, Theme
from app.reference import lookup
from app.reference.lookup import ReferenceData

PUBLIC_STATUS = "publie"


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    page: int
    pages: int
    events: list[Event] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    points: list[tuple[float, float, int, str]] = field(default_factory=list)
    cancelled: int = 0  # cancelled events among the `total` results

    @property
    def programme(self) -> ProgrammeCount:
        """The results said as the programme (app.events.programme): cancelled ones apart."""
        return ProgrammeCount(self.total - self.cancelled, self.cancelled)


def local_midnight_utc(day: date) -> datetime:
    """Midnight in Paris of `day`, as the naive UTC datetime stored in the database."""
    aware = datetime.combine(day, time(0), tzinfo=PARIS)
    return aware.astimezone(timezone.utc).replace(tzinfo=None)


def _fts_subquery(query: str):
    """(event id, rank) for a full-text query, or None when the query has no word."""
    return search_index.matching(db.engine.dialect.name, query)


@dataclass(frozen=True)
class Criteria:
    """The WHERE of a search: conditions that are not facets, and the active facet filters."""

    base: list
    filters: dict[str, ColumnElement]

    @property
    def where(self) -> list:
        return [*self.base, *self.filters.values()]


def _base_conditions(params: SearchParams, edition_id: int, fts) -> list:
    where = [Event.edition_id == edition_id, Event.status == PUBLIC_STATUS]
    if params.start:
        where.append(Event.ends_at >= local_midnight_utc(params.start))
    if params.end:
        where.append(Event.starts_at < local_midnight_utc(params.end + timedelta(days=1)))
    if fts is not None:
        where.append(Event.id.in_(select(fts.c.id)))
    return where


def _facet_filters(params: SearchParams, ref: ReferenceData) -> dict[str, ColumnElement]:
    """Active filters keyed by the facet whose counts ignore them."""
    filters: dict[str, ColumnElement] = {}
    if params.themes:
        ids = ref.theme_ids(params.themes)
        filters["theme"] = or_(Event.theme_id.in_(ids), Event.second_theme_id.in_(ids))
    if params.regions:
        filters["region"] = Event.region_id.in_(ref.region_ids(params.regions))
    if params.departements:
        filters["departement"] = Event.departement_code.in_(params.departements)
    if params.kinds:
        filters["type"] = Event.kind.in_(params.kinds)
    if params.audiences:
        filters["public"] = Event.id.in_(
            select(EventAudience.event_id).where(EventAudience.code.in_(params.audiences))
        )
    if params.access:
        filters["accessible"] = and_(*(getattr(Event, f"access_{code}").is_(True) for code in params.access))
    if params.online:
        filters["en_ligne"] = (Event.online if params.online == "oui" else Event.in_person).is_(True)
    if params.free:
        filters["gratuit"] = Event.free.is_(True)
    return filters


def criteria(params: SearchParams, edition_id: int, fts=None) -> Criteria:
    return Criteria(_base_conditions(params, edition_id, fts), _facet_filters(params, lookup.current()))


def _page_of_events(where: list, fts, page: int, page_size: int) -> list[Event]:
    """One page of events: the page's ids first (from the covering index), then the rows."""
    ids = select(Event.id, Event.starts_at).where(*where)
    if fts is not None:
        ids = ids.add_columns(fts.c.rank).join(fts, fts.c.id == Event.id)
    ids = ids.order_by(*_ordering(ids.selected_columns, fts is not None))
    ids = ids.limit(page_size).offset((page - 1) * page_size).subquery("page")
    stmt = (
        select(Event)
        .join(ids, ids.c.id == Event.id)
        .order_by(*_ordering(ids.c, fts is not None))
        .options(*CARD_LOADING)
    )
    return list(db.session.scalars(stmt))


# What an event card shows (templates/macros/events.html): only these columns are read, not
# the wide ones (description, summary, contacts…), nor the organisers' whole rows.
_THEME_COLUMNS = (Theme.name, Theme.slug, Theme.color)
CARD_LOADING = (
    load_only(
        Event.title,
        Event.slug,
        Event.starts_at,
        Event.ends_at,
        Event.schedule_status,
        Event.kind,
        Event.commune,
        Event.departement_code,
        Event.in_person,
        Event.online,
        Event.free,
        Event.scale,
        Event.theme_id,
        Event.second_theme_id,
        Event.organiser_id,
        Event.region_id,
    ),
    joinedload(Event.theme).load_only(*_THEME_COLUMNS),
    joinedload(Event.second_theme).load_only(*_THEME_COLUMNS),
    joinedload(Event.organiser).load_only(Organisation.name),
    joinedload(Event.region).load_only(Region.name, Region.slug, Region.timezone),
)


def _ordering(columns, by_rank: bool) -> list:
    keys = [columns.starts_at, columns.id]
    return [columns.rank, *keys] if by_rank else keys


def search(
    params: SearchParams, edition_id: int, *, page_size: int = 20, with_facets: bool = True
) -> SearchResult:
    fts = _fts_subquery(params.q) if params.q else None
    if params.q and fts is None:
        params = replace(params, q="")
    where = criteria(params, edition_id, fts)
    if with_facets:
        total, facet_counts = facets.count(where.base, where.filters, lookup.current())
    else:
        total = _count(where.where)
        facet_counts = {}
    pages = max(1, math.ceil(total / page_size))
    page = min(params.page, pages)
    result = SearchResult(params=params, total=total, page=page, pages=pages, facets=facet_counts)
    if total:
        result.cancelled = _count(where.where, Event.schedule_status == CANCELLED)
    if params.view == "carte":
        result.points = map_points(where.where)
    by_rank = params.sort == "pertinence" and fts is not None
    result.events = _page_of_events(where.where, fts if by_rank else None, page, page_size)
    return result


def _count(where: list, *more) -> int:
    return db.session.scalar(select(func.count(Event.id)).where(*where, *more)) or 0


def map_points(where: list) -> list[tuple[float, float, int, str]]:
    """Compact [lat, lon, id, title] rows, coordinates rounded to about one metre."""
    rows = db.session.execute(
        select(Event.latitude, Event.longitude, Event.id, Event.title).where(
            *where, Event.latitude.is_not(None), Event.longitude.is_not(None)
        )
    )
    return [(round(lat, 5), round(lon, 5), eid, title) for lat, lon, eid, title in rows]
