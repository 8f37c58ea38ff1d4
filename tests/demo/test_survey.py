"""Demo data include plausible answers to the organisers' survey, so the bilan shows its section."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.bilan import report as reports
from app.demo import generator
from app.models import Edition, SurveyAnswer, SurveyAnswerAudience, SurveyInvitation


def _edition(db, year: int) -> Edition:
    return db.session.scalar(select(Edition).where(Edition.year == year))


def _answers(db, edition: Edition) -> list[tuple]:
    return db.session.execute(
        select(
            SurveyAnswer.organisation_id, SurveyAnswer.satisfaction, SurveyAnswer.partners, SurveyAnswer.again
        )
        .where(SurveyAnswer.edition_id == edition.id)
        .order_by(SurveyAnswer.organisation_id)
    ).all()


def test_demo_answers_past_editions_and_the_bilan_shows_them(db):
    generator.generate(events=400, seed=5)
    db.session.commit()
    past, current = _edition(db, 2025), _edition(db, 2026)
    invited = db.session.scalar(select(func.count()).where(SurveyInvitation.edition_id == past.id))
    answers = _answers(db, past)
    assert invited > 150
    assert 0.15 <= len(answers) / invited <= 0.45
    # Every answer comes from an invited organisation; the Month of 2026 is not over yet (22 November).
    invited_ids = set(
        db.session.scalars(
            select(SurveyInvitation.organisation_id).where(SurveyInvitation.edition_id == past.id)
        )
    )
    assert {a[0] for a in answers} <= invited_ids
    assert db.session.scalar(select(func.count()).where(SurveyInvitation.edition_id == current.id)) == 0
    assert {a[1] for a in answers} == {"tres-satisfait", "satisfait", "peu-satisfait", "pas-satisfait"}
    assert {a[3] for a in answers} == {"oui", "peut-etre", "non"}
    assert db.session.scalar(select(func.count(SurveyAnswerAudience.answer_id))) >= len(answers)
    section = next(s for s in reports.build(past).sections if s.key == "enquete")
    assert section.paragraphs[0].startswith(
        f"{len(answers)} réponses sur {invited} organisateurs invités, soit "
    )
    assert [t.key for t in section.tables] == [
        "enquete-satisfaction",
        "enquete-publics",
        "enquete-partenaires",
        "enquete-presse",
        "enquete-participation",
        "enquete-regions",
    ]
    assert sum(r["reponses"] for r in section.tables[0].rows) == len(answers)
    # Reproducible: the same seed gives the same answers.
    generator.generate(events=400, seed=5)
    db.session.commit()
    assert _answers(db, _edition(db, 2025)) == answers


def test_demo_after_the_month_surveys_the_current_edition_too(db):
    generator.generate(events=200, seed=2, today=date(2026, 12, 20))
    db.session.commit()
    current = _edition(db, 2026)
    assert db.session.scalar(select(func.count()).where(SurveyAnswer.edition_id == current.id)) > 0
