"""Full-text index of events.

SQLite: an FTS5 table ``event_fts`` (rowid = event.id) with diacritics removed, so that
"evenement" finds "Événement" and "cooperative" finds "coopératives" (prefix queries).
It is kept in sync from the ORM: after each flush the touched events are re-indexed with
one INSERT … SELECT (the organiser's and co-organisers' names are part of the text).
Other backends get their own implementation with issue 5 (PostgreSQL text search).
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import bindparam, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS event_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)

_INDEX_SELECT = """
SELECT e.id, e.title,
       e.summary || ' ' || e.description || ' ' || o.name || ' ' || e.commune || ' '
       || e.venue || ' ' || e.other_coorganisers || ' '
       || coalesce((SELECT group_concat(o2.name, ' ') FROM event_coorganiser ec
                    JOIN organisation o2 ON o2.id = ec.organisation_id
                    WHERE ec.event_id = e.id), '')
FROM event e JOIN organisation o ON o.id = e.organiser_id
"""

MAX_TOKENS = 8


def is_supported(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def create(connection: Connection) -> None:
    if is_supported(connection):
        connection.execute(text(FTS_DDL))


def drop(connection: Connection) -> None:
    if is_supported(connection):
        connection.execute(text("DROP TABLE IF EXISTS event_fts"))


def reindex(connection: Connection, event_ids: list[int] | None = None) -> None:
    """Re-index the given events (all of them when event_ids is None)."""
    if not is_supported(connection):
        return
    if event_ids is None:
        connection.execute(text("DELETE FROM event_fts"))
        connection.execute(text(f"INSERT INTO event_fts(rowid, title, body) {_INDEX_SELECT}"))
        return
    if not event_ids:
        return
    ids = bindparam("ids", expanding=True)
    connection.execute(text("DELETE FROM event_fts WHERE rowid IN :ids").bindparams(ids),
                       {"ids": event_ids})
    connection.execute(
        text(f"INSERT INTO event_fts(rowid, title, body) {_INDEX_SELECT} WHERE e.id IN :ids")
        .bindparams(ids),
        {"ids": event_ids},
    )


def fold(value: str) -> str:
    """Lowercase without accents (the same folding as the index)."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(query: str) -> list[str]:
    """Words of a user query, folded; punctuation and FTS syntax are dropped."""
    return re.findall(r"\w+", fold(query))[:MAX_TOKENS]


def match_expression(query: str) -> str | None:
    """A safe FTS5 MATCH expression: every word quoted, as a prefix, all required."""
    words = tokens(query)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def register_listeners() -> None:
    """Keep the index in sync with the ORM (idempotent: registered once per process)."""
    if getattr(register_listeners, "_done", False):
        return
    register_listeners._done = True
    from app.models import Event

    @event.listens_for(Session, "after_flush")
    def _after_flush(session, _context):
        touched = [
            obj.id for obj in (*session.new, *session.dirty)
            if isinstance(obj, Event) and obj.id is not None
        ]
        deleted = [obj.id for obj in session.deleted if isinstance(obj, Event)]
        if not touched and not deleted:
            return
        connection = session.connection()
        if deleted:
            if is_supported(connection):
                connection.execute(
                    text("DELETE FROM event_fts WHERE rowid IN :ids")
                    .bindparams(bindparam("ids", expanding=True)),
                    {"ids": deleted},
                )
        reindex(connection, touched)
