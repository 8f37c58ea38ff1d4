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
from app.common.text import match_key
from app.common.time import to_local, to_utc, utcnow
from app.events import cress_mail, revisions, workflow
from app.extensions import db
from app.models import Edition, Event, EventDecision, Organisation, Region, User
from app.organisers.services import places
from app.web import uploads
from app.web.filters import date_fr, datetime_fr, deadline_fr, opening_fr, span_fr

SIMILARITY_THRESHOLD = 0.6
MAX_ATTENDANCE = 100_000
# Columns copied as they are from the form (and by "duplicate"): one list, app.events.revisions.
PLAIN_FIELDS = revisions.PLAIN_FIELDS


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


def _values(event: Event, data: EventInput, place: places.Place | None) -> dict:
    """Every column the form sets (app.events.revisions.VALUE_FIELDS), in Python form."""
    values = {name: data.fields.get(name) for name in PLAIN_FIELDS}
    values["audiences"] = list(data.audiences)
    if place is None:
        region = db.session.get(Organisation, event.organiser_id).region
        values.update(region_id=region.id, departement_code=None, postcode="", commune="", commune_insee=None)
        values.update(latitude=None, longitude=None)
    else:
        region = place.region
        values.update(region_id=region.id, departement_code=place.departement_code)
        values.update(postcode=place.postcode, commune=place.name, commune_insee=place.insee)
        values["latitude"], values["longitude"] = places.coordinates(place, data.latitude, data.longitude)
    values["starts_at"] = to_utc(data.starts_local, region.timezone)
    values["ends_at"] = to_utc(data.ends_local, region.timezone)
    values["coorganisers"] = [i for i in dict.fromkeys(data.coorganiser_ids) if i != event.organiser_id]
    return values


def _apply(event: Event, data: EventInput, place: places.Place | None) -> None:
    revisions.assign(event, _values(event, data, place))


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


def update_event(
    event: Event, user: User, data: EventInput, place: places.Place | None
) -> revisions.ProposeOutcome | None:
    """Save the changes. A published event stays online as it is: the changes wait for its
    CRESS as a pending revision (minor fields may go live at once); returns that outcome."""
    if not editable(event):
        raise EventRuleError(_("Un événement annulé ne peut plus être modifié."))
    if event.status == "publie":
        return revisions.propose(event, user, _values(event, data, place))
    _apply(event, data, place)
    workflow.record(event, "edit", user)
    return None


def form_values(event: Event) -> dict:
    """The event as the form shows it (dates in the region's local time); for a published
    event with a pending revision, the values waiting for the CRESS."""
    values = revisions.proposed_values(event)
    tz = db.session.get(Region, values["region_id"]).timezone
    shown = {name: values[name] for name in PLAIN_FIELDS}
    shown.update(
        audiences=values["audiences"],
        starts_at=to_local(values["starts_at"], tz),
        ends_at=to_local(values["ends_at"], tz),
        postcode=values["postcode"],
        commune=values["commune"],
        insee=values["commune_insee"] or "",
        latitude=values["latitude"],
        longitude=values["longitude"],
        coorganisers=values["coorganisers"],
        free="1" if values["free"] else "0",
        accessibility=[c for c in Event.ACCESS_FIELDS if values[f"access_{c}"]],
    )
    return shown


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
    warnings: tuple[str, ...] = ()


def date_warnings(event: Event, now: datetime | None = None) -> list[str]:
    """French warnings (not refusals) about the dates of an event being submitted: in the
    past, or outside the Month (the edition's dates, in the region's local time)."""
    warnings = []
    tz = event.region.timezone
    if event.starts_at < (now or utcnow()):
        warnings.append(
            _(
                "Attention : la date de l'événement (%(when)s) est passée. Vérifiez-la ; l'événement est "
                "tout de même soumis à la CRESS.",
                when=datetime_fr(event.starts_at, tz),
            )
        )
    edition = event.edition
    start, end = to_local(event.starts_at, tz).date(), to_local(event.ends_at, tz).date()
    if end < edition.month_start or start > edition.month_end:
        warnings.append(
            _(
                "Attention : l'événement a lieu en dehors du Mois de l'ESS %(year)s (du %(start)s au "
                "%(end)s). Vérifiez la date ; l'événement est tout de même soumis à la CRESS.",
                year=edition.year,
                start=date_fr(edition.month_start, "d MMMM"),
                end=date_fr(edition.month_end, "d MMMM y"),
            )
        )
    return warnings


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
    cress_mail.on_submitted(event)
    return SubmitOutcome(True, warnings=tuple(date_warnings(event, now)))


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
    return workflow.schedule_allowed(event, "cancel")


def cancel(event: Event, user: User, message: str = "") -> None:
    """The event stays published and visible, marked cancelled, with the organiser's message."""
    if not can_cancel(event):
        raise EventRuleError(_("Seul un événement publié et non annulé peut être annulé."))
    workflow.change_schedule(event, "cancel", user, message)


def set_full(event: Event, user: User, full: bool) -> None:
    """Mark a published event full ("complet") or open again; live at once."""
    action = "full" if full else "not_full"
    if not workflow.schedule_allowed(event, action):
        raise EventRuleError(
            _("Seul un événement publié, ni annulé ni déjà complet, peut être marqué complet.")
            if full
            else _("Cet événement n'est pas marqué complet.")
        )
    workflow.change_schedule(event, action, user)


def postpone(
    event: Event, user: User, starts_local: datetime, ends_local: datetime, now: datetime | None = None
) -> None:
    """Move a published event to new dates (local time of its region), marked "Reporté" with
    its first date kept. EventRuleError (French) when the dates are refused; nothing changes."""
    if not workflow.schedule_allowed(event, "postpone"):
        raise EventRuleError(_("Seul un événement publié et non annulé peut être reporté."))
    tz = event.region.timezone
    today = to_local(now or utcnow(), tz).date()
    if starts_local.date() < today:
        raise EventRuleError(_("La nouvelle date doit être aujourd'hui ou plus tard."))
    starts, ends = to_utc(starts_local, tz), to_utc(ends_local, tz)
    if starts == event.starts_at and ends == event.ends_at:
        raise EventRuleError(_("Ce sont déjà les dates de l'événement : indiquez la nouvelle date."))
    if event.postponed_from is None:
        event.postponed_from = event.starts_at
    event.starts_at, event.ends_at = starts, ends
    revisions.drop_dates(event)
    workflow.change_schedule(
        event, "postpone", user, _("Nouvelle date : %(when)s.", when=span_fr(starts, ends, tz))
    )


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
                EventDecision.action.in_(("request_changes", "refuse", "revision_refused")),
                EventDecision.message != "",
            )
            .order_by(EventDecision.created_at.desc(), EventDecision.id.desc())
        )
    )
