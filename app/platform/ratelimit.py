"""Rate-limit counters shared by every process of one server, without Redis.

Flask-Limiter's memory:// storage counts per process: under gunicorn with N workers, a
client gets N times the limit. Without REDIS_URL, create_app() selects this storage instead:
a small SQLite file in instance/ (RATELIMIT_STORAGE_URI = "moisess+sqlite:///<path>").
The `limits` library finds it by its URI scheme (its StorageRegistry metaclass registers
every Storage subclass under its STORAGE_SCHEME when the class is defined: importing this
module is enough). Each increment is one statement, INSERT … ON CONFLICT DO UPDATE …
RETURNING, atomic across processes; it supports the fixed-window strategy (our default).
Several servers need Redis (this file is one machine's)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from typing import ClassVar
from urllib.parse import urlparse

from limits.storage import Storage

SCHEME = "moisess+sqlite"
_PRUNE_EVERY = 500  # increments per process between two deletions of expired counters

_SCHEMA = """CREATE TABLE IF NOT EXISTS counter (
    key TEXT PRIMARY KEY, value INTEGER NOT NULL, expires_at REAL NOT NULL) WITHOUT ROWID"""
_INCR = """INSERT INTO counter (key, value, expires_at) VALUES (:key, :amount, :expires_at)
ON CONFLICT (key) DO UPDATE SET
    value = CASE WHEN counter.expires_at <= :now THEN excluded.value
                 ELSE counter.value + excluded.value END,
    expires_at = CASE WHEN counter.expires_at <= :now THEN excluded.expires_at
                      ELSE counter.expires_at END
RETURNING value"""


def sqlite_uri(path: str) -> str:
    return f"{SCHEME}://{os.path.abspath(path)}"


class SQLiteStorage(Storage):
    """limits storage in a SQLite file; one connection per process and thread."""

    STORAGE_SCHEME: ClassVar[list[str]] = [SCHEME]

    def __init__(
        self, uri: str | None = None, wrap_exceptions: bool = False, busy_timeout: float = 5.0, **options
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = urlparse(uri or "").path
        if not self.path:
            raise ValueError(f"{SCHEME}:// needs a file path, e.g. {SCHEME}:///srv/app/ratelimit.sqlite")
        self.busy_timeout = float(busy_timeout)
        self._local = threading.local()
        self._increments = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection; a new one after a fork (gunicorn's workers fork from a
        preloaded master: an SQLite connection must never cross a fork)."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            connection = sqlite3.connect(
                self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
            )
            self._prepare(connection)
            local.connection, local.pid = connection, os.getpid()
        return local.connection

    def _prepare(self, connection: sqlite3.Connection) -> None:
        """WAL mode and the table. Workers starting together race for the file: switching the
        journal mode takes an exclusive lock, and SQLite answers "database is locked" there
        without waiting on its busy handler, so that step retries until the busy timeout."""
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.execute(_SCHEMA)
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        connection = self._connection()
        # fetchall(): the statement (and its write transaction) ends only once read through.
        [(value,)] = connection.execute(
            _INCR, {"key": key, "amount": amount, "expires_at": now + expiry, "now": now}
        ).fetchall()
        self._increments += 1
        if self._increments % _PRUNE_EVERY == 0:
            connection.execute("DELETE FROM counter WHERE expires_at <= ?", (now,))
        return value

    def get(self, key: str) -> int:
        row = (
            self._connection()
            .execute("SELECT value FROM counter WHERE key = ? AND expires_at > ?", (key, time.time()))
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = (
            self._connection()
            .execute("SELECT expires_at FROM counter WHERE key = ? AND expires_at > ?", (key, now))
            .fetchone()
        )
        return row[0] if row else now

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._connection().execute("DELETE FROM counter").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM counter WHERE key = ?", (key,))
