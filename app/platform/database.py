"""Engine settings per backend. SQLite: WAL, busy timeout, foreign keys, and transactions
whose BEGIN we emit ourselves (PostgreSQL is left as it is).

pysqlite's default ("legacy") mode runs reads outside any transaction and breaks savepoints.
We use SQLAlchemy's documented recipe instead: the driver emits no BEGIN, the "begin" event
does. A transaction that reads first and writes later cannot wait for the write lock under
WAL: if another connection committed since its snapshot, SQLite answers SQLITE_BUSY at once,
whatever the busy timeout. So a transaction that will write starts with BEGIN IMMEDIATE,
which takes the write lock first (waiting up to the busy timeout); others use a plain
(deferred) BEGIN and keep reading concurrently, as WAL allows.

"Will write" is decided per request: unsafe methods, and GET views marked with @writes
(confirmation links). Outside requests (CLI, tests) transactions begin deferred: fine alone,
or when their first statement writes.
"""

from __future__ import annotations

import threading
from contextvars import ContextVar

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SQLITE_BUSY, SQLITE_LOCKED = 5, 6

_write_intent: ContextVar[bool] = ContextVar("sqlite_write_intent", default=False)
_HOLDS_WRITERS_LOCK = "holds_sqlite_writers_lock"


def writes(view):
    """Mark a GET view that writes (a confirmation link): its transactions begin IMMEDIATE."""
    view.writes_db = True
    return view


def has_write_intent() -> bool:
    """Whether this request's SQLite transactions begin IMMEDIATE (holding the write lock)."""
    return _write_intent.get()


def is_lock_error(error: OperationalError) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED (extended codes included): "database is locked"."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return "database is locked" in str(error.orig)


def configure_engine(engine: Engine, busy_timeout_ms: int = 5000) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # the "begin" listener below emits BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    # Writers of this process queue on a lock of their own before asking SQLite's: SQLite's
    # busy handler polls (sleeping up to 100 ms between tries, first come not first served),
    # so under load a writer could starve past the timeout while others got through. Other
    # processes still meet SQLite's lock and its busy timeout. The lock is released when the
    # transaction ends; if it is ever held longer than the timeout, a writer goes on to
    # SQLite's lock anyway rather than fail.
    writers = threading.Lock()
    timeout = busy_timeout_ms / 1000

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):
        if not _write_intent.get():
            connection.exec_driver_sql("BEGIN")
            return
        if writers.acquire(timeout=timeout):
            connection.info[_HOLDS_WRITERS_LOCK] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(connection)
            raise

    def _release(connection):
        if connection.info.pop(_HOLDS_WRITERS_LOCK, False):
            writers.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)


def init_app(app: Flask, engine: Engine) -> None:
    configure_engine(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    if engine.dialect.name != "sqlite":
        return

    def _declare_write_intent():
        view = app.view_functions.get(request.endpoint)
        _write_intent.set(request.method not in SAFE_METHODS or getattr(view, "writes_db", False))

    # First of all hooks: a hook that queries must already begin the right way.
    app.before_request_funcs.setdefault(None, []).insert(0, _declare_write_intent)

    @app.teardown_request
    def _forget_write_intent(_exc):
        _write_intent.set(False)


def insert_ignore(table, values: dict) -> int:
    """Insert one row unless it breaks a unique constraint; return the number inserted (0/1).
    INSERT … ON CONFLICT DO NOTHING RETURNING on SQLite (≥ 3.35) and PostgreSQL (rowcount is
    not reliable for it with every driver, RETURNING is). The database decides, so concurrent
    requests or commands cannot both insert."""
    from sqlalchemy.dialects import postgresql, sqlite

    from app.extensions import db

    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    key = list(table.primary_key.columns)[0]
    statement = module.insert(table).values(**values).on_conflict_do_nothing().returning(key)
    return 1 if db.session.execute(statement).first() is not None else 0
