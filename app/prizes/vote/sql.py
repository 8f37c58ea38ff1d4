"""INSERT … ON CONFLICT DO NOTHING RETURNING on SQLite (≥ 3.35) and PostgreSQL (rowcount is
not reliable for it with every driver, RETURNING is)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


def insert_ignore(table, values: dict) -> int:
    """Insert one row unless it breaks a unique constraint; return the number inserted (0/1).
    The database decides, so concurrent requests cannot both insert."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    key = list(table.primary_key.columns)[0]
    statement = module.insert(table).values(**values).on_conflict_do_nothing().returning(key)
    return 1 if db.session.execute(statement).first() is not None else 0
