"""The first step of every candidacy view: load the candidacy the URL names for the person
asking, or answer 404 (one the user may not see is answered like a missing one).

Who asks: a member of the organisation (its candidacy space), the CRESS of its region (the
pre-selection, once submitted) or a juror assigned to one of its categories (the jury)."""

from __future__ import annotations

from flask_login import current_user

from app.accounts.permissions import can_moderate_region, is_member
from app.models import Candidacy
from app.prizes.candidacy.workflow import BROUILLON, CRESS, MEMBER
from app.web.loading import get_or_404

JUROR = "juror"


def may_open(user, candidacy: Candidacy, who: str, category: str | None = None) -> bool:
    if who == MEMBER:
        return is_member(user, candidacy.organisation_id)
    if who == CRESS:
        return candidacy.status != BROUILLON and can_moderate_region(user, candidacy.region_id)
    if who == JUROR:
        from app.prizes.jury.services import is_assigned

        return category is not None and is_assigned(user, candidacy, category)
    raise ValueError(who)


def candidacy_or_404(candidacy_id: int, who: str, category: str | None = None) -> Candidacy:
    return get_or_404(Candidacy, candidacy_id, lambda c: may_open(current_user, c, who, category))
