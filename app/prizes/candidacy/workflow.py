"""Life cycle of a candidacy to the Prix ESS: one table of allowed transitions, who may trigger
each, and the history row each one writes. No other module assigns `Candidacy.status`.

brouillon --submit (member)--> depose --preselect (CRESS)--> preselectionne
                               depose <--unpreselect (CRESS)-- preselectionne
preselectionne --shortlist (national)--> retenu --unshortlist (national)--> preselectionne
preselectionne --reject (national, when the 50 are published)--> non-retenu
non-retenu --unreject (national, the publication cancelled before its e-mails left)--> preselectionne
retenu --laureate (national)--> laureat --unlaureate (national, another one chosen)--> retenu

The codes are French like the events' (app/events/workflow.py); the list lives with the model
(app/models/candidacy.py `CANDIDACY_STATUSES`), whose database CHECK is built from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Candidacy, CandidacyEvent, User
from app.models.candidacy import CANDIDACY_STATUSES as STATUSES

BROUILLON, DEPOSE, PRESELECTIONNE, RETENU, LAUREAT, NON_RETENU = STATUSES
FINALISTS = (RETENU, LAUREAT)  # the shortlist of 50
REVIEWED = (PRESELECTIONNE, RETENU, LAUREAT, NON_RETENU)  # past the CRESS

# Who may trigger a transition.
MEMBER = "member"  # a member of the candidate organisation
CRESS = "cress"  # the CRESS of the candidacy's region (or a national admin)
NATIONAL = "national"  # a national administrator


class CandidacyError(Exception):
    """A rule refused the action; the message is French and shown to the user."""


class TransitionError(CandidacyError):
    """The action is not allowed from the candidacy's current status, or not to this user."""


@dataclass(frozen=True)
class Transition:
    action: str  # also the action of the history row it writes
    sources: frozenset[str]
    target: str
    by: str  # MEMBER, CRESS or NATIONAL
    label: object
    refusal: object  # the French message when the status does not allow it


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(
            "submit",
            frozenset({BROUILLON}),
            DEPOSE,
            MEMBER,
            _l("candidature déposée"),
            _l("Cette candidature a déjà été déposée."),
        ),
        Transition(
            "preselect",
            frozenset({DEPOSE}),
            PRESELECTIONNE,
            CRESS,
            _l("pré-sélection régionale"),
            _l("Cette candidature n'est plus en pré-sélection régionale."),
        ),
        Transition(
            "unpreselect",
            frozenset({PRESELECTIONNE}),
            DEPOSE,
            CRESS,
            _l("pré-sélection régionale retirée"),
            _l("Cette candidature n'est plus en pré-sélection régionale."),
        ),
        Transition(
            "shortlist",
            frozenset({PRESELECTIONNE}),
            RETENU,
            NATIONAL,
            _l("retenue parmi les 50"),
            _l("Seule une candidature pré-sélectionnée par une CRESS peut être retenue."),
        ),
        Transition(
            "unshortlist",
            frozenset({RETENU}),
            PRESELECTIONNE,
            NATIONAL,
            _l("retirée de la liste des 50"),
            _l("Seule une candidature retenue peut être retirée de la liste."),
        ),
        Transition(
            "reject",
            frozenset({PRESELECTIONNE}),
            NON_RETENU,
            NATIONAL,
            _l("non retenue"),
            _l("Seule une candidature pré-sélectionnée peut être écartée des 50."),
        ),
        Transition(
            "unreject",
            frozenset({NON_RETENU}),
            PRESELECTIONNE,
            NATIONAL,
            _l("publication de la liste des 50 annulée"),
            _l("Seule une candidature écartée des 50 peut être rétablie."),
        ),
        Transition(
            "laureate",
            frozenset({RETENU, LAUREAT}),
            LAUREAT,
            NATIONAL,
            _l("désignée lauréate"),
            _l("Cette candidature ne concourt pas pour ce prix."),
        ),
        Transition(
            "unlaureate",
            frozenset({LAUREAT}),
            RETENU,
            NATIONAL,
            _l("lauréat remplacé"),
            _l("Cette candidature n'est pas lauréate."),
        ),
    )
}

# Actions recorded in the history without a change of status.
OTHER_ACTIONS = {
    "create": _l("brouillon créé"),
    "late_code": _l("code de dépôt tardif utilisé"),
    "cress_score": _l("évaluation de la CRESS"),
    "nominate": _l("proposée au vote du public"),
    "unnominate": _l("retirée du vote du public"),
    "conflict": _l("conflit d'intérêts déclaré"),
    "score": _l("notée par un juré"),
}

STATUS_LABELS = {
    BROUILLON: _l("brouillon"),
    DEPOSE: _l("déposée"),
    PRESELECTIONNE: _l("déposée"),  # the pre-selection stays quiet until published
    RETENU: _l("retenue parmi les 50"),
    LAUREAT: _l("lauréate"),
    NON_RETENU: _l("non retenue"),
}


def may(user: User | None, candidacy: Candidacy, transition: Transition) -> bool:
    from app.accounts.permissions import can_moderate_region, is_member

    if user is None or not user.is_authenticated:
        return False
    if transition.by == MEMBER:
        return is_member(user, candidacy.organisation_id)
    if transition.by == CRESS:
        return can_moderate_region(user, candidacy.region_id)
    return bool(user.is_admin)


def target(status: str, action: str) -> str:
    """The status `action` leads to from `status`, or TransitionError (also used by the demo
    data, which inserts its rows in bulk)."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_l("Cette action n'est pas possible pour une candidature."))
    if status not in transition.sources:
        raise TransitionError(transition.refusal)
    return transition.target


def allowed(candidacy: Candidacy, action: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and candidacy.status in transition.sources


def apply(candidacy: Candidacy, action: str, user: User | None, message: str = "") -> CandidacyEvent:
    """Move `candidacy` through `action` and write its history row, or raise TransitionError
    (French message). Flushes, never commits."""
    new_status = target(candidacy.status, action)
    if not may(user, candidacy, TRANSITIONS[action]):
        raise TransitionError(_l("Vous n'avez pas le droit de faire cette action sur cette candidature."))
    candidacy.status = new_status
    return record(candidacy, user, action, message)


def record(candidacy: Candidacy, user: User | None, action: str, message: str = "") -> CandidacyEvent:
    """Add one line to the candidacy's history."""
    row = CandidacyEvent(
        candidacy_id=candidacy.id, user_id=user.id if user else None, action=action, message=message
    )
    db.session.add(row)
    db.session.flush()
    return row


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def action_label(action: str) -> str:
    if action in TRANSITIONS:
        return str(TRANSITIONS[action].label)
    return str(OTHER_ACTIONS.get(action, action))
