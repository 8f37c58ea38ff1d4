"""French search, the same on both backends: stems and exact words indexed, vocabulary

Both backends now index the words computed by app.events.search_text (folding, elisions,
compounds, French Snowball stems, exact words marked "="), so SQLite stems like PostgreSQL
and both give the same answers. SQLite: the FTS5 table is rebuilt with a tokenizer that keeps
"=" in words. PostgreSQL: the tsvector is written as a literal (no text search configuration
in between) and pg_trgm finds the vocabulary's words close to a misspelt one. Both: the table
``event_fts_words`` (vocabulary of indexed words, for "Vouliez-vous dire … ?"). The index is
filled by the application's own indexing (the analysis lives in Python, not in SQL); a later
change of that analysis comes with its own migration that re-indexes.
The downgrade restores the previous tables and fills them the previous way.

Revision ID: a7f3c9e1d254
Revises: 5d0c7b3e9a21
Create Date: 2026-12-02 17:10:00

"""

from alembic import op
from sqlalchemy import inspect

revision = "a7f3c9e1d254"
down_revision = "5d0c7b3e9a21"
branch_labels = None
depends_on = None

# The previous state, written out (for the downgrade).
_OLD_SQLITE_DDL = (
    "CREATE VIRTUAL TABLE event_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)
_OLD_BODY = """e.summary || ' ' || e.description || ' ' || o.name || ' ' || e.commune || ' '
       || e.venue || ' ' || e.other_coorganisers || ' '
       || coalesce((SELECT {agg}(o2.name, ' ') FROM event_coorganiser ec
                    JOIN organisation o2 ON o2.id = ec.organisation_id
                    WHERE ec.event_id = e.id), '')"""
_OLD_SQLITE_FILL = (
    "INSERT INTO event_fts(rowid, title, body) SELECT e.id, migration_fold(e.title), migration_fold("
    + _OLD_BODY.format(agg="group_concat")
    + ") FROM event e JOIN organisation o ON o.id = e.organiser_id"
)
_OLD_PG_FILL = (
    "INSERT INTO event_fts(rowid, document) SELECT e.id,"
    " setweight(to_tsvector('french_unaccent', e.title), 'A')"
    " || setweight(to_tsvector('french_unaccent', "
    + _OLD_BODY.format(agg="string_agg")
    + "), 'B') FROM event e JOIN organisation o ON o.id = e.organiser_id"
)


def upgrade():
    from app.events import search_index

    bind = op.get_bind()
    if not search_index.is_supported(bind):
        return
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS event_fts")
    search_index.create(bind)
    search_index.reindex(bind)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        from app.common.text import fold

        op.execute("DROP TABLE IF EXISTS event_fts_words")
        op.execute("DROP TABLE IF EXISTS event_fts")
        op.execute(_OLD_SQLITE_DDL)
        if "event" in inspect(bind).get_table_names():
            bind.connection.driver_connection.create_function("migration_fold", 1, fold, deterministic=True)
            op.execute(_OLD_SQLITE_FILL)
    elif bind.dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS event_fts_words")
        op.execute("DELETE FROM event_fts")
        op.execute(_OLD_PG_FILL)
