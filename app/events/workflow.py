"""Life cycle of an event: one table of allowed transitions, each recorded in the history.

brouillon --submit--> soumis --publish--> publie
                      soumis --request_changes--> a-modifier --submit--> soumis
                      soumis --refuse--> refuse
publie --request_changes--> a-modifier (a CRESS may send a published event back)
publie --unpublish--> soumis (a published event edited by its organiser returns to the CRESS)
Cancelling (schedule_status "annule") keeps the event published and visible, marked cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.common.time import utcnow
from app.extensions import db
from app.models import Event, EventDecision, User


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    label: str
    by_moderator: bool
    needs_message: bool = False


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(
            "submit",
            frozenset({"brouillon", "a-modifier", "refuse"}),
            "soumis",
            _l("Soumis à la CRESS"),
            by_moderator=False,
        ),
        Transition(
            "publish",
            frozenset({"soumis", "a-modifier", "refuse"}),
            "publie",
            _l("Publié"),
            by_moderator=True,
        ),
        Transition(
            "request_changes",
            frozenset({"soumis", "publie"}),
            "a-modifier",
            _l("Modifications demandées"),
            by_moderator=True,
            needs_message=True,
        ),
        Transition(
            "refuse",
            frozenset({"soumis", "a-modifier"}),
            "refuse",
            _l("Refusé"),
            by_moderator=True,
            needs_message=True,
        ),
        Transition(
            "unpublish",
            frozenset({"publie"}),
            "soumis",
            _l("Modifié après publication : de nouveau soumis à la CRESS"),
            by_moderator=False,
        ),
    )
}

# Actions recorded in the history without a change of moderation status.
OTHER_ACTIONS = {
    "create": _l("Créé"),
    "edit": _l("Modifié"),
    "cancel": _l("Annulé par l'organisateur"),
    "import": _l("Importé par la CRESS"),
    "attendance": _l("Participation déclarée"),
}


class TransitionError(ValueError):
    """The action is not allowed from the event's current status (message in French)."""


def allowed(event: Event, action: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and event.status in transition.sources


def apply(event: Event, action: str, user: User | None, message: str = "") -> EventDecision:
    """Move `event` through `action`, or raise TransitionError. Flushes, never commits."""
    transition = TRANSITIONS.get(action)
    if transition is None or event.status not in transition.sources:
        raise TransitionError(_l("Cette action n'est pas possible pour un événement dans cet état."))
    message = (message or "").strip()
    if transition.needs_message and not message:
        raise TransitionError(_l("Indiquez un message pour l'organisateur."))
    source = event.status
    event.status = transition.target
    now = utcnow()
    if transition.target == "soumis":
        event.submitted_at = now
    if transition.target == "publie":
        event.published_at = now
    return record(event, action, user, message, from_status=source)


def record(
    event: Event, action: str, user: User | None, message: str = "", from_status: str | None = None
) -> EventDecision:
    """Add one line to the event's history."""
    decision = EventDecision(
        event_id=event.id,
        user_id=user.id if user is not None else None,
        action=action,
        from_status=from_status if from_status is not None else event.status,
        to_status=event.status,
        message=(message or "")[:5000],
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def action_label(action: str) -> str:
    if action in TRANSITIONS:
        return str(TRANSITIONS[action].label)
    return str(OTHER_ACTIONS.get(action, action))


def history(event: Event) -> list[EventDecision]:
    from sqlalchemy import select

    return list(
        db.session.scalars(
            select(EventDecision)
            .where(EventDecision.event_id == event.id)
            .order_by(EventDecision.created_at, EventDecision.id)
        )
    )
