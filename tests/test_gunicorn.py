"""The real gunicorn, started with gunicorn.conf.py and wsgi.py as in production: two worker
processes forked from a preloaded app serve the pages, and a change committed elsewhere
reaches every worker through the shared cache (Redis when TEST_REDIS_URL is set, the file
cache otherwise), which holds the generation token while each worker keeps its pages."""

from __future__ import annotations

import os
import re
import time
import urllib.request
from contextlib import contextmanager

import pytest

from app import create_app
from app.extensions import db as _db
from tests import factories as f
from tests.helpers import free_port, start_gunicorn

REDIS = os.environ.get("TEST_REDIS_URL", "")


def _get(url: str) -> tuple[int, dict, str]:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.status, dict(response.headers), response.read().decode()


def _cache_config(tmp_path) -> dict:
    if REDIS:
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": REDIS,
            "CACHE_KEY_PREFIX": f"gunicorn-{os.getpid()}:",
        }
    return {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")}


@contextmanager
def _gunicorn(database_url: str, tmp_path, **settings):
    """The base URL of gunicorn serving `database_url` as deployed, with GUNICORN_* `settings`;
    then its log (asserted free of tracebacks) in the list yielded after the base URL."""
    cache = _cache_config(tmp_path)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS,
        "SECRET_KEY": "gunicorn-test",
        "APP_CONFIG": "development",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESSLOG": "",
        "FLASK_CACHE_DIR": str(tmp_path / "cache"),
        "FLASK_CACHE_KEY_PREFIX": cache.get("CACHE_KEY_PREFIX", "moisess:"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        **{f"GUNICORN_{name.upper()}": str(value) for name, value in settings.items()},
    }
    env.pop("FLASK_CACHE_TYPE", None)
    server = start_gunicorn(env)
    base = f"http://127.0.0.1:{port}"
    log: list[str] = []
    try:
        for _ in range(150):
            try:
                _get(base + "/healthz")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("gunicorn stopped:\n" + server.stdout.read())
                time.sleep(0.1)
        yield base, log
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
        log.append(output)
    assert "Traceback" not in output, output


@pytest.fixture()
def served(fresh_database_url, tmp_path):
    """(base URL, app sharing the servers' database and cache, event) with gunicorn running."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        PAGE_CACHE_TIMEOUT=60,
        **_cache_config(tmp_path),
    )
    with app.app_context():
        ed = f.edition()
        event = f.event(ed, "Forum des coopératives")
        _db.session.commit()
        path = f"/evenements/{event.id}-{event.slug}"
        event_id = event.id
    try:
        with _gunicorn(fresh_database_url, tmp_path) as (base, _log):
            yield base, app, path, event_id
    finally:
        with app.app_context():
            _db.engine.dispose()


def test_two_preloaded_workers_serve_and_share_invalidation(served):
    base, app, path, event_id = served
    status, _headers, health = _get(base + "/healthz")
    assert status == 200 and '"database":"ok"' in health.replace(" ", "")
    pages = [_get(base + path) for _ in range(8)]
    assert all("Forum des coopératives" in html for _s, _h, html in pages)
    assert pages[0][1]["X-Page-Cache"] == "miss"
    # Each worker keeps its pages in its memory (app.web.page_cache), so each computes it once.
    misses = [h for _s, h, _html in pages if h["X-Page-Cache"] == "miss"]
    assert 1 <= len(misses) <= 2
    assert {h["X-Page-Cache"] for _s, h, _html in pages} == {"miss", "hit"}
    with app.app_context():  # an edit committed by another process (a CRESS, say)
        from app.models import Event

        _db.session.get(Event, event_id).summary = "Programme complet de la journée."
        _db.session.commit()
    # Whichever worker answers (a new connection each time), the page is fresh.
    after = [_get(base + path)[2] for _ in range(6)]
    assert all("Programme complet de la journée." in html for html in after)


def test_workers_and_recycled_workers_are_born_with_the_warm_search_engine(fresh_database_url, tmp_path):
    """The master renders the cards before forking: a worker, and one recycled after
    max_requests, starts with them instead of rendering them again while it serves."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=fresh_database_url, **_cache_config(tmp_path))
    with app.app_context():
        ed = f.edition()
        for title in ("Forum des coopératives", "Atelier vélo solidaire", "Café de l'emploi"):
            f.event(ed, title)
        _db.session.commit()
        _db.engine.dispose()
    with _gunicorn(fresh_database_url, tmp_path, workers=1, max_requests=3) as (base, log):
        pages = [_get(base + "/evenements/?q=forum")[2] for _ in range(8)]
    output = log[0]
    assert all("Forum des coopératives" in html and "Atelier vélo" not in html for html in pages)
    assert "search engine warmed before forking: edition" in output
    assert "3 events, 3 cards rendered" in output  # by the master, once
    assert "Control socket" not in output  # no gunicornc socket shared by every instance
    assert "Autorestarting worker" in output  # max_requests recycled the worker ...
    born = re.findall(r"search engine: edition \d+: 3 events, (\d+) cards rendered", output)
    assert len(born) >= 2 and set(born) == {"0"}, output  # ... and no worker rendered a card
