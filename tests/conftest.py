"""Test fixtures: a database migrated once with reference data, copied fresh for each test.

SQLite by default (a file copied per test). With TEST_DATABASE_URL pointing at a PostgreSQL
server (`make test` starts a private one), the template is a PostgreSQL database and each
test gets `CREATE DATABASE … TEMPLATE` — the same tests then run on the real server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db as _db
from tests import pg
from tests.helpers import forget_user_between_requests

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + pg.server_url() if pg.enabled() else 'SQLite'}"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """Run the real migrations once, then load the reference data. SQLite: the file's Path;
    PostgreSQL: the template database's name."""
    from flask_migrate import upgrade

    from app.reference import loader

    if pg.enabled():
        name = pg.create_database(f"moisess_template_{os.getpid()}")
        url = pg.url(name)
    else:
        name = tmp_path_factory.mktemp("db") / "template.sqlite"
        url = f"sqlite:///{name}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        loader.load_all()
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()
    yield name
    if pg.enabled():
        pg.drop_database(name)


def clone_database(source, folder: Path) -> tuple[str, object]:
    """Copy `source` (a SQLite Path or a PostgreSQL database name) into a new database;
    return its URL and its handle (which can itself be cloned, and is dropped with drop_clone)."""
    if pg.enabled():
        name = pg.create_database(f"t_{folder.name[-40:]}", template=source)
        return pg.url(name), name
    path = folder / "test.sqlite"
    shutil.copy(source, path)
    return f"sqlite:///{path}", path


def drop_clone(handle) -> None:
    if pg.enabled():
        pg.drop_database(handle)


@pytest.fixture()
def fresh_database_url(template_db, tmp_path):
    """URL of a database of its own for one test, copied from the template."""
    url, handle = clone_database(template_db, tmp_path)
    yield url
    drop_clone(handle)


@pytest.fixture()
def app(fresh_database_url, tmp_path):
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        UPLOAD_DIR=str(tmp_path / "uploads"),
    )
    forget_user_between_requests(app)
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def db(app):
    return _db


@pytest.fixture()
def smtp_server(app):
    """A real SMTP server on loopback that the app sends to (tests/smtp.py): yields its
    recorder (messages received, connections, recipients to refuse)."""
    from tests.smtp import SmtpServer

    server = SmtpServer()
    with server as recorder:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False)
        yield recorder


@pytest.fixture()
def cached_app(fresh_database_url, tmp_path):
    """An app with the whole-page cache on (a memory cache of its own)."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        MAIL_OUTBOX_DIR=str(tmp_path / "o"),
        UPLOAD_DIR=str(tmp_path / "u"),
        CACHE_TYPE="SimpleCache",
        PAGE_CACHE_TIMEOUT=60,
    )
    forget_user_between_requests(app)
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()
