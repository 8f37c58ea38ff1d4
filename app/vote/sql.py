"""INSERT … ON CONFLICT DO NOTHING on SQLite (≥ 3.24) and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


def insert_ignore(table, values: dict) -> int:
    """Insert one row unless it breaks a unique constraint; return the number inserted (0/1).
    The database decides, so concurrent requests cannot both insert."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    result = db.session.execute(module.insert(table).values(**values).on_conflict_do_nothing())
    return result.rowcount or 0
