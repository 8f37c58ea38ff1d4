"""CRESS space: the regional page's phone and address, regional partners with logos,
département delegates, and the outbox ids of the shortlist results (cancellable publication).

Revision ID: c67ee0b05d52
Revises: 64c67c6d2b61
Create Date: 2026-12-03 07:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c67ee0b05d52"
down_revision = "64c67c6d2b61"
branch_labels = None
depends_on = None


def _sqlite_foreign_keys(on: bool) -> None:
    """PRAGMA foreign_keys is ignored inside a transaction: end the migration's transaction,
    switch, and begin another (SQLite rebuilds the region table to drop its columns, and
    other tables refer to it)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    bind.exec_driver_sql("BEGIN")


def upgrade():
    with op.batch_alter_table("region") as batch:
        batch.add_column(sa.Column("cress_phone", sa.String(length=30), server_default="", nullable=False))
        batch.add_column(sa.Column("cress_address", sa.String(length=255), server_default="", nullable=False))
    with op.batch_alter_table("prize_publication") as batch:
        batch.add_column(sa.Column("shortlist_mail_ids", sa.JSON(), nullable=True))
    op.create_table(
        "regional_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("url", sa.String(length=255), nullable=False),
        sa.Column("logo_file", sa.String(length=80), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("regional_partner") as batch:
        batch.create_index(batch.f("ix_regional_partner_region_id"), ["region_id"], unique=False)
    op.create_table(
        "departement_delegate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("departement_code", sa.String(length=3), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["departement_code"], ["departement.code"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "departement_code", name="uq_departement_delegate"),
    )
    with op.batch_alter_table("departement_delegate") as batch:
        batch.create_index(batch.f("ix_departement_delegate_user_id"), ["user_id"], unique=False)
        batch.create_index(
            batch.f("ix_departement_delegate_departement_code"), ["departement_code"], unique=False
        )


def downgrade():
    with op.batch_alter_table("departement_delegate") as batch:
        batch.drop_index(batch.f("ix_departement_delegate_departement_code"))
        batch.drop_index(batch.f("ix_departement_delegate_user_id"))
    op.drop_table("departement_delegate")
    with op.batch_alter_table("regional_partner") as batch:
        batch.drop_index(batch.f("ix_regional_partner_region_id"))
    op.drop_table("regional_partner")
    with op.batch_alter_table("prize_publication") as batch:
        batch.drop_column("shortlist_mail_ids")
    _sqlite_foreign_keys(False)
    with op.batch_alter_table("region") as batch:
        batch.drop_column("cress_address")
        batch.drop_column("cress_phone")
    _sqlite_foreign_keys(True)
