"""Login limits hold across the processes of a server: the SQLite store of app/platform/ratelimit.py
(chosen when there is no Redis) and Redis both count every worker's attempts together.
With Flask-Limiter's memory:// storage each process counted alone (twice the limit with two
processes)."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from app import create_app
from app.platform import ratelimit
from tests.helpers import free_port, start_gunicorn

REDIS = os.environ.get("TEST_REDIS_URL", "")
LIMIT = 7
BACKENDS = [
    "sqlite",
    pytest.param("redis", marks=pytest.mark.skipif(not REDIS, reason="TEST_REDIS_URL not set")),
]


def _storage_uri(backend: str, tmp_path: Path) -> str:
    return REDIS if backend == "redis" else ratelimit.sqlite_uri(str(tmp_path / "ratelimit.sqlite"))


def _hammer(database_url, storage_uri, prefix, outbox, start, attempts, results):
    """One process of its own: its app, its limiter, the same store."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=storage_uri,
        RATELIMIT_KEY_PREFIX=prefix,
        RATELIMIT_LOGIN=f"{LIMIT} per minute",
        MAIL_OUTBOX_DIR=outbox,
    )
    client = app.test_client()
    start.wait(60)
    results.put(
        [
            client.post("/compte/connexion", data={"email": "x@exemple.fr"}).status_code
            for _ in range(attempts)
        ]
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_processes_share_the_login_limit_exactly(backend, fresh_database_url, tmp_path):
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Event(), spawn.Queue()
    args = (
        fresh_database_url,
        _storage_uri(backend, tmp_path),
        f"t-{uuid.uuid4().hex}",
        str(tmp_path / "outbox"),
        start,
        LIMIT,
        results,
    )
    workers = [spawn.Process(target=_hammer, args=args) for _ in range(2)]
    for worker in workers:
        worker.start()
    start.set()  # both hammer at once: increments race, and must not be lost
    codes = results.get(timeout=120) + results.get(timeout=120)
    for worker in workers:
        worker.join(30)
    assert len(codes) == 2 * LIMIT
    assert codes.count(422) == LIMIT  # accepted (a form error), the rest refused
    assert codes.count(429) == LIMIT


def test_a_store_opened_while_another_process_writes_the_new_file_waits(tmp_path):
    """Workers starting together race for a new file: while one writes it (not yet in WAL
    mode), switching the journal mode is refused at once ("database is locked", SQLite's busy
    handler does not wait there). The store must wait and count, not fail the request."""
    import sqlite3

    from limits.storage import storage_from_string

    path = tmp_path / "fresh.sqlite"
    writing = threading.Event()

    def first_worker():
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("CREATE TABLE early (x)")
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO early VALUES (1)")
        writing.set()
        time.sleep(0.4)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    writing.wait(10)
    store = storage_from_string(ratelimit.sqlite_uri(str(path)))
    assert store.incr("k", 60) == 1
    thread.join()
    assert store.incr("k", 60) == 2


def test_sqlite_store_counts_expires_and_clears(tmp_path):
    from limits import parse
    from limits.storage import storage_from_string
    from limits.strategies import FixedWindowRateLimiter

    store = storage_from_string(ratelimit.sqlite_uri(str(tmp_path / "rl.sqlite")))
    assert isinstance(store, ratelimit.SQLiteStorage) and store.check()
    limiter = FixedWindowRateLimiter(store)
    item = parse("2 per second")
    assert [limiter.hit(item, "a") for _ in range(3)] == [True, True, False]
    assert limiter.hit(item, "b")  # another key counts apart
    stats = limiter.get_window_stats(item, "a")
    assert stats.remaining == 0 and time.time() < stats.reset_time <= time.time() + 1
    time.sleep(1.05)
    assert limiter.hit(item, "a")  # a new window
    limiter.clear(item, "a")
    assert store.get(item.key_for("a")) == 0
    assert store.reset() >= 1 and store.get(item.key_for("b")) == 0


def test_without_redis_the_app_counts_in_a_file_of_its_instance(fresh_database_url):
    if os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL set in this environment")
    app = create_app("development", SQLALCHEMY_DATABASE_URI=fresh_database_url)
    assert app.config["RATELIMIT_STORAGE_URI"] == ratelimit.sqlite_uri(
        os.path.join(app.instance_path, "ratelimit.sqlite")
    )


def _post(url: str) -> int:
    request = urllib.request.Request(url, data=b"email=x%40exemple.fr", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("backend", BACKENDS)
def test_real_gunicorn_with_two_workers_holds_the_login_limit(backend, fresh_database_url, tmp_path):
    """As deployed: gunicorn.conf.py, two workers, the store chosen by create_app() (the
    instance's SQLite file without REDIS_URL, Redis with it)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url,
        "REDIS_URL": REDIS if backend == "redis" else "",
        "SECRET_KEY": "gunicorn-test",
        "APP_CONFIG": "development",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESSLOG": "",
        "FLASK_CACHE_DIR": str(tmp_path / "cache"),
        "FLASK_RATELIMIT_KEY_PREFIX": f"t-{uuid.uuid4().hex}",
        "FLASK_RATELIMIT_LOGIN": f"{LIMIT} per minute",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
    }
    for name in ("FLASK_CACHE_TYPE", "FLASK_RATELIMIT_STORAGE_URI"):
        env.pop(name, None)
    server = start_gunicorn(env)
    base = f"http://127.0.0.1:{port}"
    codes: list[int] = []
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=20).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("gunicorn stopped:\n" + server.stdout.read())
                time.sleep(0.1)

        def client():
            for _ in range(LIMIT):
                codes.append(_post(base + "/compte/connexion"))

        clients = [threading.Thread(target=client) for _ in range(3)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join(120)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output, output
    assert len(codes) == 3 * LIMIT
    assert codes.count(422) == LIMIT, codes
    assert codes.count(429) == 2 * LIMIT, codes
