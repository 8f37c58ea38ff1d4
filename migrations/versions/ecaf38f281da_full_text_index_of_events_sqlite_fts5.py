"""Full-text index of events (SQLite FTS5)

Revision ID: ecaf38f281da
Revises: 9e44cd699fc7
Create Date: 2026-11-22 22:15:41.635202

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "ecaf38f281da"
down_revision = "9e44cd699fc7"
branch_labels = None
depends_on = None


# Written out here (not imported from app/) so this migration never changes after the fact.
FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS event_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return  # PostgreSQL gets its own text search (issue 5)
    op.execute(FTS_DDL)
    op.execute(
        "INSERT INTO event_fts(rowid, title, body) "
        "SELECT e.id, e.title, e.summary || ' ' || e.description || ' ' || o.name || ' ' "
        "|| e.commune || ' ' || e.venue || ' ' || e.other_coorganisers "
        "FROM event e JOIN organisation o ON o.id = e.organiser_id"
    )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS event_fts")
