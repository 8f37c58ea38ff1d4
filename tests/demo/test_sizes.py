"""Demo sizes asked for by the load benchmark: `--organisations` and `--votes`."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.bilan.prizes import published_vote_count
from app.common.time import utcnow
from app.demo import generator
from app.models import Edition, Event, Nominee, Organisation, Vote
from tests import factories as f


def _current(db) -> Edition:
    return db.session.scalar(select(Edition).where(Edition.year == generator.CURRENT_YEAR))


def _votes(db, edition: Edition) -> list:
    return db.session.execute(
        select(Nominee.name, Vote.voter_hash, Vote.email_domain, Vote.ip_hash, Vote.confirmed_at)
        .join(Nominee, Nominee.id == Vote.nominee_id)
        .where(Vote.edition_id == edition.id)
        .order_by(Vote.id)
    ).all()


def _organisations(db) -> list:
    return db.session.execute(
        select(Organisation.name, Organisation.region_id, Organisation.family).order_by(Organisation.id)
    ).all()


def test_exact_organisations_and_current_votes(db):
    summary = generator.generate(events=40, organisations=25, votes=300, seed=9)
    db.session.commit()
    current = _current(db)
    assert db.session.scalar(select(func.count(Organisation.id))) == 25
    assert db.session.scalar(select(func.count(Event.id)).where(Event.edition_id == current.id)) == 40
    # every organisation runs at least one event of the current edition
    organisers = set(db.session.scalars(select(Event.organiser_id).where(Event.edition_id == current.id)))
    assert organisers == set(db.session.scalars(select(Organisation.id)))

    votes = _votes(db, current)
    assert len(votes) == 300
    assert len({v.voter_hash for v in votes}) == 300
    assert all(current.vote_open <= v.confirmed_at < current.vote_close for v in votes)
    per_nominee = sorted(
        db.session.execute(
            select(func.count(Vote.id)).where(Vote.edition_id == current.id).group_by(Vote.nominee_id)
        ).scalars(),
        reverse=True,
    )
    assert sum(per_nominee) == 300 and len(per_nominee) >= 10
    assert per_nominee[0] >= 2 * 300 / 15 and per_nominee[0] >= 3 * per_nominee[-1]  # favourites
    assert len({v.email_domain for v in votes}) >= 8
    assert 100 < len({v.ip_hash for v in votes}) < 300  # some addresses shared
    assert summary.endswith("25 organisations, 300 votes (édition 2026)")


def test_same_seed_gives_the_same_votes_and_organisations(db):
    generator.generate(events=40, organisations=25, votes=300, seed=9)
    db.session.commit()
    first = _votes(db, _current(db)), _organisations(db)
    generator.generate(events=40, organisations=25, votes=300, seed=9)
    db.session.commit()
    assert (_votes(db, _current(db)), _organisations(db)) == first
    generator.generate(events=40, organisations=25, votes=300, seed=10)
    db.session.commit()
    other = _votes(db, _current(db))
    assert len(other) == 300
    assert {v.voter_hash for v in other}.isdisjoint({v.voter_hash for v in first[0]})


def test_more_organisations_than_events_all_exist(db):
    generator.generate(events=10, organisations=60, seed=2)
    assert db.session.scalar(select(func.count(Organisation.id))) == 60
    assert db.session.scalar(select(func.count(Organisation.name.distinct()))) == 60


def test_default_votes_only_once_the_vote_is_closed(db):
    generator.generate(events=40, seed=9, today=date(2026, 10, 1))  # vote open that day
    current = _current(db)
    assert db.session.scalar(select(func.count(Vote.id)).where(Vote.edition_id == current.id)) == 0
    generator.generate(events=40, seed=9)  # 22 November: closed
    current = _current(db)
    assert 800 <= db.session.scalar(select(func.count(Vote.id)).where(Vote.edition_id == current.id)) <= 1500


def test_votes_asked_for_an_open_vote_stay_hidden_until_the_close(client, db):
    generator.generate(events=40, organisations=25, votes=300, seed=9, today=date(2026, 10, 1))
    current = _current(db)
    votes = _votes(db, current)
    assert len(votes) == 300
    assert all(current.vote_open <= v.confirmed_at < datetime(2026, 10, 1) for v in votes)
    # the real clock is past the demo's vote: reopen it around now, as on the day
    now = utcnow()
    current.vote_open, current.vote_close = now - timedelta(days=5), now + timedelta(days=5)
    db.session.commit()

    page = client.get("/prix/vote/").get_data(as_text=True)
    assert "Les résultats seront publiés à la clôture" in page
    assert "vote-results" not in page
    assert published_vote_count(current.id) is None
    f.login(client, f.user("national@exemple.fr", admin=True))
    assert client.get("/prix/vote/resultats.csv").status_code == 403

    current.vote_close = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert published_vote_count(current.id) == 300
    assert "vote-results" in client.get("/prix/vote/").get_data(as_text=True)


@pytest.mark.parametrize("kwargs", [{"organisations": -1}, {"votes": -5}, {"events": -2}])
def test_negative_sizes_are_refused(db, kwargs):
    with pytest.raises(ValueError, match="ne peut pas être négatif"):
        generator.generate(**{"events": 10, **kwargs})


def test_cli_takes_organisations_and_votes(app, db):
    result = app.test_cli_runner().invoke(
        args=[
            "demo-data",
            "--events",
            "40",
            "--organisations",
            "25",
            "--votes",
            "300",
            "--seed",
            "9",
            "--no-history",
        ]
    )
    assert result.exit_code == 0, result.output
    assert (
        "40 événements (édition 2026), 36 (édition 2025), 25 organisations, "
        "300 votes (édition 2026) en " in result.output
    )
    assert db.session.scalar(select(func.count(Vote.id)).where(Vote.edition_id == _current(db).id)) == 300


@pytest.mark.parametrize("option", ["--organisations", "--votes", "--events"])
def test_cli_refuses_negative_numbers_in_french(app, db, option):
    result = app.test_cli_runner().invoke(args=["demo-data", option, "-3", "--no-history"])
    assert result.exit_code == 2
    assert f"Erreur : « {option} » doit être un nombre positif ou nul (reçu : -3)." in result.output
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_cli_refuses_events_without_organisations_and_keeps_the_data(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data", "--events", "20", "--no-history"]).exit_code == 0
    result = runner.invoke(args=["demo-data", "--events", "20", "--organisations", "0", "--no-history"])
    assert result.exit_code == 2
    assert "Il faut au moins une organisation" in result.output
    db.session.remove()
    assert db.session.scalar(select(func.count(Event.id))) == 38


def test_postgresql_gets_planner_statistics_after_the_bulk_load(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (make test runs the suite on it too)")
    from sqlalchemy import text

    generator.generate(events=30, seed=3)
    db.session.commit()
    analysed = db.session.execute(
        text(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL "
            "AND relname IN ('event', 'event_fts', 'event_audience', 'organisation')"
        )
    ).scalars()
    assert set(analysed) == {"event", "event_fts", "event_audience", "organisation"}
