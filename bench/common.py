"""Shared setup for benchmarks: a SQLite database with N demo events, built once and reused."""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402


def bench_app(events: int = 20_000, seed: int = 7, **config):
    path = Path(os.environ.get("BENCH_DB", ROOT / "instance" / f"bench-{events}.sqlite"))
    app = create_app(
        "development",
        **{
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": CONNECT_ARGS},
            "CACHE_TYPE": "NullCache",
            "RATELIMIT_ENABLED": False,
            **config,
        },
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        from app.models import Event

        current = db.session.scalar(select(func.count(Event.id)))
        if current < events:
            from app.demo.generator import generate
            from app.reference import loader

            started = time.perf_counter()
            loader.load_all()
            generate(events=events, seed=seed)
            db.session.commit()
            print(f"demo data: {events} events generated in {time.perf_counter() - started:.1f} s")
    return app


def summary(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"{label:<45} n={len(samples):>4}  median={statistics.median(ordered) * 1000:7.1f} ms"
        f"  p95={p95 * 1000:7.1f} ms  max={ordered[-1] * 1000:7.1f} ms"
    )


class SqlMeter:
    """Counts the SQL statements of an engine and the time SQLite spends on them.

    SQLite computes most rows while they are fetched, not in execute(): the time is taken
    in the DB-API cursor (execute and fetch*), through `CONNECT_ARGS` given to the engine.
    `take()` returns (statements, seconds) since the previous call, so that a benchmark
    can compare the bare SQL time with the time of the whole request.
    """

    seconds = 0.0

    def __init__(self, engine):
        self.statements = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args):
        self.statements += 1

    def take(self) -> tuple[int, float]:
        figures = (self.statements, SqlMeter.seconds)
        self.statements, SqlMeter.seconds = 0, 0.0
        return figures


def _timed(method):
    def timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            SqlMeter.seconds += time.perf_counter() - started

    return timed


class _MeteredCursor(sqlite3.Cursor):
    execute = _timed(sqlite3.Cursor.execute)
    executemany = _timed(sqlite3.Cursor.executemany)
    fetchone = _timed(sqlite3.Cursor.fetchone)
    fetchmany = _timed(sqlite3.Cursor.fetchmany)
    fetchall = _timed(sqlite3.Cursor.fetchall)


class _MeteredConnection(sqlite3.Connection):
    def cursor(self, factory=_MeteredCursor):
        return super().cursor(factory)


CONNECT_ARGS = {"factory": _MeteredConnection}


def sql_summary(label: str, counts: list[int], sql: list[float], total: list[float]) -> str:
    """Queries per request and the share of the request time spent in SQL (medians)."""
    median_sql = statistics.median(sql)
    median_total = statistics.median(total)
    return (
        f"{label:<45} queries={statistics.median(counts):>4.0f}"
        f"  SQL median={median_sql * 1000:7.1f} ms"
        f"  ({median_sql / median_total:4.0%} of {median_total * 1000:.1f} ms)"
    )
