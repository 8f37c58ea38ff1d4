"""The bilan's prize figures count submitted candidacies, shortlist and laureates."""

from app.bilan.prizes import candidacies_by_year, prize_figures
from app.extensions import db
from app.models import Candidacy
from tests import factories as f


def _candidacy(ed, status, region="bretagne"):
    org = f.organisation(region_slug=region)
    db.session.add(
        Candidacy(
            edition_id=ed.id,
            organisation_id=org.id,
            region_id=org.region_id,
            status=status,
            categories=[],
            answers={},
        )
    )
    db.session.flush()


def test_prize_figures_nationally_and_per_region(app, db):
    ed = f.edition(2026)
    for status in ("brouillon", "depose", "preselectionne", "retenu", "laureat"):
        _candidacy(ed, status)
    _candidacy(ed, "non-retenu", region="occitanie")
    figures = prize_figures(ed.id)
    assert (figures.candidacies, figures.shortlisted, figures.laureates, figures.votes) == (
        5,
        2,
        1,
        0,
    )  # the vote of f.edition(2026) closed in October: its count is published
    breton = prize_figures(ed.id, f.region("bretagne").id)
    assert (breton.candidacies, breton.shortlisted, breton.laureates) == (4, 2, 1)
    assert candidacies_by_year([2025, 2026]) == {2026: 5}
    assert candidacies_by_year([2026], f.region("occitanie").id) == {2026: 1}
