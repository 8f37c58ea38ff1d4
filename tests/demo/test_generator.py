"""Demo data: reproducible, realistic in shape, consistent with the gazetteer, searchable."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.demo import generator
from app.geo import gazetteer
from app.models import Edition, Event, EventAudience, Organisation, Region, event_coorganisers


def _current(db) -> Edition:
    return db.session.scalar(select(Edition).where(Edition.year == 2026))


def _snapshot(db) -> list[tuple]:
    return db.session.execute(
        select(
            Event.title, Event.starts_at, Event.commune_insee, Event.latitude, Event.status, Organisation.name
        )
        .join(Organisation, Organisation.id == Event.organiser_id)
        .order_by(Event.id)
    ).all()


def test_same_seed_gives_same_database_and_replaces_previous_data(db):
    generator.generate(events=300, seed=7)
    db.session.commit()
    first = _snapshot(db)
    generator.generate(events=300, seed=7)
    db.session.commit()
    assert _snapshot(db) == first
    assert db.session.scalar(select(func.count(Edition.id))) == 2  # replaced, not appended
    generator.generate(events=300, seed=8)
    other = _snapshot(db)
    assert len(other) == len(first)
    assert [row[:3] for row in other] != [row[:3] for row in first]


def test_counts_and_summary(db):
    summary = generator.generate(events=300, seed=1)
    current = _current(db)
    per_edition = dict(
        db.session.execute(
            select(Edition.year, func.count(Event.id)).join(Event).group_by(Edition.year)
        ).all()
    )
    assert per_edition == {2026: 300, 2025: 270}
    n_orgs = db.session.scalar(select(func.count(Organisation.id)))
    assert n_orgs == 186  # 0.62 organiser per event, as in 2011
    assert summary == "300 événements (édition 2026), 270 (édition 2025), 186 organisations"
    assert current.candidacy_open == datetime(2026, 4, 14, 22, 0)  # 15 April 00:00 in Paris
    assert current.month_start == date(2026, 11, 1)
    assert current.month_end == date(2026, 11, 30)


def test_generated_edition_has_the_shape_of_a_real_one(db):
    generator.generate(events=600, seed=2026)
    edition_id = _current(db).id
    events = db.session.scalars(select(Event).where(Event.edition_id == edition_id)).all()
    n = len(events)

    themes = Counter(e.theme_id for e in events)
    assert len(themes) == 10
    assert max(themes.values()) >= 3 * min(themes.values())
    top_two = sum(c for _, c in themes.most_common(2))
    assert top_two > 0.25 * n

    audiences = db.session.execute(
        select(EventAudience.code, func.count())
        .join(Event)
        .where(Event.edition_id == edition_id)
        .group_by(EventAudience.code)
    ).all()
    audiences = dict(audiences)
    assert 3.0 <= sum(audiences.values()) / n <= 4.2
    assert 0.7 <= audiences["grand-public"] / n <= 0.9

    statuses = Counter(e.status for e in events)
    assert 0.85 <= statuses["publie"] / n <= 0.95
    assert {"soumis", "brouillon"} <= set(statuses)
    assert any(e.schedule_status == "annule" for e in events)
    assert all(e.schedule_status == "programme" for e in events if e.status != "publie")

    families = db.session.scalars(select(Organisation.family).distinct()).all()
    assert len(families) >= 6
    assert 0.04 <= sum(e.online and not e.in_person for e in events) / n <= 0.13
    assert 0.78 <= sum(e.free for e in events) / n <= 0.92
    assert any(e.second_theme_id for e in events)
    assert any(e.partner_week == "solidarite-internationale" for e in events)
    assert all(len(e.title) <= 200 and len(e.summary) <= 300 for e in events)
    assert all(e.slug and e.description.count(".") >= 2 for e in events)
    assert db.session.execute(select(func.count()).select_from(event_coorganisers)).scalar() > 0
    organisers = Counter(e.organiser_id for e in events)
    assert max(organisers.values()) > 1  # some organisers run several events


def test_places_are_real_communes_of_the_event_region(db):
    generator.generate(events=400, seed=11)
    regions = {r.id: r.code for r in db.session.scalars(select(Region))}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for commune in gazetteer.all_communes():
        lat0, lat1, lon0, lon1 = boxes.get(commune.region, (90, -90, 180, -180))
        boxes[commune.region] = (
            min(lat0, commune.lat),
            max(lat1, commune.lat),
            min(lon0, commune.lon),
            max(lon1, commune.lon),
        )
    margin = 0.1  # the jitter moves a point by a few hundred metres (a few km in Paris)
    for event in db.session.scalars(select(Event)):
        commune = gazetteer.by_insee(event.commune_insee)
        region_code = regions[event.region_id]
        assert commune is not None and commune.name == event.commune
        assert commune.dept == event.departement_code
        assert commune.region == region_code
        assert event.postcode in commune.postcodes
        if event.in_person:
            lat0, lat1, lon0, lon1 = boxes[region_code]
            assert lat0 - margin <= event.latitude <= lat1 + margin
            assert lon0 - margin <= event.longitude <= lon1 + margin
            assert event.venue and event.address
        else:
            assert event.online and event.latitude is None


def test_lifecycle_dates_and_attendance_are_coherent(db):
    generator.generate(events=300, seed=3, today=date(2026, 11, 22))
    current = _current(db)
    month_start = datetime(2026, 10, 31, 23, 0)  # 1 November 00:00 in Paris
    for event in db.session.scalars(select(Event)):
        assert event.starts_at <= event.ends_at
        if event.edition_id != current.id:
            assert event.status == "publie" and event.attendance is not None
            continue
        assert datetime(2026, 10, 29) <= event.starts_at < datetime(2026, 12, 1)
        if event.published_at:
            assert event.created_at <= event.submitted_at <= event.published_at < month_start
        if event.attendance is not None:
            assert event.status == "publie" and event.ends_at < datetime(2026, 11, 22)
    declared = db.session.scalars(
        select(Event.attendance).where(Event.edition_id == current.id, Event.attendance.is_not(None))
    ).all()
    assert declared and 30 <= sum(declared) / len(declared) <= 120


@pytest.mark.parametrize("n", [0, 30])
def test_empty_and_small_editions(db, n):
    summary = generator.generate(events=n, seed=5)
    assert db.session.scalar(select(func.count(Event.id))) == n + round(n * 0.9)
    assert summary.startswith(f"{n} événement")
    assert db.session.scalar(select(func.count(Edition.id))) == 2


def test_full_text_search_finds_generated_events_without_accents(db):
    generator.generate(events=300, seed=4)
    db.session.commit()
    from app.events import search_index

    for word in ("cooperative", "evenement", "economie"):
        matches = search_index.matching(db.engine.dialect.name, word)
        assert db.session.execute(select(func.count()).select_from(matches)).scalar() > 0


def test_cli_demo_data_prints_the_summary(app, db):
    result = app.test_cli_runner().invoke(args=["demo-data", "--events", "50", "--seed", "3", "--no-history"])
    assert result.exit_code == 0, result.output
    assert "50 événements (édition 2026), 45 (édition 2025), 31 organisations" in result.output
    assert db.session.scalar(select(func.count(Event.id))) == 95


def test_new_rows_can_be_added_after_the_demo_data(db):
    """Explicit ids in the demo must not collide with the next ones (PostgreSQL sequences)."""
    from tests import factories

    generator.generate(events=20, seed=5)
    db.session.commit()
    before = db.session.scalar(select(func.max(Event.id)))
    ed = db.session.scalar(select(Edition).where(Edition.year == 2026))
    created = factories.event(ed, "Nouvel événement après la démo")
    db.session.commit()
    assert created.id > before


def test_history_adds_past_editions_since_2008_with_their_growth(db):
    summary = generator.generate(events=180, seed=1, history=True)
    per_year = dict(
        db.session.execute(
            select(Edition.year, func.count(Event.id)).join(Event).group_by(Edition.year)
        ).all()
    )
    assert sorted(per_year) == list(range(2008, 2027))
    # HISTORY scaled to 180 current events (1,800 gives the real sizes: 950 in 2008…)
    assert (per_year[2008], per_year[2011], per_year[2016]) == (95, 173, 180)
    assert (per_year[2025], per_year[2026]) == (162, 180)
    assert summary.startswith("180 événements (édition 2026), 162 (édition 2025), ")
    assert "(éditions 2008 à 2024)" in summary
    organisers = dict(
        db.session.execute(
            select(Edition.year, func.count(Event.organiser_id.distinct())).join(Event).group_by(Edition.year)
        ).all()
    )
    assert organisers[2008] < organisers[2010] < organisers[2016]
    old = db.session.scalars(select(Event).join(Edition).where(Edition.year == 2011)).all()
    assert all(e.status == "publie" and e.attendance is not None for e in old)
    assert all(e.starts_at.year == 2011 and e.description == "" for e in old)
    assert any(e.audiences for e in old) and any(e.second_theme_id for e in old)


def test_cli_demo_data_includes_history_by_default(app, db):
    result = app.test_cli_runner().invoke(args=["demo-data", "--events", "50", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "50 événements (édition 2026), 45 (édition 2025), 755 (éditions 2008 à 2024)" in result.output
    assert db.session.scalar(select(func.count(Edition.id))) == 19
