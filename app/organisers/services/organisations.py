"""Organisations of the organisers' space, their members and invitations, and the dashboard.
Functions flush but never commit. Invitations never reveal whether an address has an account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.common.text import match_key, normalize_email
from app.common.time import utcnow
from app.events import workflow
from app.extensions import db
from app.mail import send_mail
from app.models import Event, EventDecision, Membership, Organisation, User
from app.organisers.services import events as event_rules
from app.platform import links

ORGANISATION_FIELDS = (
    "name",
    "family",
    "sector",
    "employees",
    "region_id",
    "address",
    "postcode",
    "commune",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "description",
)
INVITATION_MAX_AGE = 14 * 24 * 3600
INVITE = "invite"  # purpose of the invitation links (app/platform/links.py)


def create_organisation(user: User, values: dict) -> Organisation:
    """A new organisation whose first member is `user`."""
    organisation = Organisation(**{k: values[k] for k in ORGANISATION_FIELDS if k in values})
    db.session.add(organisation)
    db.session.flush()
    db.session.add(Membership(user_id=user.id, organisation_id=organisation.id))
    db.session.flush()
    db.session.expire(user, ["memberships"])
    return organisation


def update_organisation(organisation: Organisation, values: dict) -> None:
    for key in ORGANISATION_FIELDS:
        if key in values:
            setattr(organisation, key, values[key])
    db.session.flush()


def members(organisation: Organisation) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership)
            .where(Membership.organisation_id == organisation.id)
            .order_by(User.name, User.email)
        )
    )


def _add_member(organisation: Organisation, user: User) -> bool:
    exists = db.session.scalar(
        select(Membership.id).where(
            Membership.organisation_id == organisation.id, Membership.user_id == user.id
        )
    )
    if exists:
        return False
    db.session.add(Membership(user_id=user.id, organisation_id=organisation.id))
    db.session.flush()
    db.session.expire(user, ["memberships"])
    return True


def invite(organisation: Organisation, inviter: User, email: str) -> None:
    """Send an invitation to join: nobody becomes a member without opening the link, and
    the inviter learns nothing of whether the address has an account (same e-mail, same
    answer). Without an account, the person signs up first with that address."""
    email = normalize_email(email)
    token = links.issue(INVITE, INVITATION_MAX_AGE, organisation=organisation, email=email)
    send_mail(
        email,
        _("Invitation à rejoindre %(name)s sur le site du Mois de l'ESS", name=organisation.name),
        "organisation_invitation",
        inviter=inviter,
        organisation=organisation,
        signup_url=url_for("accounts.signup", _external=True),
        join_url=url_for("organisers.join", token=token, _external=True),
    )


def used_invitation_message() -> str:
    return _(
        "Cette invitation a déjà servi : si vous l'avez acceptée, vous êtes membre de "
        "l'organisation ; sinon, demandez à un membre de vous inviter à nouveau."
    )


def accept_invitation(user: User, token: str) -> tuple[Organisation | None, str]:
    """Join the organisation of the invitation if it was sent to `user`'s address. The link
    serves once; opened from another account it is refused and stays usable."""
    try:
        link = links.check(INVITE, token, INVITATION_MAX_AGE)
    except links.TokenError as exc:
        if exc.used:
            return None, used_invitation_message()
        return None, (
            _("Cette invitation a expiré : demandez à un membre de vous inviter à nouveau.")
            if exc.expired
            else _("Ce lien d'invitation n'est pas valide.")
        )
    organisation = db.session.get(Organisation, link.organisation_id)
    if organisation is None:
        return None, _("Ce lien d'invitation n'est pas valide.")
    if link.email != user.email:
        return None, _("Cette invitation a été envoyée à une autre adresse que celle de votre compte.")
    try:
        links.consume(link)
    except links.TokenError:
        return None, used_invitation_message()
    _add_member(organisation, user)
    return organisation, _("Vous êtes maintenant membre de %(name)s.", name=organisation.name)


def suggest_organisations(query: str, limit: int = 10) -> list[Organisation]:
    """Organisations whose name contains the words typed (for the co-organiser field)."""
    key = (query or "").strip()[:80]
    if len(key) < 2:
        return []
    like = f"%{key}%"
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.name.ilike(like))
            .order_by(func.length(Organisation.name), Organisation.name)
            .limit(limit)
        )
    )


def organisation_by_name(name: str) -> list[Organisation]:
    """Organisations whose name is `name`, ignoring case and accents."""
    key = match_key(name)
    if not key:
        return []
    rows = db.session.scalars(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    )
    found = list(rows)
    if found:
        return found
    like = db.session.scalars(
        select(Organisation).where(Organisation.name.ilike(f"%{name.strip()[:3]}%")).limit(500)
    )
    return [o for o in like if match_key(o.name) == key]


# --- Dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    event: Event
    last_message: EventDecision | None
    can_edit: bool
    can_submit: bool
    can_cancel: bool
    can_declare: bool
    can_delete: bool


@dataclass(frozen=True)
class OrganisationBlock:
    organisation: Organisation
    rows: list[EventRow]


def dashboard(user: User, now: datetime | None = None) -> list[OrganisationBlock]:
    now = now or utcnow()
    org_ids = [m.organisation_id for m in user.memberships]
    if not org_ids:
        return []
    events = list(
        db.session.scalars(
            select(Event)
            .where(Event.organiser_id.in_(org_ids))
            .options(selectinload(Event.region), selectinload(Event.edition))
            .order_by(Event.starts_at.desc(), Event.id.desc())
        )
    )
    messages: dict[int, EventDecision] = {}
    if events:
        for decision in db.session.scalars(
            select(EventDecision)
            .where(
                EventDecision.event_id.in_([e.id for e in events]),
                EventDecision.action.in_(("request_changes", "refuse")),
            )
            .order_by(EventDecision.created_at, EventDecision.id)
        ):
            messages[decision.event_id] = decision
    blocks = []
    for organisation in sorted(user.organisations, key=lambda o: o.name.lower()):
        rows = [
            EventRow(
                # The CRESS message matters while the event waits for the organiser.
                event=e,
                last_message=messages.get(e.id) if e.status in ("a-modifier", "refuse") else None,
                can_edit=event_rules.editable(e),
                can_submit=workflow.allowed(e, "submit"),
                can_cancel=event_rules.can_cancel(e),
                can_declare=event_rules.can_declare_attendance(e, now),
                can_delete=e.status == "brouillon",
            )
            for e in events
            if e.organiser_id == organisation.id
        ]
        blocks.append(OrganisationBlock(organisation, rows))
    return blocks
