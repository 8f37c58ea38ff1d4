"""Rules of the organisers' events: create and edit (place, local times), submit (registration
window, likely duplicates), duplicate, cancel, attendance, image. Flush, never commit."""

from __future__ import annotations

import difflib
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from app.common.numbers import number_fr
from app.common.text import match_key, slugify
from app.common.time import to_local, to_utc, utcnow
from app.events import workflow
from app.extensions import db
from app.models import Edition, Event, EventDecision, Organisation, User
from app.organisers.services import places
from app.web import uploads
from app.web.filters import deadline_fr, opening_fr

SIMILARITY_THRESHOLD = 0.6
MAX_ATTENDANCE = 100_000
# Columns copied as they are from the form (and by "duplicate").
PLAIN_FIELDS = (
    "title",
    "summary",
    "description",
    "theme_id",
    "second_theme_id",
    "kind",
    "scale",
    "partner_week",
    "venue",
    "address",
    "in_person",
    "online",
    "online_url",
    "free",
    "price_info",
    "registration_required",
    "registration_url",
    "access_moteur",
    "access_visuel",
    "access_auditif",
    "access_psychique",
    "access_mental",
    "accessibility_info",
    "contact_name",
    "contact_email",
    "contact_phone",
    "other_coorganisers",
)


class EventRuleError(ValueError):
    """An action refused by a rule; the French message is shown to the organiser."""


@dataclass
class EventInput:
    """What the event form holds once every field is valid (dates in the region's local time)."""

    fields: dict
    audiences: list[str]
    starts_local: datetime
    ends_local: datetime
    postcode: str = ""
    commune: str = ""
    insee: str = ""
    latitude: float | None = None
    longitude: float | None = None
    coorganiser_ids: list[int] = field(default_factory=list)


def locate(data: EventInput, organiser: Organisation) -> places.Place | None:
    """The commune of the event (PlaceError if unknown); None for an online-only event
    without a commune (it belongs to its organiser's region)."""
    if not data.fields.get("in_person") and not (data.postcode or data.commune or data.insee):
        return None
    return places.resolve(data.postcode, data.commune, data.insee)


def _apply(event: Event, data: EventInput, place: places.Place | None) -> None:
    for name in PLAIN_FIELDS:
        setattr(event, name, data.fields.get(name))
    event.slug = slugify(event.title)
    event.audiences = data.audiences
    if place is None:
        region = db.session.get(Organisation, event.organiser_id).region
        event.region_id, event.departement_code = region.id, None
        event.postcode, event.commune, event.commune_insee = "", "", None
        event.latitude = event.longitude = None
    else:
        region = place.region
        event.region_id, event.departement_code = region.id, place.departement_code
        event.postcode, event.commune, event.commune_insee = place.postcode, place.name, place.insee
        event.latitude, event.longitude = places.coordinates(place, data.latitude, data.longitude)
    event.starts_at = to_utc(data.starts_local, region.timezone)
    event.ends_at = to_utc(data.ends_local, region.timezone)
    ids = [i for i in dict.fromkeys(data.coorganiser_ids) if i != event.organiser_id]
    event.coorganisers = (
        list(
            db.session.scalars(
                select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
            )
        )
        if ids
        else []
    )


def by_creation_token(token: str) -> Event | None:
    if not token:
        return None
    return db.session.scalar(select(Event).where(Event.creation_token == token))


def create_event(
    user: User,
    organiser: Organisation,
    edition: Edition,
    data: EventInput,
    place: places.Place | None,
    token: str | None,
) -> Event:
    """A new draft. A token already used means a double submission: the first event is
    returned and nothing is created."""
    existing = by_creation_token(token or "")
    if existing is not None:
        return existing
    event = Event(
        edition_id=edition.id,
        organiser_id=organiser.id,
        status="brouillon",
        schedule_status="programme",
        creation_token=token or None,
    )
    _apply(event, data, place)
    db.session.add(event)
    db.session.flush()  # IntegrityError if a concurrent request used the token meanwhile
    workflow.record(event, "create", user)
    return event


def editable(event: Event) -> bool:
    return event.schedule_status != "annule"


def update_event(event: Event, user: User, data: EventInput, place: places.Place | None) -> None:
    """Save the changes; a published event goes back to its CRESS (workflow "unpublish")."""
    if not editable(event):
        raise EventRuleError(_("Un événement annulé ne peut plus être modifié."))
    _apply(event, data, place)
    if event.status == "publie":
        workflow.apply(event, "unpublish", user)
    else:
        workflow.record(event, "edit", user)


def form_values(event: Event) -> dict:
    """The event as the form shows it (dates in the region's local time)."""
    tz = event.region.timezone
    values = {name: getattr(event, name) for name in PLAIN_FIELDS}
    values.update(
        audiences=event.audiences,
        starts_at=to_local(event.starts_at, tz),
        ends_at=to_local(event.ends_at, tz),
        postcode=event.postcode,
        commune=event.commune,
        insee=event.commune_insee or "",
        latitude=event.latitude,
        longitude=event.longitude,
        coorganisers=[o.id for o in event.coorganisers],
    )
    return values


# --- Submission ---------------------------------------------------------------------------


def registration_problem(edition: Edition, now: datetime | None = None) -> str | None:
    """French message when the registration window of `edition` is closed at `now`."""
    now = now or utcnow()
    if edition.registration_open <= now < edition.registration_close:
        return None
    dates = {
        "year": edition.year,
        "open": opening_fr(edition.registration_open),
        "close": deadline_fr(edition.registration_close),
    }
    if now < edition.registration_open:
        return _(
            "Les inscriptions au Mois de l'ESS %(year)s ne sont pas encore ouvertes : elles le "
            "seront du %(open)s au %(close)s. Vous pouvez enregistrer votre brouillon d'ici là.",
            **dates,
        )
    return _(
        "Les inscriptions au Mois de l'ESS %(year)s sont closes : elles étaient ouvertes du "
        "%(open)s au %(close)s. Votre brouillon reste enregistré ; contactez votre CRESS.",
        **dates,
    )


def similarity(a: str, b: str) -> float:
    """Closeness of two titles: difflib ratio or word overlap, on accent-free lowercase text."""
    na, nb = match_key(a), match_key(b)
    if not na or not nb:
        return 0.0
    ratio = difflib.SequenceMatcher(None, na, nb).ratio()
    wa, wb = set(na.split()), set(nb.split())
    overlap = len(wa & wb) / max(len(wa | wb), 1)
    return max(ratio, overlap)


def similar_events(event: Event) -> list[Event]:
    """Events of the same edition, same commune and same local day with a similar title."""
    tz = event.region.timezone
    day = to_local(event.starts_at, tz).replace(hour=0, minute=0, second=0, microsecond=0)
    start, end = to_utc(day, tz), to_utc(day + timedelta(days=1), tz)
    query = select(Event).where(
        Event.edition_id == event.edition_id,
        Event.id != event.id,
        Event.status.in_(("soumis", "a-modifier", "publie")),
        Event.starts_at >= start,
        Event.starts_at < end,
    )
    if event.commune_insee:
        query = query.where(Event.commune_insee == event.commune_insee)
    else:
        query = query.where(Event.commune_insee.is_(None), Event.region_id == event.region_id)
    candidates = db.session.scalars(query.order_by(Event.starts_at).limit(200))
    return [c for c in candidates if similarity(c.title, event.title) >= SIMILARITY_THRESHOLD]


@dataclass(frozen=True)
class SubmitOutcome:
    submitted: bool
    problem: str | None = None
    similar: tuple[Event, ...] = ()


def submit(
    event: Event, user: User, *, not_duplicate: bool = False, now: datetime | None = None
) -> SubmitOutcome:
    if not workflow.allowed(event, "submit"):
        return SubmitOutcome(False, _("Cet événement a déjà été soumis à la CRESS."))
    problem = registration_problem(event.edition, now)
    if problem:
        return SubmitOutcome(False, problem)
    similar = similar_events(event)
    if similar and not not_duplicate:
        return SubmitOutcome(False, None, tuple(similar))
    message = _("L'organisateur confirme que ce n'est pas un doublon.") if similar else ""
    workflow.apply(event, "submit", user, message)
    return SubmitOutcome(True)


# --- Other actions ------------------------------------------------------------------------


def delete_draft(event: Event) -> None:
    """Only a draft never submitted can be deleted (the CRESS never saw it)."""
    if event.status != "brouillon":
        raise EventRuleError(_("Seul un brouillon peut être supprimé."))
    uploads.delete(event.image_file)
    db.session.delete(event)
    db.session.flush()


def duplicate(event: Event, user: User, edition: Edition) -> Event:
    """A new draft with the same content (and a copy of the image) in `edition`."""
    copy = Event(
        edition_id=edition.id,
        organiser_id=event.organiser_id,
        status="brouillon",
        schedule_status="programme",
    )
    for name in PLAIN_FIELDS + (
        "postcode",
        "commune",
        "commune_insee",
        "departement_code",
        "region_id",
        "latitude",
        "longitude",
        "starts_at",
        "ends_at",
        "image_credit",
    ):
        setattr(copy, name, getattr(event, name))
    copy.title = event.title[:200]
    copy.slug = event.slug
    copy.audiences = event.audiences
    copy.coorganisers = list(event.coorganisers)
    copy.image_file = _copy_image(event.image_file)
    db.session.add(copy)
    db.session.flush()
    workflow.record(copy, "create", user, _("Copie de l'événement n° %(id)d.", id=event.id))
    return copy


def _copy_image(name: str | None) -> str | None:
    source = uploads.path_of(name) if name else None
    if source is None:
        return None
    import secrets

    new_name = f"{secrets.token_urlsafe(16)}{source.suffix}"
    shutil.copyfile(source, uploads.upload_dir() / new_name)
    return new_name


def can_cancel(event: Event) -> bool:
    return event.status == "publie" and event.schedule_status != "annule"


def cancel(event: Event, user: User, message: str = "") -> None:
    """The event stays published and visible, marked cancelled."""
    if not can_cancel(event):
        raise EventRuleError(_("Seul un événement publié et non annulé peut être annulé."))
    event.schedule_status = "annule"
    workflow.record(event, "cancel", user, message)


def can_declare_attendance(event: Event, now: datetime | None = None) -> bool:
    return (
        event.status == "publie" and event.schedule_status != "annule" and event.ends_at < (now or utcnow())
    )


def declare_attendance(event: Event, user: User, attendance: int, now: datetime | None = None) -> None:
    if not can_declare_attendance(event, now):
        raise EventRuleError(_("La participation se déclare après la fin d'un événement publié."))
    if not 0 <= attendance <= MAX_ATTENDANCE:
        raise EventRuleError(_("Indiquez un nombre de participants entre 0 et %(max)d.", max=MAX_ATTENDANCE))
    event.attendance = attendance
    workflow.record(
        event,
        "attendance",
        user,
        ngettext("%(n)s participant.", "%(n)s participants.", attendance, n=number_fr(attendance)),
    )


def set_image(event: Event, stream, credit: str) -> None:
    """Store the new image (UploadError if refused), then drop the old file."""
    stored = uploads.save_image(stream, max_bytes=5 * 1024 * 1024)
    old = event.image_file
    event.image_file = stored.name
    event.image_credit = credit.strip()
    db.session.flush()
    uploads.delete(old)


def set_image_credit(event: Event, credit: str) -> None:
    event.image_credit = credit.strip()
    db.session.flush()


def remove_image(event: Event) -> None:
    old = event.image_file
    event.image_file = None
    event.image_credit = ""
    db.session.flush()
    uploads.delete(old)


def cress_messages(event: Event) -> list[EventDecision]:
    """The CRESS's messages to the organiser (changes requested, refusals), newest first."""
    return list(
        db.session.scalars(
            select(EventDecision)
            .where(
                EventDecision.event_id == event.id,
                EventDecision.action.in_(("request_changes", "refuse")),
                EventDecision.message != "",
            )
            .order_by(EventDecision.created_at.desc(), EventDecision.id.desc())
        )
    )
