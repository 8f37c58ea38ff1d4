"""The SQLite search index folds its text like the queries (ligatures, apostrophes, dashes)

The text stored in SQLite's FTS5 index is now folded by the site's one folding
(app.common.text.fold) before FTS5 tokenises it: "Cœur" is indexed as "coeur", "ÆSOP" as
"aesop", so that "coeur" finds "Cœur de ville". Existing rows were indexed without it: they
are indexed again here. Nothing changes on PostgreSQL, whose ``unaccent`` rules already turn
œ into oe and æ into ae (checked on PostgreSQL 15). The downgrade indexes the raw text again.

Revision ID: b8e3f61c2d94
Revises: 3f8d2c6a1e57
Create Date: 2026-12-02 14:50:00

"""

from alembic import op
from sqlalchemy import inspect

revision = "b8e3f61c2d94"
down_revision = "3f8d2c6a1e57"
branch_labels = None
depends_on = None

# Written out here (not imported from app/events/search_index.py) so this migration does not
# change when the live index query does; only the folding function is the site's own.
_SELECT = """
SELECT e.id, {f}(e.title),
       {f}(e.summary || ' ' || e.description || ' ' || o.name || ' ' || e.commune || ' '
       || e.venue || ' ' || e.other_coorganisers || ' '
       || coalesce((SELECT group_concat(o2.name, ' ') FROM event_coorganiser ec
                    JOIN organisation o2 ON o2.id = ec.organisation_id
                    WHERE ec.event_id = e.id), ''))
FROM event e JOIN organisation o ON o.id = e.organiser_id
"""


def _reindex(name: str, fold) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or "event_fts" not in inspect(bind).get_table_names():
        return
    bind.connection.driver_connection.create_function(name, 1, fold, deterministic=True)
    op.execute("DELETE FROM event_fts")
    op.execute("INSERT INTO event_fts(rowid, title, body) " + _SELECT.format(f=name))


def upgrade():
    from app.common.text import fold

    _reindex("migration_fold", fold)


def downgrade():
    _reindex("migration_raw", lambda value: value)
