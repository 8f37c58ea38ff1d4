"""Full-text index of events, one table ``event_fts`` (rowid = event.id) per backend, and
``event_fts_words``, the vocabulary of indexed words (for "Vouliez-vous dire … ?").

Both backends index the same words, computed in Python by app.events.search_text (folding,
elisions, compounds, French Snowball stems), so both give the same answers to a query: each
word is indexed twice, as its stem ("cooper") and as itself marked with "=" ("=cooperative").
A query asks, for every word, for its stem or the word itself (the last word also as a prefix
of indexed words: "coop" finds "coopérative"); the exact word then adds to the rank, so
events with the word as typed come first.
SQLite: an FTS5 table (title, body) whose tokenizer keeps "=" in words, ranked by bm25.
PostgreSQL: a ``tsvector`` per event (title weight A, the rest B) written as a literal (no
text search parser in between), a GIN index, a ``tsquery`` literal, ranked by ts_rank.
Both are kept in sync from the ORM: after each flush the touched events are re-indexed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import bindparam, case, column, event, func, literal_column, select, table, text
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from app.events import search_text
from app.events.search_text import Term

FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS event_fts USING fts5("
    "title, body, tokenize = \"unicode61 remove_diacritics 2 tokenchars '='\", prefix = '2 3')"
)
WORDS_DDL = (
    "CREATE TABLE IF NOT EXISTS event_fts_words (word varchar(80) PRIMARY KEY, display varchar(80) NOT NULL)"
)
PG_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE IF NOT EXISTS event_fts ("
    " rowid integer PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,"
    " document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_event_fts_document ON event_fts USING gin (document)",
    WORDS_DDL,
    "CREATE INDEX IF NOT EXISTS ix_event_fts_words_trgm ON event_fts_words USING gist (word gist_trgm_ops)",
)
_SOURCE = """
SELECT e.id, e.title,
       e.summary || ' ' || e.description || ' ' || o.name || ' ' || e.commune || ' '
       || e.venue || ' ' || e.other_coorganisers || ' '
       || coalesce((SELECT {agg}(o2.name, ' ') FROM event_coorganiser ec
                    JOIN organisation o2 ON o2.id = ec.organisation_id
                    WHERE ec.event_id = e.id), '')
FROM event e JOIN organisation o ON o.id = e.organiser_id
"""
EXACT = "="  # marks an unstemmed word in the index
RANK_WEIGHTS = (10.0, 1.0)  # title, the rest
EXACT_BOOST = 1000.0  # more than any relevance: exact words first
VOCABULARY_MIN_LENGTH = 4
_BATCH = 500


def is_supported(bind: Connection | Engine) -> bool:
    """Has this database a full-text index (a connection, or the engine: no connection)?"""
    return bind.dialect.name in ("sqlite", "postgresql")


def create(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(text(FTS_DDL))
        connection.execute(text(WORDS_DDL))
    elif connection.dialect.name == "postgresql":
        for statement in PG_DDL:
            connection.execute(text(statement))


def drop(connection: Connection) -> None:
    if is_supported(connection):
        connection.execute(text("DROP TABLE IF EXISTS event_fts"))
        connection.execute(text("DROP TABLE IF EXISTS event_fts_words"))


def _source_sql(connection: Connection) -> str:
    return _SOURCE.format(agg="string_agg" if connection.dialect.name == "postgresql" else "group_concat")


def sqlite_document(words: Sequence[str]) -> str:
    """FTS5 column text: each word's stem then the word marked exact."""
    return " ".join(f"{search_text.stem(w)} {EXACT}{w}" for w in words)


def pg_document(title_words: Sequence[str], body_words: Sequence[str]) -> str:
    """A tsvector literal with the same lexemes as sqlite_document, positions and weights."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, words in (("A", title_words), ("B", body_words)):
        for w in words:
            pos = min(pos + 1, 16383)
            for lexeme in (search_text.stem(w), EXACT + w):
                found = positions.setdefault(lexeme, [])
                if len(found) < 255:
                    found.append(f"{pos}{weight}")
    return " ".join(f"'{lexeme}':{','.join(at)}" for lexeme, at in positions.items())


def _rows(connection: Connection, event_ids: list[int] | None) -> Iterable[tuple[int, str, str]]:
    where = "" if event_ids is None else " WHERE e.id IN :ids"
    # In id order: the vocabulary keeps the spelling of the first event that has a word.
    sql = text(_source_sql(connection) + where + " ORDER BY e.id")
    if event_ids is None:
        return connection.execute(sql)
    return connection.execute(sql.bindparams(bindparam("ids", expanding=True)), {"ids": event_ids})


def _write(connection: Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    postgresql = connection.dialect.name == "postgresql"
    insert = text(
        "INSERT INTO event_fts(rowid, document) VALUES (:id, CAST(:document AS tsvector))"
        if postgresql
        else "INSERT INTO event_fts(rowid, title, body) VALUES (:id, :title, :body)"
    )
    batch: list[dict] = []
    vocabulary: dict[str, str] = {}
    for event_id, title, body in rows:
        title_words, body_words = search_text.index_words(title), search_text.index_words(body)
        if postgresql:
            batch.append({"id": event_id, "document": pg_document(title_words, body_words)})
        else:
            batch.append(
                {"id": event_id, "title": sqlite_document(title_words), "body": sqlite_document(body_words)}
            )
        for word, display in search_text.display_words(f"{title} {body}").items():
            if len(word) >= VOCABULARY_MIN_LENGTH and len(word) <= 80 and word.isalpha():
                vocabulary.setdefault(word, display)
        if len(batch) >= _BATCH:
            connection.execute(insert, batch)
            batch = []
    if batch:
        connection.execute(insert, batch)
    if vocabulary:
        connection.execute(
            text(
                "INSERT INTO event_fts_words(word, display) VALUES (:word, :display)"
                " ON CONFLICT (word) DO NOTHING"
            ),
            [{"word": w, "display": d} for w, d in vocabulary.items()],
        )


def reindex(connection: Connection, event_ids: list[int] | None = None) -> None:
    """Re-index the given events (all of them, and the vocabulary anew, when event_ids is None).
    The vocabulary only grows between full re-indexings: a word that no event holds any more
    is never offered (app.events.spelling checks that a correction finds events)."""
    if not is_supported(connection):
        return
    if event_ids is None:
        connection.execute(text("DELETE FROM event_fts"))
        connection.execute(text("DELETE FROM event_fts_words"))
        # Fetched first: SQLite cannot write a table while a statement still reads the database.
        _write(connection, list(_rows(connection, None)))
        return
    if not event_ids:
        return
    connection.execute(
        text("DELETE FROM event_fts WHERE rowid IN :ids").bindparams(bindparam("ids", expanding=True)),
        {"ids": event_ids},
    )
    _write(connection, list(_rows(connection, event_ids)))


def _fts5_term(term: Term) -> str:
    return f'("{term.stem}" OR {_fts5_exact(term)})'


def _fts5_exact(term: Term) -> str:
    return f'"{EXACT}{term.word}"' + ("*" if term.prefix else "")


def _tsquery_term(term: Term) -> str:
    return f"('{term.stem}' | {_tsquery_exact(term)})"


def _tsquery_exact(term: Term) -> str:
    return f"'{EXACT}{term.word}'" + (":*" if term.prefix else "")


def match_expression(query: str, known: Callable[[str], bool] | None = None) -> str | None:
    """A safe FTS5 MATCH expression: for every word, its stem or the word itself (the last
    one also as a prefix unless `known`), all required. Words hold only [a-z0-9]
    (search_text), so quoting is safe."""
    terms = search_text.query_terms(query, known)
    return " AND ".join(_fts5_term(t) for t in terms) if terms else None


def tsquery(query: str, known: Callable[[str], bool] | None = None) -> str | None:
    """The same as match_expression, as a PostgreSQL tsquery literal."""
    terms = search_text.query_terms(query, known)
    return " & ".join(_tsquery_term(t) for t in terms) if terms else None


def events_holding(connection: Connection, term: Term) -> int:
    """How many indexed events (of any edition or status) hold `term`."""
    if connection.dialect.name == "postgresql":
        sql = "SELECT count(*) FROM event_fts WHERE document @@ CAST(:q AS tsquery)"
        return connection.execute(text(sql), {"q": _tsquery_term(term)}).scalar_one()
    sql = "SELECT count(*) FROM event_fts WHERE event_fts MATCH :q"
    return connection.execute(text(sql), {"q": _fts5_term(term)}).scalar_one()


def events_with(connection: Connection, term: Term, part: str = "any") -> list[int]:
    """Ids of the indexed events (of any edition or status) holding `term`: in any form
    (`part` "any": its stem or the word as typed), only "exact"ly as typed, or in any form in
    the "title". The search engine (app.events.engine) keeps the answer per generation."""
    if connection.dialect.name == "postgresql":
        query = {"any": _tsquery_term, "exact": _tsquery_exact, "title": _tsquery_title}[part](term)
        sql = "SELECT rowid FROM event_fts WHERE document @@ CAST(:q AS tsquery)"
    else:
        query = {"any": _fts5_term, "exact": _fts5_exact, "title": _fts5_title}[part](term)
        sql = "SELECT rowid FROM event_fts WHERE event_fts MATCH :q"
    return list(connection.execute(text(sql), {"q": query}).scalars())


PARTS = ("any", "exact", "title")


def events_with_parts(connection: Connection, term: Term) -> dict[str, list[int]]:
    """events_with() for the three parts at once: on PostgreSQL one scan of the index (the
    exact and title forms are parts of the "any" one) instead of three queries."""
    if connection.dialect.name != "postgresql":
        return {part: events_with(connection, term, part) for part in PARTS}
    sql = (
        "SELECT rowid, document @@ CAST(:exact AS tsquery), document @@ CAST(:title AS tsquery)"
        " FROM event_fts WHERE document @@ CAST(:q AS tsquery)"
    )
    found: dict[str, list[int]] = {part: [] for part in PARTS}
    queries = {"q": _tsquery_term(term), "exact": _tsquery_exact(term), "title": _tsquery_title(term)}
    for rowid, exact, title in connection.execute(text(sql), queries):
        found["any"].append(rowid)
        if exact:
            found["exact"].append(rowid)
        if title:
            found["title"].append(rowid)
    return found


def _fts5_title(term: Term) -> str:
    return "title : " + _fts5_term(term)


def _tsquery_title(term: Term) -> str:
    """The term restricted to the title's weight (A)."""
    exact = f"'{EXACT}{term.word}':" + ("*A" if term.prefix else "A")
    return f"('{term.stem}':A | {exact})"


def known_word(connection: Connection, word: str) -> bool:
    """Is `word` (folded) in the vocabulary of indexed words?"""
    sql = text("SELECT 1 FROM event_fts_words WHERE word = :w")
    return connection.execute(sql, {"w": word}).first() is not None


def matching(dialect: str, query: str):
    """Subquery (id, rank) of the events matching `query`; a lower rank is a better match.
    None when the query holds no word."""
    from app.extensions import db

    connection = db.session.connection()

    def known(word: str) -> bool:
        return known_word(connection, word)

    terms = search_text.query_terms(query, known)
    if not terms:
        return None
    # Events holding every word exactly as typed come first, then the relevance decides.
    if dialect == "postgresql":
        fts = table("event_fts", column("rowid"), column("document"))
        q = sql_cast(bindparam("fts_query", " & ".join(map(_tsquery_term, terms))), TSQUERY())
        exact = sql_cast(bindparam("fts_exact", " & ".join(map(_tsquery_exact, terms))), TSQUERY())
        boost = case((fts.c.document.op("@@")(exact), EXACT_BOOST), else_=0.0)
        return (
            select(fts.c.rowid.label("id"), (-(func.ts_rank(fts.c.document, q) + boost)).label("rank"))
            .where(fts.c.document.op("@@")(q))
            .subquery("fts")
        )
    weights = ", ".join(str(w) for w in RANK_WEIGHTS)
    rowid = literal_column("rowid")
    exact = (
        select(rowid)
        .select_from(text("event_fts"))
        .where(text("event_fts MATCH :fts_exact").bindparams(fts_exact=" AND ".join(map(_fts5_exact, terms))))
    )
    rank = literal_column(f"bm25(event_fts, {weights})") - case((rowid.in_(exact), EXACT_BOOST), else_=0.0)
    return (
        select(rowid.label("id"), rank.label("rank"))
        .select_from(text("event_fts"))
        .where(text("event_fts MATCH :fts_query").bindparams(fts_query=" AND ".join(map(_fts5_term, terms))))
        .subquery("fts")
    )


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
