"""Newsletter issues and deliveries

newsletter_issue: a letter written by the national team (region_id NULL) or a CRESS, in
Markdown, with its sending state; newsletter_issue_region: the regions a national letter is
sent to (none: everyone); newsletter_delivery: one row per (issue, subscriber), unique, so
that no subscriber is mailed twice for one issue.

Revision ID: e3cc436689df
Revises: a7f3c9e1d254
Create Date: 2026-12-03 07:07:27.653407

"""

import sqlalchemy as sa
from alembic import op

revision = "e3cc436689df"
down_revision = "a7f3c9e1d254"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "newsletter_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("with_new_events", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("sending_started_at", sa.DateTime(), nullable=True),
        sa.Column("recipients_at_start", sa.Integer(), nullable=True),
        sa.Column("last_batch_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("sent_count", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('brouillon', 'envoi', 'envoyee')", name=op.f("ck_newsletter_issue_status")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_newsletter_issue_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
            name=op.f("fk_newsletter_issue_region_id_region"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["user_account.id"],
            name=op.f("fk_newsletter_issue_sent_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsletter_issue")),
    )
    with op.batch_alter_table("newsletter_issue", schema=None) as batch_op:
        batch_op.create_index("ix_newsletter_issue_region_status", ["region_id", "status"], unique=False)

    op.create_table(
        "newsletter_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["newsletter_issue.id"],
            name=op.f("fk_newsletter_delivery_issue_id_newsletter_issue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["newsletter_subscriber.id"],
            name=op.f("fk_newsletter_delivery_subscriber_id_newsletter_subscriber"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsletter_delivery")),
        sa.UniqueConstraint("issue_id", "subscriber_id", name="uq_newsletter_delivery"),
    )
    with op.batch_alter_table("newsletter_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_newsletter_delivery_subscriber_id"), ["subscriber_id"], unique=False
        )

    op.create_table(
        "newsletter_issue_region",
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["newsletter_issue.id"],
            name=op.f("fk_newsletter_issue_region_issue_id_newsletter_issue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
            name=op.f("fk_newsletter_issue_region_region_id_region"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("issue_id", "region_id", name=op.f("pk_newsletter_issue_region")),
    )


def downgrade():
    op.drop_table("newsletter_issue_region")
    with op.batch_alter_table("newsletter_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_newsletter_delivery_subscriber_id"))

    op.drop_table("newsletter_delivery")
    with op.batch_alter_table("newsletter_issue", schema=None) as batch_op:
        batch_op.drop_index("ix_newsletter_issue_region_status")

    op.drop_table("newsletter_issue")
