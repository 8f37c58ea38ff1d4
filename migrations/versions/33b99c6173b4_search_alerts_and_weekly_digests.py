"""E-mail alerts on a search and their weekly digests

search_alert: an address following a search (its canonical URL arguments), confirmed by a
one-time link, with the random key of its unsubscribe links; alert_digest: one row per
alert and ISO week, unique, so the weekly command never sends a week twice.

Revision ID: 33b99c6173b4
Revises: e3cc436689df
Create Date: 2026-12-03 07:06:12

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "33b99c6173b4"
down_revision = "e3cc436689df"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("query", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("unsubscribed_at", sa.DateTime(), nullable=True),
        sa.Column("digest_from", sa.DateTime(), nullable=True),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_alert")),
        sa.UniqueConstraint("email", "query", name="uq_search_alert_email_query"),
        sa.UniqueConstraint("key", name=op.f("uq_search_alert_key")),
    )
    op.create_table(
        "alert_digest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["search_alert.id"],
            name=op.f("fk_alert_digest_alert_id_search_alert"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_digest")),
        sa.UniqueConstraint("alert_id", "period", name="uq_alert_digest_alert_period"),
    )


def downgrade():
    op.drop_table("alert_digest")
    op.drop_table("search_alert")
