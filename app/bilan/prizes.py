"""Prize figures of the bilan: the one place where the Prix ESS issue plugs in.

Candidacies, shortlist, laureates and votes have no tables yet (another issue adds them).
Until then `prize_figures` returns None and the report shows « non disponible ».
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrizeFigures:
    candidacies: int
    shortlisted: int
    laureates: int
    votes: int


def prize_figures(edition_id: int, region_id: int | None = None) -> PrizeFigures | None:
    """Figures of the edition (of one region's candidacies when region_id is given).

    TODO(prizes issue): count the candidacies, shortlisted candidacies, laureates and
    confirmed votes here with SQL aggregates, like app/bilan/queries.py does for events.
    """
    return None


def candidacies_by_year(years: list[int], region_id: int | None = None) -> dict[int, int]:
    """Candidacies per edition year for the growth table (empty until the prizes exist)."""
    return {}


def published_vote_count(edition_id: int) -> int | None:
    """Counted votes of the public vote (app/vote), None until the vote has closed:
    counts stay hidden everywhere before the close."""
    from app.vote.services import published_vote_count as count

    return count(edition_id)
