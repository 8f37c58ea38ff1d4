"""Cached public figures (app.platform.public_cache): served from the cache, invalidated when a
published event changes — in one app server and across two servers sharing Redis."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import event as sa_event

from app import create_app, editions
from app.extensions import db as _db
from app.platform import public_cache
from app.regions import services as region_services
from app.themes import services as theme_services
from tests import factories as f
from tests.helpers import body, body_without_nonce

REDIS = os.environ.get("TEST_REDIS_URL", "")


def _make_app(url, tmp_path, **config):
    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        MAIL_OUTBOX_DIR=str(tmp_path / "o"),
        UPLOAD_DIR=str(tmp_path / "u"),
        **config,
    )


@pytest.fixture()
def cached_app(fresh_database_url, tmp_path):
    app = _make_app(fresh_database_url, tmp_path, CACHE_TYPE="SimpleCache")
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


@contextmanager
def count_queries():
    statements: list[str] = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    engine = _db.engine
    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)


def _seed():
    ed = f.edition()
    f.event(ed, "Forum emploi", theme_slug="travailler")
    f.event(ed, "Brouillon", status="brouillon")
    _db.session.commit()
    return ed


def test_second_call_is_served_from_the_cache_without_any_query(cached_app):
    ed = _seed()
    region = f.region("bretagne")
    first = (editions.key_figures(ed.id), region_services.region_points(region, ed.id))
    with count_queries() as statements:
        second = (editions.key_figures(ed.id), region_services.region_points(region, ed.id))
    assert statements == []
    assert second == first
    assert second[0].events == 1 and len(second[1]) == 1
    theme_services.themes_with_counts(ed.id)
    with count_queries() as statements:
        counts = {tc.theme.slug: tc.count for tc in theme_services.themes_with_counts(ed.id)}
    assert counts["travailler"] == 1
    # Only the list of themes (reference data) is read; the counts come from the cache.
    assert len(statements) == 1 and "count" not in statements[0].lower()


def test_without_cache_configuration_testing_reads_every_time(app, db):
    ed = _seed()
    editions.key_figures(ed.id)
    with count_queries() as statements:
        editions.key_figures(ed.id)
    assert len(statements) == 1


def test_publishing_an_event_changes_home_theme_and_region_pages(cached_app):
    ed = _seed()
    client = cached_app.test_client()
    pages = ("/", "/thematiques/travailler", "/regions/", "/regions/bretagne")
    before = [body_without_nonce(client.get(p)) for p in pages]
    assert "Dans cette thématique : 1 événement au programme." in before[1]
    assert "Dans la région : 1 événement au programme." in before[3]
    # Cached: a change that does not touch a published event leaves the pages as they were.
    draft = f.event(ed, "Autre brouillon", status="brouillon")
    _db.session.commit()
    assert [body_without_nonce(client.get(p)) for p in pages][1] == before[1]

    draft.status = "publie"
    _db.session.commit()
    after = [body(client.get(p)) for p in pages]
    assert "Dans cette thématique : 2 événements au programme." in after[1]
    assert "Dans la région : 2 événements au programme." in after[3]
    assert "2 événements" in after[2]
    home = cached_app.test_client().get("/").get_data(as_text=True)
    assert '<span class="key-figure__value">2</span>' in home


def test_unpublishing_editing_and_deleting_a_published_event_invalidate(cached_app):
    ed = _seed()
    published = f.event(ed, "Atelier", theme_slug="travailler")
    _db.session.commit()
    assert editions.key_figures(ed.id).events == 2

    token = public_cache.generation()
    published.latitude = 48.2  # edit of a published event (its map point moves)
    _db.session.commit()
    assert public_cache.generation() != token
    point = [p for p in region_services.region_points(f.region("bretagne"), ed.id) if p[2] == published.id]
    assert point[0][0] == 48.2

    published.status = "soumis"  # unpublished
    _db.session.commit()
    assert editions.key_figures(ed.id).events == 1

    published.status = "publie"
    _db.session.commit()
    assert editions.key_figures(ed.id).events == 2
    _db.session.delete(published)
    _db.session.commit()
    assert editions.key_figures(ed.id).events == 1


def test_changes_to_drafts_keep_the_cache(cached_app):
    ed = _seed()
    token = public_cache.generation()
    draft = f.event(ed, "Encore un brouillon", status="brouillon")
    _db.session.commit()
    draft.title = "Brouillon renommé"
    _db.session.commit()
    assert public_cache.generation() == token


def test_bulk_update_of_events_invalidates(cached_app):
    from sqlalchemy import update

    from app.models import Event

    ed = _seed()
    assert editions.key_figures(ed.id).events == 1
    _db.session.execute(update(Event).values(status="publie"))
    _db.session.commit()
    assert editions.key_figures(ed.id).events == 2


@pytest.mark.skipif(not REDIS, reason="TEST_REDIS_URL not set (make test sets it)")
def test_invalidation_reaches_another_app_server_through_redis(fresh_database_url, tmp_path):
    config = dict(
        REDIS_URL=REDIS,
        CACHE_TYPE="RedisCache",
        CACHE_REDIS_URL=REDIS,
        CACHE_KEY_PREFIX=f"t{uuid.uuid4().hex[:8]}:",
    )
    first = _make_app(fresh_database_url, tmp_path, **config)
    second = _make_app(fresh_database_url, tmp_path, **config)
    with first.app_context():
        _seed()
        _db.session.remove()
    for app in (first, second):
        with app.app_context():
            client = app.test_client()
            assert "Dans la région : 1 événement au programme." in body(client.get("/regions/bretagne"))
            assert '<span class="key-figure__value">1</span>' in client.get("/").get_data(as_text=True)
            _db.session.remove()
    with second.app_context():  # served from Redis: no query for the figures
        from app.models import Edition

        edition_id = _db.session.query(Edition.id).scalar()
        with count_queries() as statements:
            editions.key_figures(edition_id)
        assert statements == []
        _db.session.remove()
    with first.app_context():  # publication on the first server
        from app.models import Event

        draft = _db.session.query(Event).filter_by(status="brouillon").one()
        draft.status = "publie"
        _db.session.commit()
        _db.session.remove()
    with second.app_context():
        assert "Dans la région : 2 événements au programme." in body(
            second.test_client().get("/regions/bretagne")
        )
        assert '<span class="key-figure__value">2</span>' in second.test_client().get("/").get_data(
            as_text=True
        )
        _db.session.remove()
    for app in (first, second):
        with app.app_context():
            _db.engine.dispose()


def test_local_values_last_one_generation_of_this_process(cached_app):
    calls: list[int] = []

    def compute():
        calls.append(1)
        return len(calls)

    assert public_cache.local("probe", compute, 1) == 1
    assert public_cache.local("probe", compute, 1) == 1  # same generation: no second computation
    assert public_cache.local("probe", compute, 2) == 2  # other arguments, other value
    public_cache.bump()
    assert public_cache.local("probe", compute, 1) == 3
    assert len(calls) == 3


@pytest.mark.parametrize("cache_type", ["SimpleCache", "FileSystemCache"])
def test_a_full_cache_drops_other_entries_before_the_generation_token(
    fresh_database_url, tmp_path, cache_type
):
    """The in-memory and file caches, once over CACHE_THRESHOLD entries, drop those expiring
    first: the token must not be one of them, or every server would recompute everything."""
    from app.extensions import cache

    app = _make_app(
        fresh_database_url,
        tmp_path,
        CACHE_TYPE=cache_type,
        CACHE_DIR=str(tmp_path / "cache"),
        CACHE_THRESHOLD=20,
    )
    with app.app_context():
        token = public_cache.generation()
        for n in range(100):  # pages, words, figures: default lifetimes
            cache.set(f"filler:{n}", n)
        kept = [n for n in range(100) if cache.get(f"filler:{n}") is not None]
        assert len(kept) <= 21  # the cache did drop entries ...
        assert cache.get(public_cache.GENERATION_KEY) == token  # ... not the token
        assert public_cache.generation() == token
        _db.engine.dispose()
