"""Candidacy statuses in French, like the events' (brouillon, depose, preselectionne, retenu,
laureat, non-retenu), and a CHECK that refuses any other value

Existing rows are rewritten (and back on downgrade). On SQLite the CHECK needs the table to
be rebuilt (batch mode): its foreign keys are switched off meanwhile, since dropping the old
table would otherwise delete the history, attachments and scores that cascade from it.

Revision ID: 5d0c7b3e9a21
Revises: b8e3f61c2d94
Create Date: 2026-12-02 15:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5d0c7b3e9a21"
down_revision = "b8e3f61c2d94"
branch_labels = None
depends_on = None

RENAMES = {
    "draft": "brouillon",
    "submitted": "depose",
    "preselected": "preselectionne",
    "shortlisted": "retenu",
    "laureate": "laureat",
    "rejected": "non-retenu",
}
CHECK = "status IN ('brouillon', 'depose', 'preselectionne', 'retenu', 'laureat', 'non-retenu')"


def _rewrite(mapping: dict) -> None:
    candidacy = sa.table("candidacy", sa.column("status", sa.String))
    for old, new in mapping.items():
        op.execute(candidacy.update().where(candidacy.c.status == old).values(status=new))


def _sqlite_foreign_keys(on: bool) -> None:
    """PRAGMA foreign_keys is ignored inside a transaction: end the migration's transaction,
    switch, and begin another (the rest of the migration runs in it)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    bind.exec_driver_sql("BEGIN")


def upgrade():
    _rewrite(RENAMES)
    _sqlite_foreign_keys(False)
    with op.batch_alter_table("candidacy", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=sa.String(length=20), existing_nullable=False, server_default="brouillon"
        )
        batch_op.create_check_constraint(op.f("ck_candidacy_status"), CHECK)
    _sqlite_foreign_keys(True)


def downgrade():
    _sqlite_foreign_keys(False)
    with op.batch_alter_table("candidacy", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_candidacy_status"), type_="check")
        batch_op.alter_column(
            "status", existing_type=sa.String(length=20), existing_nullable=False, server_default="draft"
        )
    _sqlite_foreign_keys(True)
    _rewrite({new: old for old, new in RENAMES.items()})
