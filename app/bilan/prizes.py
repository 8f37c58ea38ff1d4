"""Prize figures of the bilan: the one place where the Prix ESS issue plugs in.

Candidacies (submitted, whatever happened next), shortlisted and laureates come from the
candidacy table; votes from the public vote, national only and None (« non disponible »)
until the vote has closed (counts stay hidden before).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.extensions import db
from app.models import Candidacy, Edition
from app.prizes.candidacy.workflow import BROUILLON, FINALISTS, LAUREAT


@dataclass(frozen=True)
class PrizeFigures:
    candidacies: int
    shortlisted: int
    laureates: int
    votes: int | None


def prize_figures(edition_id: int, region_id: int | None = None) -> PrizeFigures | None:
    """Figures of the edition (of one region's candidacies when region_id is given)."""
    query = select(
        func.count(Candidacy.id),
        func.coalesce(func.sum(case((Candidacy.status.in_(FINALISTS), 1), else_=0)), 0),
        func.coalesce(func.sum(case((Candidacy.status == LAUREAT, 1), else_=0)), 0),
    ).where(Candidacy.edition_id == edition_id, Candidacy.status != BROUILLON)
    if region_id is not None:
        query = query.where(Candidacy.region_id == region_id)
    candidacies, shortlisted, laureates = db.session.execute(query).one()
    return PrizeFigures(
        candidacies=candidacies,
        shortlisted=int(shortlisted),
        laureates=int(laureates),
        votes=published_vote_count(edition_id) if region_id is None else None,
    )


def candidacies_by_year(years: list[int], region_id: int | None = None) -> dict[int, int]:
    """Submitted candidacies per edition year for the growth table."""
    query = (
        select(Edition.year, func.count(Candidacy.id))
        .join(Candidacy, Candidacy.edition_id == Edition.id)
        .where(Edition.year.in_(years), Candidacy.status != BROUILLON)
        .group_by(Edition.year)
    )
    if region_id is not None:
        query = query.where(Candidacy.region_id == region_id)
    return {year: n for year, n in db.session.execute(query)}


def published_vote_count(edition_id: int) -> int | None:
    """Counted votes of the public vote (app/prizes/vote), None until the vote has closed:
    counts stay hidden everywhere before the close."""
    from app.prizes.vote.services import published_vote_count as count

    return count(edition_id)
