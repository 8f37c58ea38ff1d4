"""Outgoing e-mail outbox: messages written in the transaction that causes them, delivered
after the commit (app/mail/sender.py) with a lease, retries and back-off

Revision ID: 3f8d2c6a1e57
Revises: d28745489b8a
Create Date: 2026-12-02 13:53:09.411061

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3f8d2c6a1e57"
down_revision = "d28745489b8a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outgoing_mail",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'failed')", name=op.f("ck_outgoing_mail_status")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outgoing_mail_attempts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_mail")),
    )
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outgoing_mail_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_outgoing_mail_due", ["status", "next_attempt_at"], unique=False)


def downgrade():
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_mail_due")
        batch_op.drop_index(batch_op.f("ix_outgoing_mail_created_at"))

    op.drop_table("outgoing_mail")
