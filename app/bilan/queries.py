"""SQL aggregations of the bilan: every figure is a COUNT/SUM grouped in the database.

Which events count: published ones (status "publie") of the edition, minus those whose
schedule status is "annule" (the real reports counted what was held); cancelled events are
counted apart so that the page can say how many were left out. The same SQL serves the
national report (region_id None) and a region's report, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, distinct, exists, func, or_, select, union_all

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
    local_authorities: int  # main organisers of the family "collectivite"
    local_authority_events: int


@dataclass(frozen=True)
class EditionCounts:
    year: int
    events: int
    organisers: int


def _counted(edition_id: int, region_id: int | None = None) -> list:
    conditions = [Event.edition_id == edition_id, Event.status == "publie",
                  Event.schedule_status != "annule"]
    if region_id is not None:
        conditions.append(Event.region_id == region_id)
    return conditions


def totals(edition_id: int, region_id: int | None = None) -> Totals:
    where = _counted(edition_id, region_id)
    has_coorganiser = exists().where(event_coorganisers.c.event_id == Event.id)
    coorganised = case((or_(has_coorganiser, Event.other_coorganisers != ""), 1), else_=0)
    row = db.session.execute(
        select(func.count(Event.id), func.count(distinct(Event.organiser_id)),
               func.coalesce(func.sum(coorganised), 0), func.count(Event.attendance),
               func.coalesce(func.sum(Event.attendance), 0),
               func.count(distinct(Event.region_id)), func.count(Event.partner_week))
        .where(*where)).one()
    authorities = db.session.execute(
        select(func.count(distinct(Event.organiser_id)), func.count(Event.id))
        .join(Organisation, Organisation.id == Event.organiser_id)
        .where(*where, Organisation.family == "collectivite")).one()
    cancelled_where = [Event.edition_id == edition_id, Event.status == "publie",
                       Event.schedule_status == "annule"]
    if region_id is not None:
        cancelled_where.append(Event.region_id == region_id)
    cancelled = db.session.scalar(select(func.count(Event.id)).where(*cancelled_where))
    return Totals(*(int(v) for v in row[:6]), partner_week=int(row[6]),
                  cancelled=int(cancelled), local_authorities=int(authorities[0]),
                  local_authority_events=int(authorities[1]))


def _grouped(key, edition_id: int, region_id: int | None, *extra_where,
             value=None, join=None) -> dict:
    """{key: count} over the counted events (value: what to count, events by default)."""
    query = select(key, value if value is not None else func.count(Event.id))
    if join is not None:
        query = query.join(*join)
    query = query.where(*_counted(edition_id, region_id), *extra_where).group_by(key)
    return {k: int(n) for k, n in db.session.execute(query).all()}


def events_by_main_theme(edition_id: int, region_id: int | None = None) -> dict[int, int]:
    return _grouped(Event.theme_id, edition_id, region_id)


def events_by_any_theme(edition_id: int, region_id: int | None = None) -> dict[int, int]:
    """An event with two themes counts once in each of them (never twice in one)."""
    where = _counted(edition_id, region_id)
    both = union_all(
        select(Event.theme_id.label("theme_id")).where(*where),
        select(Event.second_theme_id.label("theme_id"))
        .where(*where, Event.second_theme_id.is_not(None)),
    ).subquery()
    rows = db.session.execute(
        select(both.c.theme_id, func.count()).group_by(both.c.theme_id)).all()
    return {k: int(n) for k, n in rows}


def events_by_region(edition_id: int) -> dict[int, int]:
    return _grouped(Event.region_id, edition_id, None)


def events_by_departement(edition_id: int, region_id: int) -> dict[str | None, int]:
    return _grouped(Event.departement_code, edition_id, region_id)


def events_by_kind(edition_id: int, region_id: int | None = None) -> dict[str, int]:
    return _grouped(Event.kind, edition_id, region_id)


def events_by_scale(edition_id: int, region_id: int | None = None) -> dict[str, int]:
    return _grouped(Event.scale, edition_id, region_id)


def events_by_partner_week(edition_id: int, region_id: int | None = None) -> dict[str, int]:
    return _grouped(Event.partner_week, edition_id, region_id, Event.partner_week.is_not(None))


def events_by_audience(edition_id: int, region_id: int | None = None) -> dict[str, int]:
    """Events targeting each audience (an event has several)."""
    return _grouped(EventAudience.code, edition_id, region_id,
                    join=(Event, Event.id == EventAudience.event_id))


def attendance_buckets(edition_id: int, region_id: int | None = None) -> dict[str, int]:
    """Events with a declared attendance, per bracket of ATTENDANCE_BUCKETS."""
    whens = [(Event.attendance <= bound, code) for code, bound in ATTENDANCE_BUCKETS if bound]
    bucket = case(*whens, else_=ATTENDANCE_BUCKETS[-1][0]).label("bucket")
    # Grouped through a subquery: PostgreSQL would not match a CASE with bound parameters
    # repeated in GROUP BY.
    sub = (select(bucket)
           .where(*_counted(edition_id, region_id), Event.attendance.is_not(None)).subquery())
    rows = db.session.execute(select(sub.c.bucket, func.count()).group_by(sub.c.bucket)).all()
    return {k: int(n) for k, n in rows}


def _by_organiser(column, edition_id: int, region_id: int | None, *, organisers: bool) -> dict:
    value = func.count(distinct(Event.organiser_id)) if organisers else None
    return _grouped(column, edition_id, region_id, value=value,
                    join=(Organisation, Organisation.id == Event.organiser_id))


def organisers_by_family(edition_id: int, region_id: int | None = None) -> dict[str, int]:
    return _by_organiser(Organisation.family, edition_id, region_id, organisers=True)


def organisers_by_sector(edition_id: int, region_id: int | None = None) -> dict[str, int]:
    return _by_organiser(Organisation.sector, edition_id, region_id, organisers=True)


def organisers_by_employees(edition_id: int, region_id: int | None = None) -> dict[str, int]:
    return _by_organiser(Organisation.employees, edition_id, region_id, organisers=True)


def events_by_family(edition_id: int, region_id: int | None = None) -> dict[str, int]:
    return _by_organiser(Organisation.family, edition_id, region_id, organisers=False)


def editions_up_to(year: int, region_id: int | None = None) -> list[EditionCounts]:
    """Counted events and main organisers of every edition up to `year` (0 when empty)."""
    on = [Event.edition_id == Edition.id, Event.status == "publie",
          Event.schedule_status != "annule"]
    if region_id is not None:
        on.append(Event.region_id == region_id)
    rows = db.session.execute(
        select(Edition.year, func.count(Event.id), func.count(distinct(Event.organiser_id)))
        .select_from(Edition).outerjoin(Event, and_(*on))
        .where(Edition.year <= year).group_by(Edition.year).order_by(Edition.year)).all()
    return [EditionCounts(int(y), int(e), int(o)) for y, e, o in rows]
