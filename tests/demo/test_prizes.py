"""Demo data of the Prix ESS: scoring grids, candidacies reviewed by the CRESS, the shortlist,
the jury's first scores and past laureates — so that those pages are not empty in the demo."""

from __future__ import annotations

import html
from collections import Counter
from datetime import date, datetime

from sqlalchemy import select

from app.demo import generator
from app.demo.accounts import DEMO_PASSWORD
from app.models import (
    Candidacy,
    CandidacyEvent,
    Criterion,
    Edition,
    JuryAssignment,
    JuryScore,
    Nominee,
    Organisation,
    PrizePublication,
    User,
)
from app.prizes.jury import services as jury
from tests import factories as f


def _edition(db, year: int) -> Edition:
    return db.session.scalar(select(Edition).where(Edition.year == year))


def _candidacies(db, year: int) -> list[Candidacy]:
    return list(
        db.session.scalars(select(Candidacy).join(Edition).where(Edition.year == year).order_by(Candidacy.id))
    )


def _login(client, db, email: str) -> None:
    f.login(client, db.session.scalar(select(User).where(User.email == email)), DEMO_PASSWORD)


def test_current_edition_has_reviewed_candidacies_and_a_published_shortlist(db):
    generator.generate(events=300, seed=4)  # demo date: 22 November
    current = _edition(db, 2026)
    candidacies = _candidacies(db, 2026)
    statuses = Counter(c.status for c in candidacies)
    assert sum(n for s, n in statuses.items() if s != "brouillon") == 60
    assert statuses["brouillon"] == 6
    assert 30 <= statuses["retenu"] <= 50 and statuses["non-retenu"] > 0
    assert statuses["depose"] > 0 and "laureat" not in statuses
    assert all(
        c.cress_score is not None and c.cress_comment
        for c in candidacies
        if c.status in ("retenu", "non-retenu")
    )
    assert len({c.region_id for c in candidacies}) >= 10
    assert len({c.organisation_id for c in candidacies}) == len(candidacies)
    for c in candidacies:
        assert c.region_id == c.organisation.region_id
        assert c.categories and c.project_title
        if c.status != "brouillon":
            assert current.candidacy_open <= c.created_at <= c.submitted_at
            assert c.submitted_at < current.candidacy_close
            assert c.answers["chiffres"]["employees"] > 0
    pub = db.session.get(PrizePublication, current.id)
    assert pub.shortlist_published_at and pub.deliberation_opened_at
    assert pub.laureates_published_at is None
    assert {e.action for e in db.session.scalars(select(CandidacyEvent))} >= {
        "create",
        "submit",
        "cress_score",
        "preselect",
        "shortlist",
        "reject",
        "score",
    }


def test_default_scoring_grids_and_the_demo_juror_has_scores_to_give(db):
    generator.generate(events=300, seed=4)
    generator.generate(events=300, seed=4)  # replaced, not appended
    grids = Counter(db.session.scalars(select(Criterion.category)))
    assert grids == {"performance": 4, "innovation": 4, "impact-local": 3, "coup-de-coeur": 3}
    assert all(c.weight >= 1 and c.max_score == 10 for c in db.session.scalars(select(Criterion)))
    current = _edition(db, 2026)
    juror = db.session.scalar(select(User).where(User.email == "jury@demo.lemois-ess.fr"))
    assert set(
        db.session.scalars(
            select(JuryAssignment.category).where(
                JuryAssignment.user_id == juror.id, JuryAssignment.edition_id == current.id
            )
        )
    ) == set(grids)
    pairs = jury.juror_candidacies(juror, current.id)
    scored = [c for _cat, c in pairs if jury.my_scores(juror, c)]
    assert 0 < len(scored) < len(pairs)
    assert all(
        c.status == "retenu"
        for c in db.session.scalars(select(Candidacy).join(JuryScore, JuryScore.candidacy_id == Candidacy.id))
    )
    ranked = jury.ranking(current.id, "innovation")
    assert any(r.score is not None for r in ranked) and any(r.score is None for r in ranked)


def test_vote_nominees_come_from_candidacies_proposed_by_the_cress(db):
    generator.generate(events=600, seed=4)
    current = _edition(db, 2026)
    nominees = db.session.scalars(select(Nominee).where(Nominee.edition_id == current.id)).all()
    assert len(nominees) == 15
    linked = [n for n in nominees if n.candidacy_id is not None]
    assert len(linked) >= 10
    assert len({n.slug for n in nominees}) == 15
    for nominee in linked:
        candidacy = db.session.get(Candidacy, nominee.candidacy_id)
        assert candidacy.edition_id == current.id
        assert nominee.name == candidacy.organisation.name
        assert nominee.region_id == candidacy.region_id
        assert "impact-local" in candidacy.categories and candidacy.cress_score is not None
    # one per region first: every region with a pre-selected candidacy for this prize has one
    proposable = {
        c.region_id
        for c in _candidacies(db, 2026)
        if c.status in ("retenu", "non-retenu") and "impact-local" in c.categories
    }
    assert {n.region_id for n in linked} == proposable


def test_past_editions_have_one_laureate_per_prize(db):
    generator.generate(events=300, seed=4, history=True)
    for year in range(2021, 2026):
        laureates = [c for c in _candidacies(db, year) if c.status == "laureat"]
        assert sorted(c.laureate_category for c in laureates) == sorted(
            ["performance", "innovation", "impact-local", "coup-de-coeur"]
        )
        assert all(c.laureate_category in c.categories and c.laureate_text for c in laureates)
        pub = db.session.get(PrizePublication, _edition(db, year).id)
        assert pub.laureates_published_at.year == year
        assert not any(c.status in ("brouillon", "preselectionne") for c in _candidacies(db, year))
    assert _candidacies(db, 2020) == []


def test_same_seed_gives_the_same_candidacies(db):
    def snapshot():
        return db.session.execute(
            select(
                Organisation.name,
                Candidacy.status,
                Candidacy.cress_score,
                Candidacy.project_title,
                Candidacy.categories,
                Candidacy.submitted_at,
            )
            .join(Organisation)
            .order_by(Candidacy.id)
        ).all()

    generator.generate(events=300, seed=4)
    first = snapshot()
    generator.generate(events=300, seed=4)
    assert snapshot() == first
    generator.generate(events=300, seed=5)
    assert snapshot() != first


def test_during_the_call_there_are_only_drafts_and_submissions(db):
    generator.generate(events=300, seed=4, today=date(2026, 5, 20))
    candidacies = _candidacies(db, 2026)
    assert candidacies and {c.status for c in candidacies} == {"brouillon", "depose"}
    assert all(c.submitted_at is None or c.submitted_at < datetime(2026, 5, 20) for c in candidacies)
    assert all(c.cress_score is None for c in candidacies)
    assert db.session.get(PrizePublication, _edition(db, 2026).id) is None


def _text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_demo_accounts_see_the_prize_pages_filled(app, db):
    generator.generate(events=300, seed=4)
    db.session.commit()
    current = _candidacies(db, 2026)
    page = _text(app.test_client().get("/prix/les-50"))
    shortlisted = [c for c in current if c.status == "retenu"]
    assert len(shortlisted) >= 30
    assert all(c.organisation.name in page for c in shortlisted)
    linked = db.session.scalars(
        select(Nominee.name).where(
            Nominee.candidacy_id.is_not(None), Nominee.edition_id == current[0].edition_id
        )
    ).all()
    page = _text(app.test_client().get("/prix/vote/"))
    assert linked and all(name in page for name in linked)

    cress = db.session.scalar(select(User).where(User.email == "cress-bretagne@demo.lemois-ess.fr"))
    client = app.test_client()
    _login(client, db, cress.email)
    page = _text(client.get("/cress/prix/"))
    bretagne = [c for c in current if c.region_id == cress.moderated_region_id and c.status != "brouillon"]
    assert bretagne and all(c.project_title in page for c in bretagne)

    client = app.test_client()
    _login(client, db, "jury@demo.lemois-ess.fr")
    page = _text(client.get("/jury/"))
    assert "à noter" in page and "notée" in page
