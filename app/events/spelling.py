""" "Vouliez-vous dire « coopérative » ?": the correction of a misspelt word of a query.

A word of 5 letters or more that the index does not know is compared with the vocabulary of
indexed words (table ``event_fts_words``, filled by app.events.search_index): the words at one
edit (a letter added, removed, replaced, or two letters swapped: "coperative", "insertoin")
are the candidates. PostgreSQL narrows the vocabulary with pg_trgm (nearest words by trigrams,
GiST index); SQLite reads the words of a close length. The final choice is the same Python
on both backends (rapidfuzz's optimal string alignment distance, then the word found in the
most events, then alphabetical order), so both offer the same correction.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz.distance import OSA
from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from app.common.text import fold
from app.events import engine, search_index, search_text
from app.events.params import SearchParams
from app.events.search import search
from app.extensions import db

MIN_LENGTH = 5
MAX_EDITS = 1
MAX_CANDIDATES = 5
PG_NEAREST = 50
_ORIGINAL_WORD = re.compile(r"[^\W_]+")


def _count(connection: Connection, word: str, *, prefix: bool) -> int:
    return search_index.events_holding(connection, search_text.Term(word, search_text.stem(word), prefix))


def _vocabulary_near(connection: Connection, word: str) -> list[tuple[str, str]]:
    """(word, display) rows of the vocabulary that may be one edit away from `word`."""
    lengths = {"lo": len(word) - MAX_EDITS, "hi": len(word) + MAX_EDITS, "w": word}
    if connection.dialect.name == "postgresql":
        sql = text(
            "SELECT word, display FROM event_fts_words WHERE length(word) BETWEEN :lo AND :hi"
            " ORDER BY word <-> :w LIMIT :n"
        ).bindparams(bindparam("n", PG_NEAREST))
    else:
        sql = text("SELECT word, display FROM event_fts_words WHERE length(word) BETWEEN :lo AND :hi")
    return [tuple(row) for row in connection.execute(sql, lengths)]


def correction(connection: Connection, word: str, count=None) -> str | None:
    """How the closest indexed word to the misspelt folded `word` is written, or None.
    `count(word, prefix)`: how many events hold a word (default: a query each time)."""
    count = count or (lambda w, prefix: _count(connection, w, prefix=prefix))
    close = [
        (OSA.distance(word, candidate), candidate, display)
        for candidate, display in _vocabulary_near(connection, word)
        if candidate != word
    ]
    close = sorted(c for c in close if c[0] <= MAX_EDITS)[:MAX_CANDIDATES]
    ranked = sorted((-count(c, False), c, d) for _, c, d in close)
    return ranked[0][2] if ranked and ranked[0][0] < 0 else None


def corrected_query(connection: Connection, query: str, count=None) -> str | None:
    """`query` with its unknown words of 5+ letters replaced by their correction, or None
    when no word needed (or found) one. `count`: as in correction()."""
    count = count or (lambda w, prefix: _count(connection, w, prefix=prefix))
    terms = search_text.query_terms(query)
    fixes: dict[str, str] = {}
    for term in terms:
        if len(term.word) < MIN_LENGTH or count(term.word, term.prefix):
            continue
        fixed = correction(connection, term.word, count)
        if fixed:
            fixes[term.word] = fixed
    if not fixes:
        return None
    return _ORIGINAL_WORD.sub(lambda m: fixes.get(fold(m.group()), m.group()), query)


def suggestion(params: SearchParams, edition_id: int) -> str | None:
    """The corrected query to offer when `params` found nothing, if it finds events. The
    database is asked only for what this snapshot has not answered yet."""
    if not params.q or not search_index.is_supported(db.engine):
        return None
    snap = engine.snapshot(edition_id)

    def count(word: str, prefix: bool) -> int:  # each word counted once per snapshot
        return snap.remember(
            "holding", (word, prefix), lambda: _count(db.session.connection(), word, prefix=prefix)
        )

    fixed = snap.remember(
        "correction", params.q, lambda: corrected_query(db.session.connection(), params.q, count)
    )
    if fixed is None:
        return None
    found = search(replace(params, q=fixed, page=1), edition_id, page_size=1, with_facets=False)
    return fixed if found.total else None
