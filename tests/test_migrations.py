"""The committed migrations create exactly the schema the models describe."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.extensions import db


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True,
                  "include_object": lambda o, name, type_, r, c:
                      not (type_ == "table" and name and name.startswith("event_fts"))},
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_full_text_table_exists(app):
    assert "event_fts" in inspect(db.engine).get_table_names()


def test_search_index_includes_the_event_id_on_postgresql(app):
    from sqlalchemy import text

    from app.extensions import db

    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's indexes carry the row id")
    definition = db.session.scalar(text(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_event_search'"))
    assert definition.endswith("INCLUDE (id)")
