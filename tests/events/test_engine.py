"""The in-memory search engine (app.events.engine): its bitmaps against plain Python sets, and
its snapshots kept for one generation of public content — rebuilt after a publication, in
one app server and in another one sharing Redis — but never after a change to a draft."""

from __future__ import annotations

import os
import random
import uuid

import pytest
from sqlalchemy import event as sa_event

from app import create_app
from app.events import engine
from app.events.engine import bitmap, set_bits, union
from app.events.params import SearchParams
from app.events.search import search
from app.extensions import db as _db
from app.models import Event
from tests import factories as f

REDIS = os.environ.get("TEST_REDIS_URL", "")


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 511, 512, 513, 4000, 20000])
def test_bitmaps_hold_exactly_the_positions_given(size):
    rng = random.Random(size)
    for density in (0.0, 0.01, 0.5, 1.0):
        chosen = sorted(p for p in range(size) if rng.random() < density)
        bits = bitmap(chosen, size)
        assert bits.bit_count() == len(chosen)
        assert set_bits(bits) == chosen
        for skip, limit in ((0, 20), (3, 5), (len(chosen) // 2, 20), (len(chosen), 20), (len(chosen) + 5, 1)):
            assert set_bits(bits, skip, limit) == chosen[skip : skip + limit]


def test_union_and_intersection_count_like_sets():
    rng = random.Random(3)
    size = 3000
    a = {p for p in range(size) if rng.random() < 0.3}
    b = {p for p in range(size) if rng.random() < 0.2}
    ba, bb = bitmap(a, size), bitmap(b, size)
    assert (ba & bb).bit_count() == len(a & b)
    assert set_bits(union([ba, bb])) == sorted(a | b)
    assert set_bits(ba & ~bb) == sorted(a - b)


def _app(url, tmp_path, **config):
    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        MAIL_OUTBOX_DIR=str(tmp_path / "o"),
        UPLOAD_DIR=str(tmp_path / "u"),
        **config,
    )


def _count_queries(statements: list[str]):
    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    return listener


@pytest.fixture()
def cached_app(fresh_database_url, tmp_path):
    app = _app(fresh_database_url, tmp_path, CACHE_TYPE="SimpleCache")
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


def test_a_snapshot_serves_a_generation_and_a_publication_gives_a_new_one(cached_app):
    ed = f.edition()
    f.event(ed, "Forum de l'emploi solidaire", theme_slug="travailler")
    draft = f.event(ed, "Atelier vélo", status="brouillon")
    _db.session.commit()
    first = engine.snapshot(ed.id)
    assert search(SearchParams(q="emploi"), ed.id).total == 1
    statements: list[str] = []
    listener = _count_queries(statements)
    sa_event.listen(_db.engine, "before_cursor_execute", listener)
    try:
        again = search(SearchParams(q="emploi", themes=("travailler",)), ed.id)
    finally:
        sa_event.remove(_db.engine, "before_cursor_execute", listener)
    # The same snapshot, and the word's events kept: a search reads nothing from the database.
    assert engine.snapshot(ed.id) is first and again.total == 1 and statements == []

    draft.summary = "Réparer son vélo"  # a draft changes nothing that is public
    _db.session.commit()
    assert engine.snapshot(ed.id) is first

    draft.status = "publie"
    _db.session.commit()
    assert engine.snapshot(ed.id) is not first
    found = search(SearchParams(q="vélo"), ed.id)
    assert [c.title for c in found.cards] == ["Atelier vélo"] and found.total == 1
    assert search(SearchParams(), ed.id).total == 2


def test_warming_up_builds_the_current_editions_snapshot_before_any_search(cached_app):
    ed = f.edition()
    f.event(ed, "Forum de l'emploi solidaire")
    _db.session.commit()
    store = cached_app.extensions.get("search_engine")
    assert store is None or ed.id not in store.snapshots
    engine.warm(cached_app)
    built = cached_app.extensions["search_engine"].snapshots[ed.id]
    assert built.size == 1 and engine.snapshot(ed.id) is built
    # ... and renders its cards: a search finds them ready.
    assert "Forum de l&#39;emploi solidaire" in built._html[built.ids[0]][1]


def test_warming_up_reads_the_most_frequent_title_words(cached_app):
    from tests.test_public_cache import count_queries

    ed = f.edition()
    for title in ("Forum de l'emploi", "Forum des métiers", "Atelier vélo", "Forum solidaire"):
        f.event(ed, title)
    f.event(ed, "Brouillon du forum", status="brouillon")
    _db.session.commit()
    cached_app.config["SEARCH_PRELOAD_WORDS"] = 1
    snap = engine.snapshot(ed.id)
    assert [t.word for t in snap.frequent_title_terms(1)] == ["forum"]
    engine.warm(cached_app)
    with count_queries() as statements:
        found = search(SearchParams(q="forum"), ed.id)
    assert found.total == 3 and statements == []
    with count_queries() as statements:  # not the most frequent: read when asked
        assert search(SearchParams(q="atelier"), ed.id).total == 1
    assert statements


def test_unchanged_cards_are_kept_across_generations_and_changed_ones_rendered_again(cached_app):
    ed = f.edition()
    kept = f.event(ed, "Forum de l'emploi solidaire")
    edited = f.event(ed, "Atelier vélo")
    cancelled = f.event(ed, "Projection-débat")
    _db.session.commit()
    first = search(SearchParams(), ed.id)
    with cached_app.test_request_context("/"):  # the cards' links
        before = dict(zip(first.event_ids, first.card_html, strict=True))
    edited.title = "Atelier de réparation de vélos"
    cancelled.schedule_status = "annule"
    f.event(ed, "Marché des producteurs")
    _db.session.commit()
    second = search(SearchParams(), ed.id)
    assert second.snapshot is not first.snapshot
    with cached_app.test_request_context("/"):
        after = dict(zip(second.event_ids, second.card_html, strict=True))
    assert after[kept.id] == before[kept.id]
    # The very string rendered at the first generation: not rendered again.
    assert second.snapshot._html[kept.id][1] is first.snapshot._html[kept.id][1]
    assert "Atelier de réparation de vélos" in after[edited.id] and "Atelier vélo<" not in after[edited.id]
    assert "Annulé" in after[cancelled.id] and "Annulé" not in before[cancelled.id]
    assert len(after) == 4 and "Marché des producteurs" in "".join(after.values())
    # An unpublished event's card is not carried to the next generation.
    edited.status = "brouillon"
    _db.session.commit()
    third = search(SearchParams(), ed.id)
    assert edited.id not in third.snapshot._html and edited.id not in third.snapshot._inherited
    assert third.total == 3


def test_cancelling_an_event_shows_at_once_in_the_counts(cached_app):
    ed = f.edition()
    event = f.event(ed, "Projection-débat")
    _db.session.commit()
    assert search(SearchParams(), ed.id).programme.cancelled == 0
    event.schedule_status = "annule"
    _db.session.commit()
    result = search(SearchParams(), ed.id)
    assert (result.total, result.cancelled) == (1, 1)
    assert result.cards[0].schedule_status == "annule"


@pytest.mark.skipif(not REDIS, reason="TEST_REDIS_URL not set (make test sets it)")
def test_a_publication_on_one_server_reaches_the_snapshot_of_another(fresh_database_url, tmp_path):
    """Two app servers, each with its snapshots, sharing Redis: the second one searches, the
    first publishes, the second one's next search finds the event."""
    config = dict(
        REDIS_URL=REDIS,
        CACHE_TYPE="RedisCache",
        CACHE_REDIS_URL=REDIS,
        CACHE_KEY_PREFIX=f"t{uuid.uuid4().hex[:8]}:",
    )
    first, second = _app(fresh_database_url, tmp_path, **config), _app(fresh_database_url, tmp_path, **config)
    with first.app_context():
        ed = f.edition()
        f.event(ed, "Forum de l'emploi")
        f.event(ed, "Marché de producteurs", status="brouillon")
        _db.session.commit()
        edition_id = ed.id
        _db.session.remove()
    with second.app_context():
        built = engine.snapshot(edition_id)
        assert search(SearchParams(q="marché"), edition_id).total == 0
        assert engine.snapshot(edition_id) is built
        _db.session.remove()
    with first.app_context():
        _db.session.query(Event).filter_by(status="brouillon").one().status = "publie"
        _db.session.commit()
        _db.session.remove()
    with second.app_context():
        assert engine.snapshot(edition_id) is not built
        assert search(SearchParams(q="marché"), edition_id).total == 1
        _db.session.remove()
    for app in (first, second):
        with app.app_context():
            _db.engine.dispose()


def test_the_three_parts_of_a_word_read_at_once_are_those_read_one_by_one(cached_app):
    from app.events import search_index, search_text

    ed = f.edition()
    f.event(ed, "Coopérative d'habitants", summary="Visite d'une coopérative")
    f.event(ed, "Forum de l'emploi", summary="Des coopératives d'activité et d'emploi")
    f.event(ed, "Atelier vélo", summary="Réparer ensemble")
    _db.session.commit()
    connection = _db.session.connection()
    for query in ("coopérative", "coopératives", "coop", "emploi", "vélo", "inconnu"):
        for term in search_text.query_terms(query):
            together = search_index.events_with_parts(connection, term)
            for part in search_index.PARTS:
                alone = search_index.events_with(connection, term, part)
                assert sorted(together[part]) == sorted(alone), (query, part)
    coop = search_text.query_terms("coopérative")[0]
    parts = search_index.events_with_parts(connection, coop)
    assert len(parts["any"]) == 2 and len(parts["title"]) == 1


def test_words_and_spelling_read_by_one_process_are_shared_with_the_others(fresh_database_url, tmp_path):
    """Two app processes sharing their cache (files here, Redis in production): a word's
    events and a spelling correction found by the first cost the second no query."""
    from tests.test_public_cache import count_queries

    config = dict(CACHE_TYPE="FileSystemCache", CACHE_DIR=str(tmp_path / "cache"), PAGE_CACHE_TIMEOUT=0)
    first, second = _app(fresh_database_url, tmp_path, **config), _app(fresh_database_url, tmp_path, **config)
    with first.app_context():
        ed = f.edition()
        f.event(ed, "Atelier de réparation de vélos")
        f.event(ed, "Forum coopératif")
        _db.session.commit()
        edition_id = ed.id
        found = search(SearchParams(q="vélo réparation"), edition_id)
        assert [c.title for c in found.cards] == ["Atelier de réparation de vélos"]
        with first.test_request_context("/"):
            from app.events.spelling import suggestion

            assert suggestion(SearchParams(q="cooperatiff"), edition_id) == "coopératif"
        _db.session.remove()
    with second.app_context():
        engine.snapshot(edition_id)  # its own snapshot, built from the database
        with count_queries() as statements:
            again = search(SearchParams(q="vélo réparation"), edition_id)
            with second.test_request_context("/"):
                fixed = suggestion(SearchParams(q="cooperatiff"), edition_id)
        assert [c.title for c in again.cards] == ["Atelier de réparation de vélos"]
        assert fixed == "coopératif" and statements == []
        # A word nobody asked yet is read from the index.
        with count_queries() as statements:
            assert search(SearchParams(q="forum"), edition_id).total == 1
        assert statements
        _db.session.remove()
    for app in (first, second):
        with app.app_context():
            _db.engine.dispose()
