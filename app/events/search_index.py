"""Full-text index of events, one table ``event_fts`` (rowid = event.id) per backend.

Queries are folded by the site's one folding (app.common.text.fold: accents, ligatures œ/æ,
typographic apostrophes and dashes, non-breaking spaces), and so is the indexed text:
SQLite: an FTS5 table fed with the text folded by that same function (registered on the
connection as ``ess_fold``), so that "evenement" finds "Événement", "coeur" finds "Cœur" and
"cooperative" finds "coopératives" (prefix queries), ranked by bm25.
PostgreSQL: a ``tsvector`` per event (title weight A, the rest B) in the text search
configuration ``french_unaccent`` (French stemming after accent folding by ``unaccent``,
whose rules also turn œ into oe and æ into ae), a GIN index, prefix queries built with
to_tsquery, ranked by ts_rank.
Both are kept in sync from the ORM: after each flush the touched events are re-indexed with
one INSERT … SELECT (the organiser's and co-organisers' names are part of the text).
"""

from __future__ import annotations

import re

from sqlalchemy import bindparam, column, event, func, literal_column, select, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.common.text import fold

FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS event_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)

FOLD_FUNCTION = "ess_fold"
_INDEX_SELECT = f"""
SELECT e.id, {FOLD_FUNCTION}(e.title),
       {FOLD_FUNCTION}(e.summary || ' ' || e.description || ' ' || o.name || ' ' || e.commune || ' '
       || e.venue || ' ' || e.other_coorganisers || ' '
       || coalesce((SELECT group_concat(o2.name, ' ') FROM event_coorganiser ec
                    JOIN organisation o2 ON o2.id = ec.organisation_id
                    WHERE ec.event_id = e.id), ''))
FROM event e JOIN organisation o ON o.id = e.organiser_id
"""

PG_CONFIG = "french_unaccent"
PG_DDL = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{PG_CONFIG}') THEN
        CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG}
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF;
    END $$""",
    "CREATE TABLE IF NOT EXISTS event_fts ("
    " rowid integer PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,"
    " document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_event_fts_document ON event_fts USING gin (document)",
)
_PG_INDEX_SELECT = f"""
SELECT e.id,
       setweight(to_tsvector('{PG_CONFIG}', e.title), 'A')
       || setweight(to_tsvector('{PG_CONFIG}',
            e.summary || ' ' || e.description || ' ' || o.name || ' ' || e.commune || ' '
            || e.venue || ' ' || e.other_coorganisers || ' '
            || coalesce((SELECT string_agg(o2.name, ' ') FROM event_coorganiser ec
                         JOIN organisation o2 ON o2.id = ec.organisation_id
                         WHERE ec.event_id = e.id), '')), 'B')
FROM event e JOIN organisation o ON o.id = e.organiser_id
"""

MAX_TOKENS = 8


def is_supported(connection: Connection) -> bool:
    return connection.dialect.name in ("sqlite", "postgresql")


def create(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(text(FTS_DDL))
    elif connection.dialect.name == "postgresql":
        for statement in PG_DDL:
            connection.execute(text(statement))


def drop(connection: Connection) -> None:
    if is_supported(connection):
        connection.execute(text("DROP TABLE IF EXISTS event_fts"))


def install_fold(connection: Connection) -> None:
    """Make the site's folding callable from SQLite's SQL as ess_fold(text) on this
    connection, once per database connection (SQLite refuses to redefine a function while
    a statement is running on it)."""
    if connection.dialect.name != "sqlite":
        return
    pooled = connection.connection
    if not pooled.info.get(FOLD_FUNCTION):
        pooled.driver_connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
        pooled.info[FOLD_FUNCTION] = True


def _insert_sql(connection: Connection) -> str:
    if connection.dialect.name == "postgresql":
        return f"INSERT INTO event_fts(rowid, document) {_PG_INDEX_SELECT}"
    install_fold(connection)
    return f"INSERT INTO event_fts(rowid, title, body) {_INDEX_SELECT}"


def reindex(connection: Connection, event_ids: list[int] | None = None) -> None:
    """Re-index the given events (all of them when event_ids is None)."""
    if not is_supported(connection):
        return
    if event_ids is None:
        connection.execute(text("DELETE FROM event_fts"))
        connection.execute(text(_insert_sql(connection)))
        return
    if not event_ids:
        return
    ids = bindparam("ids", expanding=True)
    connection.execute(text("DELETE FROM event_fts WHERE rowid IN :ids").bindparams(ids), {"ids": event_ids})
    connection.execute(
        text(f"{_insert_sql(connection)} WHERE e.id IN :ids").bindparams(ids),
        {"ids": event_ids},
    )


def matching(dialect: str, query: str):
    """Subquery (id, rank) of the events matching `query` (every word, as a prefix);
    a lower rank is a better match. None when the query holds no word."""
    words = tokens(query)
    if not words:
        return None
    if dialect == "postgresql":
        fts = table("event_fts", column("rowid"), column("document"))
        q = func.to_tsquery(
            literal_column(f"'{PG_CONFIG}'::regconfig"),
            bindparam("fts_query", " & ".join(f"{w}:*" for w in words)),
        )
        return (
            select(fts.c.rowid.label("id"), (-func.ts_rank(fts.c.document, q)).label("rank"))
            .where(fts.c.document.op("@@")(q))
            .subquery("fts")
        )
    return (
        select(
            literal_column("rowid").label("id"), literal_column("bm25(event_fts, 10.0, 1.0)").label("rank")
        )
        .select_from(text("event_fts"))
        .where(text("event_fts MATCH :fts_query").bindparams(fts_query=match_expression(query)))
        .subquery("fts")
    )


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
            obj.id for obj in (*session.new, *session.dirty) if isinstance(obj, Event) and obj.id is not None
        ]
        deleted = [obj.id for obj in session.deleted if isinstance(obj, Event)]
        if not touched and not deleted:
            return
        connection = session.connection()
        if deleted:
            if is_supported(connection):
                connection.execute(
                    text("DELETE FROM event_fts WHERE rowid IN :ids").bindparams(
                        bindparam("ids", expanding=True)
                    ),
                    {"ids": deleted},
                )
        reindex(connection, touched)
