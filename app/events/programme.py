"""What "événements au programme" means, defined once for every page that counts events.

An event is *on the programme* of an edition when it is published (status "publie") in that
edition and not cancelled (schedule status other than "annule"). Drafts, submitted, refused
events and other editions never count. A published event that was cancelled stays public (its
page, the search, theme and region lists show it, marked "Annulé") but is not counted on the
programme: the pages that list such events say how many there are apart ("plus 2 annulés").
Events without coordinates count like the others (they are simply not on the maps).

The home page's key figures, the theme and region counts, the search headline and the bilan
all use `public` / `on_programme` / `cancelled` below and `ProgrammeCount` to say it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import ngettext
from sqlalchemy import case, func, select

from app.common.numbers import number_fr
from app.extensions import db
from app.models import Event

PUBLISHED = "publie"
CANCELLED = "annule"


def public(edition) -> list:
    """Conditions on Event: shown to the public in `edition` (an id or an Edition.id column)."""
    return [Event.edition_id == edition, Event.status == PUBLISHED]


def on_programme(edition) -> list:
    """Conditions on Event: counted as "au programme" of `edition`."""
    return [*public(edition), Event.schedule_status != CANCELLED]


def cancelled(edition) -> list:
    """Conditions on Event: public in `edition` but cancelled (listed, not counted)."""
    return [*public(edition), Event.schedule_status == CANCELLED]


@dataclass(frozen=True)
class ProgrammeCount:
    events: int  # on the programme
    cancelled: int = 0  # public but cancelled, listed apart

    @property
    def listed(self) -> int:
        """How many events a public list of these shows (cancelled ones included)."""
        return self.events + self.cancelled

    def __str__(self) -> str:
        return programme_phrase(self)


def _is_cancelled():
    return case((Event.schedule_status == CANCELLED, 1), else_=0)


def count(edition_id: int, *where: Any) -> ProgrammeCount:
    """Events on the programme of the edition (and matching `where`), and the cancelled ones."""
    flag = _is_cancelled()
    row = db.session.execute(
        select(func.count(Event.id), func.coalesce(func.sum(flag), 0)).where(*public(edition_id), *where)
    ).one()
    total, n_cancelled = int(row[0]), int(row[1])
    return ProgrammeCount(total - n_cancelled, n_cancelled)


def count_by(column, edition_id: int, *where: Any) -> dict[Any, ProgrammeCount]:
    """`count` grouped by an Event column (rows whose key is NULL are left out)."""
    flag = _is_cancelled()
    rows = db.session.execute(
        select(column, func.count(Event.id), func.coalesce(func.sum(flag), 0))
        .where(*public(edition_id), *where, column.is_not(None))
        .group_by(column)
    )
    return {key: ProgrammeCount(int(n) - int(c), int(c)) for key, n, c in rows}


def add(a: ProgrammeCount, b: ProgrammeCount) -> ProgrammeCount:
    return ProgrammeCount(a.events + b.events, a.cancelled + b.cancelled)


def programme_phrase(value: ProgrammeCount) -> str:
    """'1 595 événements au programme', then ', plus 23 annulés' when some are cancelled."""
    text = ngettext(
        "%(n)s événement au programme",
        "%(n)s événements au programme",
        value.events,
        n=number_fr(value.events),
    )
    if value.cancelled:
        text += ngettext(
            ", plus %(n)s annulé", ", plus %(n)s annulés", value.cancelled, n=number_fr(value.cancelled)
        )
    return text
