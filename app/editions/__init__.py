"""Editions: the current edition and its campaign phase (drives the home page), shared by
every feature (a package of its own so that no feature owns it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func, select

from app.common.time import utcnow
from app.extensions import db
from app.models import Edition, Event

PHASES = ("preparation", "candidatures", "inscriptions", "vote", "evenements")


def current_edition(now: datetime | None = None) -> Edition | None:
    """The latest edition whose campaign has started, else the next one to come."""
    now = now or utcnow()
    started = db.session.scalar(
        select(Edition).where(Edition.candidacy_open <= now).order_by(Edition.year.desc()).limit(1)
    )
    if started is not None:
        return started
    return db.session.scalar(select(Edition).order_by(Edition.year).limit(1))


@dataclass(frozen=True)
class EditionRef:
    """What the busiest public pages (search, suggestions) need of the current edition."""

    id: int
    year: int
    candidacy_open: datetime


def _calendar() -> tuple[EditionRef, ...]:
    """Every edition, oldest first, read once per process and generation of public content."""
    from app.platform import public_cache

    return public_cache.local("editions-calendar", _read_calendar)


def _read_calendar() -> tuple[EditionRef, ...]:
    rows = db.session.execute(select(Edition.id, Edition.year, Edition.candidacy_open).order_by(Edition.year))
    return tuple(EditionRef(*row) for row in rows)


def current_ref(now: datetime | None = None) -> EditionRef | None:
    """current_edition() as plain values, from the editions read once per process and
    generation of public content (any change to an edition gives a new generation)."""
    calendar = _calendar()
    now = now or utcnow()
    started = [edition for edition in calendar if edition.candidacy_open <= now]
    return started[-1] if started else (calendar[0] if calendar else None)


def phase(edition: Edition, now: datetime | None = None) -> str:
    """One of PHASES. When periods overlap, the vote wins, then candidacies, then registration."""
    now = now or utcnow()
    if edition.vote_open <= now < edition.vote_close:
        return "vote"
    if edition.candidacy_open <= now < edition.candidacy_close:
        return "candidatures"
    if edition.registration_open <= now < edition.registration_close:
        return "inscriptions"
    if now < edition.candidacy_open:
        return "preparation"
    return "evenements"


@dataclass(frozen=True)
class KeyFigures:
    events: int
    organisers: int
    regions: int


def key_figures(edition_id: int) -> KeyFigures:
    """Cached until a published event changes (app.platform.public_cache)."""
    from app.platform import public_cache

    return public_cache.cached("key-figures", lambda: _key_figures(edition_id), edition_id)


def _key_figures(edition_id: int) -> KeyFigures:
    from app.events import programme

    row = db.session.execute(
        select(
            func.count(Event.id),
            func.count(distinct(Event.organiser_id)),
            func.count(distinct(Event.region_id)),
        ).where(*programme.on_programme(edition_id))
    ).one()
    return KeyFigures(*(int(n) for n in row))


def by_year(year: int) -> Edition | None:
    return db.session.scalar(select(Edition).where(Edition.year == year))


def ref_by_year(year: int) -> EditionRef | None:
    return next((edition for edition in _calendar() if edition.year == year), None)


def years() -> list[int]:
    """Every edition's year, oldest first."""
    return [edition.year for edition in _calendar()]


def showcase(edition: Edition | EditionRef | None) -> Edition | EditionRef | None:
    """The edition whose events and figures the public pages show: `edition` (the current
    one) once it has published events; before that (a new edition's call has just opened),
    the latest earlier edition that has some, which the pages label as the previous edition."""
    from app.platform import public_cache

    if edition is None:
        return None
    found = public_cache.local("showcase-edition", lambda: _showcase_id(edition), edition.id)
    if found == edition.id:
        return edition
    if isinstance(edition, EditionRef):  # plain values in, plain values out
        return next((e for e in _calendar() if e.id == found), edition)
    return db.session.get(Edition, found)


def _showcase_id(edition: Edition | EditionRef) -> int:
    from app.events import programme

    published = select(Event.id).where(*programme.public(Edition.id)).limit(1).exists()
    found = db.session.scalar(
        select(Edition.id)
        .where(Edition.year <= edition.year, published)
        .order_by(Edition.year.desc())
        .limit(1)
    )
    return found or edition.id
