"""Health of the dependencies a load balancer cares about: the database and Redis."""

from __future__ import annotations

from functools import lru_cache

from flask import current_app
from sqlalchemy import text

from app.extensions import db


def check() -> dict[str, str]:
    report = {"database": _database(), "redis": _redis()}
    report["status"] = "ok" if all(v in ("ok", "absent") for v in report.values()) else "error"
    return report


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:  # noqa: BLE001  (any failure means "not reachable")
        db.session.rollback()
        return "error"


def _redis() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "absent"
    import redis

    try:
        _redis_client(url).ping()
        return "ok"
    except redis.RedisError:
        return "error"


@lru_cache(maxsize=4)
def _redis_client(url: str):
    """One client (and connection pool) per process: a new connection at every check cost
    about 3 ms, more than the rest of /healthz. redis-py resets the pool in a forked worker."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
