"""The search's covering index includes the event id on PostgreSQL

PostgreSQL's indexes do not carry the row id (SQLite's do), so the facet counts, which
join the text index on event.id, read the wide event rows: a sequential scan of the table
(21 ms of the 29 ms of a search's facet query with 20,000 events). With the id included,
they are index-only scans (facet query 7-12 ms). Nothing changes on SQLite.

Revision ID: 7c41e2a9b0d3
Revises: 1b2a1d7933f2
Create Date: 2026-11-30 12:40:00

"""

from alembic import op

revision = "7c41e2a9b0d3"
down_revision = "1b2a1d7933f2"
branch_labels = None
depends_on = None

COLUMNS = [
    "edition_id",
    "status",
    "starts_at",
    "ends_at",
    "region_id",
    "departement_code",
    "theme_id",
    "second_theme_id",
    "kind",
    "online",
    "in_person",
    "free",
    "access_moteur",
    "access_visuel",
    "access_auditif",
    "access_psychique",
    "access_mental",
    "latitude",
    "longitude",
]


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_event_search", table_name="event")
    op.create_index("ix_event_search", "event", COLUMNS, unique=False, postgresql_include=["id"])


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_event_search", table_name="event")
    op.create_index("ix_event_search", "event", COLUMNS, unique=False)
