"""Event lifecycle: pending revisions of published events, regions' moderation settings,
daily digests to the CRESS, postponement date and cancellation message of an event

Revision ID: 64c67c6d2b61
Revises: e5b81c4f9a27
Create Date: 2026-12-03 07:03:51.415023

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "64c67c6d2b61"
down_revision = "e5b81c4f9a27"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "moderation_digest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("revisions", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
            name=op.f("fk_moderation_digest_region_id_region"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_digest")),
        sa.UniqueConstraint("region_id", "day", name="uq_moderation_digest_region_day"),
    )
    op.create_table(
        "region_moderation_settings",
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("minor_changes_live", sa.Boolean(), nullable=False),
        sa.Column("submission_mail", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            "submission_mail IN ('digest', 'each', 'none')",
            name=op.f("ck_region_moderation_settings_submission_mail"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
            name=op.f("fk_region_moderation_settings_region_id_region"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("region_id", name=op.f("pk_region_moderation_settings")),
    )
    op.create_table(
        "event_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'refused')", name=op.f("ck_event_revision_status")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_event_revision_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_event_revision_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_revision_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_revision")),
    )
    with op.batch_alter_table("event_revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_revision_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            "ux_event_revision_pending",
            ["event_id"],
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )

    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("postponed_from", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("cancel_message", sa.String(length=1000), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("cancel_message")
        batch_op.drop_column("postponed_from")

    with op.batch_alter_table("event_revision", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_event_revision_pending",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )
        batch_op.drop_index(batch_op.f("ix_event_revision_event_id"))

    op.drop_table("event_revision")
    op.drop_table("region_moderation_settings")
    op.drop_table("moderation_digest")
