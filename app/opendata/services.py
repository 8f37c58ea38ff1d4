"""What the open data page offers (the editions with published events) and the files' rows,
read in batches so that a download of 20,000 events streams in bounded memory."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.common.exports import csv_lines
from app.events import programme
from app.extensions import db
from app.models import Edition, Event
from app.opendata import columns

BATCH = 500
LICENCE = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LOADING = (
    joinedload(Event.edition),
    joinedload(Event.theme),
    joinedload(Event.second_theme),
    joinedload(Event.organiser),
    joinedload(Event.region),
    selectinload(Event.audience_rows),
)


@dataclass(frozen=True)
class EditionFiles:
    year: int
    programme: programme.ProgrammeCount  # events on the programme, cancelled ones apart


def editions_offered() -> list[EditionFiles]:
    """The editions that have published events, newest first."""
    counts = programme.count_by(Event.edition_id, Event.edition_id)
    rows = db.session.execute(select(Edition.id, Edition.year).order_by(Edition.year.desc()))
    return [EditionFiles(year, counts[eid]) for eid, year in rows if eid in counts]


def edition_with_events(year: int) -> Edition | None:
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    if edition is None or not programme.count(edition.id).listed:
        return None
    return edition


def events(edition_id: int) -> Iterator[Event]:
    """The edition's published events (cancelled ones included), by start then id."""
    ids = list(
        db.session.scalars(
            select(Event.id).where(*programme.public(edition_id)).order_by(Event.starts_at, Event.id)
        )
    )
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = db.session.scalars(select(Event).where(Event.id.in_(chunk)).options(*LOADING)).unique()
        by_id = {e.id: e for e in rows}
        yield from (by_id[i] for i in chunk if i in by_id)


def csv_file(edition_id: int, page_url: Callable[[Event], str]) -> Iterator[str]:
    return csv_lines(columns.names(), (columns.csv_row(e, page_url) for e in events(edition_id)))


def json_file(edition: Edition, page_url: Callable[[Event], str], dictionary_url: str) -> Iterator[str]:
    head = {
        "format": "evenements-mois-ess",
        "version": columns.FORMAT_VERSION,
        "edition": edition.year,
        "licence": {"nom": LICENCE, "url": LICENCE_URL},
        "dictionnaire": dictionary_url,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "evenements": ['
    for n, event in enumerate(events(edition.id)):
        yield ("," if n else "") + "\n" + json.dumps(columns.json_row(event, page_url), ensure_ascii=False)
    yield "\n]}\n"
