"""SQL aggregations of the bilan: every figure is a COUNT/SUM grouped in the database.

Which events count: those "au programme" (app.events.programme: published in the edition
and not cancelled; the real reports counted what was held); cancelled events are counted
apart so that the page can say how many were left out. The same SQL serves the
national report (region_id None) and a region's report, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    literal_column,
    or_,
    select,
    union_all,
)

from app.events import programme
from app.extensions import db
from app.models import Edition, Event, EventAudience, Organisation, event_coorganisers

# Upper bounds (inclusive) of the attendance brackets; the last bracket is "over 100".
# 20 and 50 fall in "20 to 50", 100 in "51 to 100", 101 in "over 100".
ATTENDANCE_BUCKETS = (("moins-de-20", 19), ("20-50", 50), ("51-100", 100), ("plus-de-100", None))


@dataclass(frozen=True)
class Totals:
    events: int
    organisers: int
    coorganised: int
    attendance_declared: int  # events whose attendance was declared
    participants: int  # sum of the declared attendance
    regions: int
    partner_week: int
    cancelled: int  # published but cancelled: not counted anywhere else


@dataclass(frozen=True)
class EditionCounts:
    year: int
    events: int
    organisers: int


def _counted(edition, region_id: int | None = None, cancelled: bool = False) -> list:
    """Conditions on Event: published in `edition` (an id or the Edition.id column), in the
    region if given, and held (or, with cancelled=True, the cancelled ones instead)."""
    conditions = programme.cancelled(edition) if cancelled else programme.on_programme(edition)
    if region_id is not None:
        conditions.append(Event.region_id == region_id)
    return conditions


def totals(edition_id: int, region_id: int | None = None) -> Totals:
    counted = _events(edition_id, region_id)
    has_coorganiser = exists().where(event_coorganisers.c.event_id == counted.c.id)
    coorganised = case((or_(has_coorganiser, counted.c.free_coorganiser), 1), else_=0)
    row = db.session.execute(
        select(
            func.count(counted.c.id),
            func.count(distinct(counted.c.organiser_id)),
            func.coalesce(func.sum(coorganised), 0),
            func.count(counted.c.attendance),
            func.coalesce(func.sum(counted.c.attendance), 0),
            func.count(distinct(counted.c.region_id)),
            func.count(counted.c.partner_week),
            select(func.count(Event.id))
            .where(*_counted(edition_id, region_id, cancelled=True))
            .scalar_subquery(),
        ).select_from(counted)
    ).one()
    return Totals(*(int(v) for v in row))


def _events(edition_id: int, region_id: int | None):
    """The counted events' columns that the bilan groups by, computed once per statement.

    MATERIALIZED (SQLite >= 3.35, PostgreSQL >= 12): one scan of the events, then every
    GROUP BY of the statement reads this small table instead of the wide event rows.
    """
    whens = [(Event.attendance <= bound, code) for code, bound in ATTENDANCE_BUCKETS if bound]
    bucket = case(*whens, else_=ATTENDANCE_BUCKETS[-1][0])
    return (
        select(
            Event.id,
            Event.theme_id,
            Event.second_theme_id,
            Event.region_id,
            Event.departement_code,
            Event.kind,
            Event.scale,
            Event.partner_week,
            Event.organiser_id,
            Event.attendance,
            (Event.other_coorganisers != "").label("free_coorganiser"),
            case((Event.attendance.is_(None), None), else_=bucket).label("bucket"),
        )
        .where(*_counted(edition_id, region_id))
        .cte("counted")
        .prefix_with("MATERIALIZED")
    )


# Dimensions of the counted events: name -> column of the `counted` CTE.
EVENT_DIMENSIONS = (
    "theme_id",
    "second_theme_id",
    "region_id",
    "departement_code",
    "kind",
    "scale",
    "partner_week",
    "bucket",
)
ORGANISER_DIMENSIONS = ("family", "sector", "employees")


def breakdowns(edition_id: int, region_id: int | None = None) -> dict[str, dict]:
    """Every breakdown of the bilan in one statement (one scan of the edition's events).

    Returns {dimension: {key: count}} for EVENT_DIMENSIONS (events), "audience" (events
    targeting each audience), "organisers_<family|sector|employees>" (distinct main
    organisers) and "events_family" (events per organiser family; local authorities are the
    family "collectivite"). NULL keys are dropped
    except for departement_code (events without a département).
    """
    counted = _events(edition_id, region_id)
    n = func.count()

    def part(name: str, key, value, source=counted):
        return (
            select(literal_column(f"'{name}'").label("dim"), cast(key, String).label("k"), value.label("n"))
            .select_from(source)
            .group_by(key)
        )

    # LEFT JOIN keeps `counted` as the outer loop (SQLite would otherwise scan the audiences
    # of every edition); the NULL code of events without audience is dropped below.
    audiences = counted.outerjoin(EventAudience, EventAudience.event_id == counted.c.id)
    parts = [part(d, counted.c[d], n) for d in EVENT_DIMENSIONS]
    parts.append(part("audience", EventAudience.code, n, audiences))
    # Organisations looked up once per organiser, not once per event.
    by_organiser = (
        select(counted.c.organiser_id, func.count().label("events"))
        .group_by(counted.c.organiser_id)
        .cte("by_organiser")
    )
    organisers = by_organiser.join(Organisation, Organisation.id == by_organiser.c.organiser_id)
    parts += [part(f"organisers_{d}", getattr(Organisation, d), n, organisers) for d in ORGANISER_DIMENSIONS]
    parts.append(part("events_family", Organisation.family, func.sum(by_organiser.c.events), organisers))
    result: dict[str, dict] = {
        p: {}
        for p in (
            *EVENT_DIMENSIONS,
            "audience",
            "events_family",
            *(f"organisers_{d}" for d in ORGANISER_DIMENSIONS),
        )
    }
    for dim, key, count in db.session.execute(union_all(*parts)).all():
        if key is None and dim != "departement_code":
            continue
        if dim in ("theme_id", "second_theme_id", "region_id") and key is not None:
            key = int(key)
        result[dim][key] = int(count)
    return result


def events_by_any_theme(counts: dict[str, dict]) -> dict[int, int]:
    """From breakdowns(): an event with two themes counts once in each of them."""
    both = dict(counts["theme_id"])
    for theme_id, n in counts["second_theme_id"].items():
        both[theme_id] = both.get(theme_id, 0) + n
    return both


def editions_up_to(year: int, region_id: int | None = None) -> list[EditionCounts]:
    """Counted events and main organisers of every edition up to `year` (0 when empty)."""
    rows = db.session.execute(
        select(Edition.year, func.count(Event.id), func.count(distinct(Event.organiser_id)))
        .select_from(Edition)
        .outerjoin(Event, and_(*_counted(Edition.id, region_id)))
        .where(Edition.year <= year)
        .group_by(Edition.year)
        .order_by(Edition.year)
    ).all()
    return [EditionCounts(int(y), int(e), int(o)) for y, e, o in rows]
