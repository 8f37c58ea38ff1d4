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
            opts={
                "compare_type": True,
                "include_object": lambda o, name, type_, r, c: (
                    not (type_ == "table" and name and name.startswith("event_fts"))
                ),
            },
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
    definition = db.session.scalar(
        text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_event_search'")
    )
    assert definition.endswith("INCLUDE (id)")


def test_search_reindex_migration_folds_the_existing_index(app, db):
    """Rows indexed before the site's folding reached SQLite's index ("Cœur" stored as is)
    are found by "coeur" once the migration has indexed them again."""
    from pathlib import Path

    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from app.events.params import SearchParams
    from app.events.search import search
    from tests import factories as f

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's unaccent already folds ligatures: nothing to rebuild")
    migrations = str(Path(__file__).resolve().parent.parent / "migrations")
    edition = f.edition(2026)
    edition_id, event_id = edition.id, f.event(edition, "Cœur de ville").id
    db.session.commit()
    db.session.remove()
    downgrade(directory=migrations, revision="b8e3f61c2d94-1")
    # Read with that revision's own query (today's code reads today's index).
    with db.engine.connect() as connection:
        found = connection.execute(text("SELECT count(*) FROM event_fts WHERE event_fts MATCH '\"coeur\"*'"))
        assert found.scalar() == 0
    db.session.remove()
    upgrade(directory=migrations)
    assert [e.id for e in search(SearchParams(q="coeur"), edition_id).events] == [event_id]


def test_candidacy_statuses_migration_rewrites_rows_and_keeps_their_history(app):
    """Down to the English codes and back up: each row's status is rewritten, and rebuilding
    the table for its CHECK (SQLite) deletes none of the rows that cascade from it."""
    from alembic.script import ScriptDirectory
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from app.models import Candidacy, CandidacyEvent
    from tests import factories as f
    from tests.conftest import MIGRATIONS

    ed = f.candidacy_edition()
    rows = []
    for name, status in (("Alpha SCOP", "depose"), ("Beta Asso", "non-retenu")):
        org = f.organisation(name)
        c = Candidacy(
            edition_id=ed.id,
            organisation_id=org.id,
            region_id=org.region_id,
            categories=[],
            answers={},
            status=status,
        )
        db.session.add(c)
        db.session.flush()
        db.session.add(CandidacyEvent(candidacy_id=c.id, action="submit"))
        rows.append(c.id)
    db.session.commit()
    db.session.remove()

    def state():
        with db.engine.connect() as connection:
            statuses = [
                connection.execute(text("SELECT status FROM candidacy WHERE id = :i"), {"i": i}).scalar()
                for i in rows
            ]
            events = connection.execute(text("SELECT count(*) FROM candidacy_event")).scalar()
        return statuses, events

    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config(MIGRATIONS))
    before = script.get_revision("5d0c7b3e9a21").down_revision
    downgrade(directory=MIGRATIONS, revision=before)
    assert state() == (["submitted", "rejected"], 2)
    upgrade(directory=MIGRATIONS)
    assert state() == (["depose", "non-retenu"], 2)


def test_french_search_migration_indexes_the_existing_events_again(app, db):
    """Events indexed the previous way (no joined compounds, no Python stems, no vocabulary)
    are found by the new analysis once the migration has indexed them again, on both backends."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from app.events import spelling
    from app.events.params import SearchParams
    from app.events.search import search
    from tests import factories as f
    from tests.conftest import MIGRATIONS

    edition = f.edition(2026)
    edition_id = edition.id
    event_id = f.event(edition, "Rénover son logement avec l'éco-habitat").id
    db.session.commit()
    db.session.remove()
    downgrade(directory=MIGRATIONS, revision="a7f3c9e1d254-1")
    old_query = (
        "SELECT count(*) FROM event_fts WHERE document @@ to_tsquery('french_unaccent', 'ecohabitat:*')"
        if db.engine.dialect.name == "postgresql"
        else "SELECT count(*) FROM event_fts WHERE event_fts MATCH '\"ecohabitat\"*'"
    )
    with db.engine.connect() as connection:
        assert connection.execute(text(old_query)).scalar() == 0  # the previous index
        assert connection.execute(text("SELECT count(*) FROM event_fts")).scalar() == 1
        assert "event_fts_words" not in inspect(connection).get_table_names()
    upgrade(directory=MIGRATIONS)
    assert [e.id for e in search(SearchParams(q="écohabitat"), edition_id).events] == [event_id]
    assert [e.id for e in search(SearchParams(q="logements"), edition_id).events] == [event_id]
    assert spelling.suggestion(SearchParams(q="logemnet"), edition_id) == "logement"
