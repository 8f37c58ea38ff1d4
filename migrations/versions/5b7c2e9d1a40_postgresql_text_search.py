"""Full-text index of events on PostgreSQL (tsvector, French stemming, accent folding)

Revision ID: 5b7c2e9d1a40
Revises: 2990b85fce9e
Create Date: 2026-11-23 19:20:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "5b7c2e9d1a40"
down_revision = "2990b85fce9e"
branch_labels = None
depends_on = None

# Written out here (not imported from app/) so this migration never changes after the fact.
DDL = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF;
    END $$""",
    "CREATE TABLE IF NOT EXISTS event_fts ("
    " rowid integer PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,"
    " document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_event_fts_document ON event_fts USING gin (document)",
)
FILL = """
INSERT INTO event_fts(rowid, document)
SELECT e.id,
       setweight(to_tsvector('french_unaccent', e.title), 'A')
       || setweight(to_tsvector('french_unaccent',
            e.summary || ' ' || e.description || ' ' || o.name || ' ' || e.commune || ' '
            || e.venue || ' ' || e.other_coorganisers), 'B')
FROM event e JOIN organisation o ON o.id = e.organiser_id
"""


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has its FTS5 table (revision ecaf38f281da)
    for statement in DDL:
        op.execute(statement)
    op.execute(FILL)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS event_fts")
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent")
