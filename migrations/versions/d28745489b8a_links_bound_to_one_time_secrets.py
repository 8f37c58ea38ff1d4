"""Links bound to one-time secrets, never to a row id

A table of one-time links (only the SHA-256 of each link's secret, its purpose, the account
or organisation it refers to, deleted with them); the SHA-256 of the confirmation link's
secret on each pending vote; a random unsubscribe key per newsletter subscriber.

Existing rows get a fresh random value: the links already mailed for them named a row by id
and are no longer honoured (the vote page, the sign-up and the newsletter form send new ones).

Revision ID: d28745489b8a
Revises: c3f1a8d52e07
Create Date: 2026-12-02 13:53:56

"""

import hashlib
import secrets

import sqlalchemy as sa
from alembic import op

revision = "d28745489b8a"
down_revision = "c3f1a8d52e07"
branch_labels = None
depends_on = None


def _fill(table: str, column: str, value) -> None:
    """Give each existing row its own random value (before the column becomes NOT NULL)."""
    bind = op.get_bind()
    rows = sa.table(table, sa.column("id", sa.Integer), sa.column(column, sa.String))
    for (row_id,) in bind.execute(sa.select(rows.c.id)).all():
        bind.execute(rows.update().where(rows.c.id == row_id).values({column: value()}))


def upgrade():
    op.create_table(
        "one_time_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("detail", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_one_time_link_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_one_time_link_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_one_time_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_one_time_link_token_hash")),
    )
    with op.batch_alter_table("one_time_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_one_time_link_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_one_time_link_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_one_time_link_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("newsletter_subscriber", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unsubscribe_key", sa.String(length=64), nullable=True))
    _fill("newsletter_subscriber", "unsubscribe_key", lambda: secrets.token_urlsafe(32))
    with op.batch_alter_table("newsletter_subscriber", schema=None) as batch_op:
        batch_op.alter_column("unsubscribe_key", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_newsletter_subscriber_unsubscribe_key"), ["unsubscribe_key"]
        )

    with op.batch_alter_table("vote_pending", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_hash", sa.String(length=64), nullable=True))
    _fill("vote_pending", "token_hash", lambda: hashlib.sha256(secrets.token_bytes(32)).hexdigest())
    with op.batch_alter_table("vote_pending", schema=None) as batch_op:
        batch_op.alter_column("token_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_vote_pending_token_hash"), ["token_hash"])


def downgrade():
    with op.batch_alter_table("vote_pending", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_vote_pending_token_hash"), type_="unique")
        batch_op.drop_column("token_hash")

    with op.batch_alter_table("newsletter_subscriber", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_newsletter_subscriber_unsubscribe_key"), type_="unique")
        batch_op.drop_column("unsubscribe_key")

    with op.batch_alter_table("one_time_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_one_time_link_user_id"))
        batch_op.drop_index(batch_op.f("ix_one_time_link_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_one_time_link_expires_at"))

    op.drop_table("one_time_link")
