"""Prize figures of the bilan: the one place where the Prix ESS issue plugs in.

Candidacies (submitted, whatever happened next), shortlisted and laureates come from the
candidacy table; votes stay None (« non disponible ») until the public vote plugs in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.extensions import db
from app.models import Candidacy, Edition


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
        func.coalesce(func.sum(case((Candidacy.status.in_(("shortlisted", "laureate")), 1),
                                    else_=0)), 0),
        func.coalesce(func.sum(case((Candidacy.status == "laureate", 1), else_=0)), 0),
    ).where(Candidacy.edition_id == edition_id, Candidacy.status != "draft")
    if region_id is not None:
        query = query.where(Candidacy.region_id == region_id)
    candidacies, shortlisted, laureates = db.session.execute(query).one()
    return PrizeFigures(candidacies=candidacies, shortlisted=int(shortlisted),
                        laureates=int(laureates), votes=None)


def candidacies_by_year(years: list[int], region_id: int | None = None) -> dict[int, int]:
    """Submitted candidacies per edition year for the growth table."""
    query = (select(Edition.year, func.count(Candidacy.id))
             .join(Candidacy, Candidacy.edition_id == Edition.id)
             .where(Edition.year.in_(years), Candidacy.status != "draft")
             .group_by(Edition.year))
    if region_id is not None:
        query = query.where(Candidacy.region_id == region_id)
    return {year: n for year, n in db.session.execute(query)}
