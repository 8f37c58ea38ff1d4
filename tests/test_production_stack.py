"""Production stack behaviour against the real servers: Redis shared by several app servers,
the health check, the PostgreSQL text search. Skipped when the servers are not configured
(`make test` starts them and runs the suite a second time with TEST_REDIS_URL set)."""

from __future__ import annotations

import os
import runpy
import uuid
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db as _db
from tests.helpers import csrf_token

REDIS = os.environ.get("TEST_REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS, reason="TEST_REDIS_URL not set (make test sets it)")


def _gunicorn_settings() -> dict:
    """The settings gunicorn.conf.py gives in the current environment."""
    return runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))


def _server(url: str, tmp_path, **config):
    """One app server, as gunicorn would start it, sharing the database and Redis."""
    return create_app("testing", SQLALCHEMY_DATABASE_URI=url, MAIL_OUTBOX_DIR=str(tmp_path / "o"), **config)


@needs_redis
def test_rate_limit_is_shared_between_two_app_servers(fresh_database_url, tmp_path):
    prefix = f"t{uuid.uuid4().hex[:8]}"
    config = dict(
        REDIS_URL=REDIS,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=REDIS,
        RATELIMIT_KEY_PREFIX=prefix,
        RATELIMIT_LOGIN="3 per minute",
    )
    first, second = (
        _server(fresh_database_url, tmp_path, **config),
        _server(fresh_database_url, tmp_path, **config),
    )
    codes = []
    for app in (first, first, second, second):
        client = app.test_client()
        with app.app_context():
            token = csrf_token(client, "/compte/connexion")
            codes.append(
                client.post(
                    "/compte/connexion",
                    data={
                        "email": "x@exemple.fr",
                        "password": "mauvais-mot-de-passe",
                        "csrf_token": token,
                    },
                ).status_code
            )
            _db.session.remove()
    assert codes == [422, 422, 422, 429]
    for app in (first, second):
        with app.app_context():
            _db.engine.dispose()


@needs_redis
def test_cache_is_shared_between_two_app_servers(fresh_database_url, tmp_path):
    from app.extensions import cache

    config = dict(
        REDIS_URL=REDIS,
        CACHE_TYPE="RedisCache",
        CACHE_REDIS_URL=REDIS,
        CACHE_KEY_PREFIX=f"t{uuid.uuid4().hex[:8]}:",
    )
    first, second = (
        _server(fresh_database_url, tmp_path, **config),
        _server(fresh_database_url, tmp_path, **config),
    )
    with first.app_context():
        cache.set("figures", {"events": 1800})
    with second.app_context():
        assert cache.get("figures") == {"events": 1800}


@needs_redis
def test_healthz_reports_database_and_redis(fresh_database_url, tmp_path):
    app = _server(fresh_database_url, tmp_path, REDIS_URL=REDIS)
    with app.app_context():
        response = app.test_client().get("/healthz")
        assert response.status_code == 200
        assert response.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_fails_when_redis_is_unreachable(fresh_database_url, tmp_path):
    app = _server(fresh_database_url, tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        response = app.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.get_json()["redis"] == "error"
        assert response.get_json()["database"] == "ok"
        _db.engine.dispose()


def test_healthz_without_redis_checks_the_database(client):
    response = client.get("/healthz")
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "absent"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "redis_url, workers, expected",
    [
        ("", "3", "FileSystemCache"),  # several processes, no Redis: a cache they all share
        ("", "1", None),  # one process: its memory is enough
        ("redis://127.0.0.1:6379/0", "3", None),  # Redis is the shared cache (app/config.py)
    ],
)
def test_gunicorn_settings_give_several_workers_a_shared_cache(monkeypatch, redis_url, workers, expected):
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("GUNICORN_WORKERS", workers)
    monkeypatch.setenv("FLASK_CACHE_TYPE", "placeholder")
    monkeypatch.delenv("FLASK_CACHE_TYPE")  # restored (unset) after the test
    settings = _gunicorn_settings()
    assert settings["workers"] == int(workers)
    assert os.environ.get("FLASK_CACHE_TYPE") == expected


def test_gunicorn_runs_one_worker_per_core_unless_told(monkeypatch):
    """The search is CPU work: as many workers as the cores the server may use (not gunicorn's
    usual 2×cores+1, which made requests queue for a core), each with two threads."""
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")  # no cache setting touched
    settings = _gunicorn_settings()
    assert settings["workers"] == len(os.sched_getaffinity(0))
    assert settings["threads"] == 2
    monkeypatch.setenv("GUNICORN_WORKERS", "")  # an empty value in an environment file
    assert _gunicorn_settings()["workers"] == len(os.sched_getaffinity(0))
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    assert _gunicorn_settings()["workers"] == 3


def _redis_gets(client) -> int:
    return int(client.info("commandstats").get("cmdstat_get", {}).get("calls", 0))


@needs_redis
def test_generation_token_is_read_from_memory_until_redis_says_it_changed(fresh_database_url, tmp_path):
    """Each server keeps the token until Redis pushes that it changed: no round trip per
    request, yet a publication on one server is seen by the next request of the other."""
    import redis

    from app.platform import public_cache

    prefix = f"t{uuid.uuid4().hex[:8]}:"
    config = dict(REDIS_URL=REDIS, CACHE_TYPE="RedisCache", CACHE_REDIS_URL=REDIS, CACHE_KEY_PREFIX=prefix)
    first, second = (_server(fresh_database_url, tmp_path, **config) for _ in range(2))
    watcher = redis.Redis.from_url(REDIS)

    def token(app) -> str:
        with app.test_request_context("/"):
            return public_cache.generation()

    created = token(first)
    assert token(second) == created
    before = _redis_gets(watcher)
    assert [token(second) for _ in range(20)] == [created] * 20
    assert _redis_gets(watcher) == before  # answered from memory

    with first.app_context():
        public_cache.bump()
    bumped = token(first)
    assert bumped != created
    assert token(second) == bumped  # the very next read
    assert _redis_gets(watcher) > before

    # A lost connection may have lost a message with it: the token is asked again.
    tracking = [c["id"] for c in watcher.client_list() if "t" in c["flags"]]
    assert len(tracking) >= 2  # one per server (other tests' apps may have theirs)
    for client_id in tracking:
        watcher.client_kill_filter(_id=client_id)
    with first.app_context():
        public_cache.bump()
    assert token(second) == token(first) != bumped
