"""PostgreSQL test databases: enabled when TEST_DATABASE_URL points at a server."""

from __future__ import annotations

import os
import re

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def enabled() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def server_url() -> str:
    return os.environ["TEST_DATABASE_URL"]


def url(name: str) -> str:
    return make_url(server_url()).set(database=name).render_as_string(hide_password=False)


_engine = None


def _admin():
    global _engine
    if _engine is None:
        _engine = create_engine(server_url(), isolation_level="AUTOCOMMIT")
    return _engine


def create_database(name: str, template: str | None = None) -> str:
    name = re.sub(r"[^a-z0-9_]", "_", name.lower())[:60]
    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        suffix = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    return name


def drop_database(name: str) -> None:
    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
