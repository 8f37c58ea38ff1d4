"""Test fixtures: a migrated SQLite database with reference data, copied fresh for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db as _db


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """Run the real migrations once, then load the reference data."""
    from flask_migrate import upgrade

    from app.reference import loader

    path = tmp_path_factory.mktemp("db") / "template.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        loader.load_all()
        _db.session.commit()
        _db.engine.dispose()
    return path


@pytest.fixture()
def app(template_db, tmp_path):
    path = tmp_path / "test.sqlite"
    shutil.copy(template_db, path)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
                     MAIL_OUTBOX_DIR=str(tmp_path / "outbox"), UPLOAD_DIR=str(tmp_path / "uploads"))
    _forget_user_between_requests(app)
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


def _forget_user_between_requests(app) -> None:
    """Tests hold an app context, which requests reuse: Flask-Login's cached user (in `g`)
    and CSRF token (in `g`) would leak from one client to another. Each request must read
    them from its own cookie, as in production."""
    from flask import g

    @app.before_request
    def _reset_login_cache():
        g.pop("_login_user", None)
        g.pop("csrf_token", None)  # Flask-WTF's cached token, per session in real life
