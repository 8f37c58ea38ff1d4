"""Health of the dependencies a load balancer cares about: the database and Redis."""

from __future__ import annotations

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
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        client.close()
        return "ok"
    except redis.RedisError:
        return "error"
