"""Whole-page cache of public pages (app.web.page_cache): served without a query to
anonymous visitors, each with their own CSRF token, never to signed-in visitors, and
invalidated when public content changes."""

from __future__ import annotations

import os
import re
import uuid
from datetime import timedelta

import pytest
import redis

from app import create_app
from app.extensions import db as _db
from app.web import page_cache
from tests import factories as f
from tests.helpers import body, body_without_nonce, forget_user_between_requests
from tests.test_public_cache import count_queries

HX_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def _seed():
    ed = f.edition()
    published = f.event(ed, "Forum de l'emploi solidaire", theme_slug="travailler")
    _db.session.commit()
    return ed, published


PAGES = (
    "/",
    "/thematiques/",
    "/thematiques/travailler",
    "/regions/",
    "/regions/bretagne",
    "/evenements/?q=forum",
)


def test_second_visit_is_served_from_the_cache_without_any_query(cached_app):
    _, published = _seed()
    pages = (*PAGES, f"/evenements/{published.id}-{published.slug}")
    first = [cached_app.test_client().get(p) for p in pages]
    assert [r.headers["X-Page-Cache"] for r in first] == ["miss"] * len(pages)
    with count_queries() as statements:
        second = [cached_app.test_client().get(p) for p in pages]
    assert statements == []
    assert [r.headers["X-Page-Cache"] for r in second] == ["hit"] * len(pages)
    for a, b in zip(first, second, strict=True):
        # Same page, but the CSRF token is each visitor's own.
        token_a, token_b = (HX_TOKEN.search(body(r)).group(1) for r in (a, b))
        assert token_a != token_b
        # ... and so is the Content-Security-Policy nonce (tests/web/test_security_headers.py).
        assert body_without_nonce(a).replace(token_a, "") == body_without_nonce(b).replace(token_b, "")
    assert "Forum de l'emploi solidaire" in body(second[-1])
    assert second[-2].headers["Vary"] == first[-2].headers["Vary"]


def test_the_csrf_token_of_a_cached_page_is_valid_for_its_visitor_only(cached_app):
    _seed()
    cached_app.test_client().get("/")  # fills the cache
    visitor, other = cached_app.test_client(), cached_app.test_client()
    page = visitor.get("/")
    assert page.headers["X-Page-Cache"] == "hit"
    token = HX_TOKEN.search(page.get_data(as_text=True)).group(1)
    assert "__page-cache-csrf-token__" not in page.get_data(as_text=True)
    other.get("/")
    refused = other.post("/compte/deconnexion", headers={"X-CSRFToken": token})
    assert refused.status_code == 400
    assert "jeton de sécurité" in body(refused)
    accepted = visitor.post("/compte/deconnexion", headers={"X-CSRFToken": token})
    assert accepted.status_code == 302


def test_fragment_and_full_page_are_cached_apart(cached_app):
    _seed()
    client = cached_app.test_client()
    fragment = client.get("/evenements/?q=forum", headers={"HX-Request": "true"})
    full = client.get("/evenements/?q=forum")
    again = client.get("/evenements/?q=forum", headers={"HX-Request": "true"})
    assert "<html" not in body(fragment) and "<html" in body(full)
    assert again.headers["X-Page-Cache"] == "hit" and body(again) == body(fragment)
    other_query = client.get("/evenements/?q=introuvable", headers={"HX-Request": "true"})
    assert other_query.headers["X-Page-Cache"] == "miss"
    assert "Forum de l'emploi solidaire" not in body(other_query)


def test_signed_in_visitors_never_get_or_fill_the_cache(cached_app):
    ed, _ = _seed()
    anonymous = cached_app.test_client()
    anonymous.get("/")
    organiser = f.user("orga@example.org")
    _db.session.commit()
    client = cached_app.test_client()
    f.login(client, organiser)
    page = client.get("/")
    assert "X-Page-Cache" not in page.headers
    assert "Se déconnecter" in body(page)
    assert "Se déconnecter" not in body(anonymous.get("/"))
    assert anonymous.get("/").headers["X-Page-Cache"] == "hit"


def test_a_waiting_message_is_shown_not_replaced_by_the_cached_page(cached_app):
    _seed()
    cached_app.test_client().get("/")
    client = cached_app.test_client()
    user = f.user("quelqu-un@example.org")
    _db.session.commit()
    f.login(client, user)
    response = client.post(
        "/compte/deconnexion",
        headers={"X-CSRFToken": HX_TOKEN.search(body(client.get("/"))).group(1)},
        follow_redirects=True,
    )
    assert "Vous êtes déconnecté." in body(response)
    assert "X-Page-Cache" not in response.headers


def test_edits_of_public_content_invalidate_the_pages(cached_app):
    ed, published = _seed()
    client = cached_app.test_client()
    path = f"/evenements/{published.id}-{published.slug}"
    assert "Forum de l'emploi solidaire" in body(client.get(path))
    published.summary = "Un résumé tout neuf pour le forum."
    _db.session.commit()
    fresh = client.get(path)
    assert fresh.headers["X-Page-Cache"] == "miss"
    assert "Un résumé tout neuf pour le forum." in body(fresh)
    published.organiser.name = "Coopérative renommée"
    _db.session.commit()
    assert "Coopérative renommée" in body(client.get(path))

    client.get("/")
    assert client.get("/").headers["X-Page-Cache"] == "hit"
    ed.registration_close = ed.registration_close + timedelta(days=1)  # calendar of the edition
    _db.session.commit()
    assert client.get("/").headers["X-Page-Cache"] == "miss"


def test_a_draft_change_keeps_the_pages_and_errors_are_not_cached(cached_app):
    ed, _ = _seed()
    client = cached_app.test_client()
    client.get("/")
    f.event(ed, "Brouillon discret", status="brouillon")
    _db.session.commit()
    assert client.get("/").headers["X-Page-Cache"] == "hit"
    missing = client.get("/regions/nulle-part")
    assert missing.status_code == 404 and "X-Page-Cache" not in missing.headers
    assert "X-Page-Cache" not in client.get("/regions/nulle-part").headers


def test_timeout_zero_disables_the_cache(fresh_database_url, tmp_path):
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        MAIL_OUTBOX_DIR=str(tmp_path / "o"),
        CACHE_TYPE="SimpleCache",
        PAGE_CACHE_TIMEOUT=0,
    )
    forget_user_between_requests(app)
    with app.app_context():
        _seed()
        client = app.test_client()
        client.get("/")
        with count_queries() as statements:
            page = client.get("/")
        assert "X-Page-Cache" not in page.headers and statements
        _db.session.remove()
        _db.engine.dispose()


def test_two_processes_without_redis_keep_pages_apart_and_share_invalidation_through_files(
    fresh_database_url, tmp_path
):
    """Several gunicorn workers without Redis share a FileSystemCache (gunicorn.conf.py) for
    the generation token; each keeps its pages in its own memory (writing a file per page cost
    as much as computing it), so an edit in one process is seen by the other at once."""
    config = dict(
        MAIL_OUTBOX_DIR=str(tmp_path / "o"),
        CACHE_TYPE="FileSystemCache",
        CACHE_DIR=str(tmp_path / "cache"),
        PAGE_CACHE_TIMEOUT=60,
    )
    first = create_app("testing", SQLALCHEMY_DATABASE_URI=fresh_database_url, **config)
    second = create_app("testing", SQLALCHEMY_DATABASE_URI=fresh_database_url, **config)
    with first.app_context():
        _, published = _seed()
        path = f"/evenements/{published.id}-{published.slug}"
        assert first.test_client().get(path).headers["X-Page-Cache"] == "miss"
        assert first.test_client().get(path).headers["X-Page-Cache"] == "hit"
        assert isinstance(page_cache.store(), page_cache.LocalStore) and len(page_cache.store()) == 1
        _db.session.remove()
    files = list((tmp_path / "cache").iterdir())
    assert files and not [f for f in files if b"<html" in f.read_bytes()]  # the token, no page
    with second.app_context():
        assert second.test_client().get(path).headers["X-Page-Cache"] == "miss"
        assert second.test_client().get(path).headers["X-Page-Cache"] == "hit"
        _db.session.remove()
    with first.app_context():
        from app.models import Event

        _db.session.get(Event, published.id).title = "Forum renommé"
        _db.session.commit()
        _db.session.remove()
    with second.app_context():
        page = second.test_client().get(path, follow_redirects=True)
        assert "Forum renommé" in body(page)
        _db.session.remove()
    for app in (first, second):
        with app.app_context():
            _db.engine.dispose()


def test_the_local_store_keeps_its_byte_budget_least_recently_used_first_out(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    local = page_cache.LocalStore(budget=30)
    local.set("a", ("g", "x" * 10, []), timeout=60)
    local.set("b", ("g", "y" * 10, []), timeout=60)
    assert local.get("a") == ("g", "x" * 10, [])  # "a" is now the most recently used
    local.set("c", ("g", "z" * 15, []), timeout=60)  # 35 bytes: "b" goes
    assert local.get("b") is None and local.get("a") is not None and local.get("c") is not None
    assert local.size == 25 and len(local) == 2
    local.set("a", ("g", "w" * 5, []), timeout=60)  # replaced, not counted twice
    assert local.size == 20 and local.get("a") == ("g", "w" * 5, [])
    local.set("huge", ("g", "h" * 31, []), timeout=60)  # larger than the budget: not kept
    assert local.get("huge") is None and local.size == 20
    clock[0] += 61
    assert local.get("a") is None and local.get("c") is None and local.size == 0


def test_a_forged_host_header_never_reaches_other_visitors_through_the_cache(cached_app):
    """Without PUBLIC_URL, canonical and share URLs follow the request's host: a request with
    a forged Host header fills its own cache entry, never the one real visitors get."""
    _seed()
    assert not cached_app.config["PUBLIC_URL"]
    forged = cached_app.test_client().get("/thematiques/travailler", headers={"Host": "evil.example"})
    assert 'rel="canonical" href="http://evil.example/thematiques/travailler"' in body(forged)
    real = cached_app.test_client().get("/thematiques/travailler")
    assert real.headers["X-Page-Cache"] == "miss"
    assert "evil.example" not in body(real)
    assert 'rel="canonical" href="http://localhost/thematiques/travailler"' in body(real)
    again = cached_app.test_client().get("/thematiques/travailler")
    assert again.headers["X-Page-Cache"] == "hit" and "evil.example" not in body(again)


def _redis_app(fresh_database_url, tmp_path, **config):
    url = os.environ["TEST_REDIS_URL"]
    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        MAIL_OUTBOX_DIR=str(tmp_path / "o"),
        REDIS_URL=url,
        CACHE_TYPE="RedisCache",
        CACHE_REDIS_URL=url,
        CACHE_KEY_PREFIX=f"t{uuid.uuid4().hex[:8]}:",
        PAGE_CACHE_TIMEOUT=60,
        **config,
    )


def _redis_commands_of(app, paths: list[str]) -> list[tuple]:
    """(response, the Redis commands it sent) for each of `paths`, counted by Redis itself
    (INFO commandstats), after a first request has created the token and read reference data."""
    forget_user_between_requests(app)
    server = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])

    def commands() -> dict[str, int]:
        stats = server.info("commandstats")
        return {name[len("cmdstat_") :]: stats[name]["calls"] for name in stats}

    found = []
    with app.app_context():
        _seed()
        app.test_client().get("/thematiques/")
        for path in paths:
            before = commands()
            page = app.test_client().get(path)
            after = commands()
            delta = {k: n - before.get(k, 0) for k, n in after.items() if k != "info"}
            found.append((page, {k: n for k, n in delta.items() if n}))
        _db.session.remove()
        _db.engine.dispose()
    return found


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL not set (make test sets it)")
def test_with_redis_pages_stay_in_the_process_and_a_cached_one_costs_no_round_trip(
    fresh_database_url, tmp_path
):
    """By default each process keeps its pages (Redis holds the generation token, which each
    process keeps until Redis says it changed): a cached page costs no round trip, and no
    page is ever written to Redis."""
    app = _redis_app(fresh_database_url, tmp_path)
    (first, computed), (again, cached) = _redis_commands_of(app, ["/thematiques/travailler"] * 2)
    assert first.headers["X-Page-Cache"] == "miss" and again.headers["X-Page-Cache"] == "hit"
    assert "emploi solidaire" in body(first) and "emploi solidaire" in body(again)
    assert cached == {}
    server = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
    prefix = app.config["CACHE_KEY_PREFIX"]
    values = [server.get(key) or b"" for key in server.scan_iter(f"{prefix}*")]
    assert values and not [value for value in values if b"emploi solidaire" in value]


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL not set (make test sets it)")
def test_with_pages_shared_in_redis_a_cached_page_costs_one_round_trip(fresh_database_url, tmp_path):
    """PAGE_CACHE_STORE=shared: the page is one GET (the generation token is in the process's
    memory until Redis says it changed): a round trip costs about 0.3 ms on these machines."""
    app = _redis_app(fresh_database_url, tmp_path, PAGE_CACHE_STORE="shared")
    (first, computed), (again, cached) = _redis_commands_of(app, ["/thematiques/travailler"] * 2)
    assert first.headers["X-Page-Cache"] == "miss" and again.headers["X-Page-Cache"] == "hit"
    assert "emploi solidaire" in body(first) and "emploi solidaire" in body(again)
    assert cached == {"get": 1}
    assert computed.get("get", 0) >= 1 and computed.get("setex", 0) + computed.get("set", 0) >= 1
