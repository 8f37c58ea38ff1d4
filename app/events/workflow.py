"""Life cycle of an event: one table of allowed transitions, each recorded in the history.

brouillon --submit--> soumis --publish--> publie
                      soumis --request_changes--> a-modifier --submit--> soumis
                      soumis --refuse--> refuse
publie --request_changes--> a-modifier (a CRESS may send a published event back)
A published event edited by its organiser stays online: the edit waits as a pending revision
(app.events.revisions) until the CRESS approves it.

The schedule of a published event (schedule_status) has its own small table, SCHEDULE_CHANGES:
the organiser marks it full ("complet") or not, postpones it ("reporte", with the new dates) or
cancels it ("annule": it stays published and visible, marked cancelled, with its message).
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
    )
}

# Actions recorded in the history without a change of moderation status.
OTHER_ACTIONS = {
    "create": _l("Créé"),
    "edit": _l("Modifié"),
    "cancel": _l("Annulé par l'organisateur"),
    "import": _l("Importé par la CRESS"),
    "attendance": _l("Participation déclarée"),
    "revision": _l("Modification proposée (en attente de validation)"),
    "minor_edit": _l("Changement mineur publié"),
    "revision_approved": _l("Modification validée par la CRESS"),
    "revision_refused": _l("Modification refusée par la CRESS"),
    # Rows written before edits of published events became revisions.
    "unpublish": _l("Modifié après publication : de nouveau soumis à la CRESS"),
}


@dataclass(frozen=True)
class ScheduleChange:
    action: str
    sources: frozenset[str]
    label: str


# Changes of schedule_status an organiser makes on a published event (target: see change_schedule).
SCHEDULE_CHANGES = {
    c.action: c
    for c in (
        ScheduleChange("full", frozenset({"programme", "reporte"}), _l("Marqué complet")),
        ScheduleChange("not_full", frozenset({"complet"}), _l("De nouveau des places")),
        ScheduleChange("postpone", frozenset({"programme", "reporte", "complet"}), _l("Reporté")),
        ScheduleChange(
            "cancel", frozenset({"programme", "reporte", "complet"}), _l("Annulé par l'organisateur")
        ),
    )
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
    if source == "publie" and transition.target != "publie":
        from app.events import revisions  # revisions records through this module

        revisions.merge_pending(event, user)
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


def schedule_allowed(event: Event, action: str) -> bool:
    change = SCHEDULE_CHANGES.get(action)
    return change is not None and event.status == "publie" and event.schedule_status in change.sources


def change_schedule(event: Event, action: str, user: User | None, message: str = "") -> EventDecision:
    """Change the schedule of a published event (full, not full, postponed, cancelled), or
    raise TransitionError. The caller has set the new dates of a postponement. Flushes."""
    if not schedule_allowed(event, action):
        raise TransitionError(_l("Cette action n'est pas possible pour un événement dans cet état."))
    if action == "full":
        event.schedule_status = "complet"
    elif action == "not_full":
        event.schedule_status = "reporte" if event.postponed_from is not None else "programme"
    elif action == "postpone":
        event.schedule_status = "reporte"
    else:
        event.schedule_status = "annule"
        event.cancel_message = (message or "").strip()[:1000]
    return record(event, action, user, message)


def action_label(action: str) -> str:
    if action in TRANSITIONS:
        return str(TRANSITIONS[action].label)
    if action in SCHEDULE_CHANGES:
        return str(SCHEDULE_CHANGES[action].label)
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
