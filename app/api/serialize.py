"""What the API says of each object: events as schema.org `Event` (plus the site's own fields),
themes, regions, départements and editions. No personal data: an event's contact e-mail and
telephone are the ones its organiser filled in as "Contact public" (shown on the event's
page); the organisation's own contacts and every contact name are never given."""

from __future__ import annotations

from flask import g, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.common.text import plain_excerpt
from app.common.time import iso_paris
from app.events import services
from app.events.services import SCHEMA_STATUS, attendance_mode
from app.extensions import db
from app.models import Edition, Event
from app.reference import catalog

DESCRIPTION_LIMIT = 20_000

LOADING = (
    joinedload(Event.theme),
    joinedload(Event.second_theme),
    joinedload(Event.organiser),
    joinedload(Event.region),
    joinedload(Event.departement),
    joinedload(Event.edition),
    selectinload(Event.audience_rows),
)


def load(event_ids: list[int]) -> list[Event]:
    """The events of `event_ids`, in that order, with everything `event` reads."""
    if not event_ids:
        return []
    rows = db.session.scalars(select(Event).where(Event.id.in_(event_ids)).options(*LOADING)).unique()
    by_id = {e.id: e for e in rows}
    return [by_id[i] for i in event_ids if i in by_id]


def load_public(event_id: int) -> Event | None:
    """A published event of any edition; None for others (drafts, refused…)."""
    return db.session.scalar(
        select(Event).where(Event.id == event_id, Event.status == "publie").options(*LOADING)
    )


def _choice(choices, code: str | None) -> dict | None:
    if not code:
        return None
    return {"code": code, "label": _labels(choices).get(code, code)}


def _labels(choices) -> dict[str, str]:
    """The choices' French labels, translated once per request (not once per event)."""
    found = g.setdefault("api_labels", {})
    key = id(choices)
    if key not in found:
        found[key] = {code: str(label) for code, label in catalog.labels(choices).items()}
    return found[key]


def _organizer(event: Event) -> dict:
    organizer = {"@type": "Organization", "name": event.organiser.name}
    if event.organiser.website:
        organizer["url"] = event.organiser.website
    if event.contact_email:
        organizer["email"] = event.contact_email
    if event.contact_phone:
        organizer["telephone"] = event.contact_phone
    return organizer


def _offers(event: Event) -> dict | None:
    if not (event.free or event.price_info or event.registration_url):
        return None
    offer: dict = {"@type": "Offer"}
    if event.free:
        offer.update(price=0, priceCurrency="EUR")
    if event.price_info:
        offer["description"] = event.price_info
    if event.registration_url:
        offer["url"] = event.registration_url
    return offer


def event(e: Event) -> dict:
    url = url_for("events.show", event_id=e.id, slug=e.slug, _external=True)
    themes = [e.theme] + ([e.second_theme] if e.second_theme and e.second_theme_id != e.theme_id else [])
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "id": e.id,
        "name": e.title,
        "description": plain_excerpt(e.description or e.summary, DESCRIPTION_LIMIT),
        "startDate": iso_paris(e.starts_at),
        "endDate": iso_paris(e.ends_at),
        "url": url,
        "eventStatus": SCHEMA_STATUS[e.schedule_status],
        "eventAttendanceMode": attendance_mode(e),
        "isAccessibleForFree": e.free,
        "inLanguage": "fr",
        "location": services.schema_location(e, url),
        "organizer": _organizer(e),
        "edition": e.edition.year,
        "scheduleStatus": _choice(catalog.SCHEDULE_STATUSES, e.schedule_status),
        "type": _choice(catalog.EVENT_KINDS, e.kind),
        "themes": [{"slug": t.slug, "name": t.name} for t in themes],
        "region": {"slug": e.region.slug, "name": e.region.name},
        "departement": {"code": e.departement.code, "name": e.departement.name} if e.departement else None,
        "audiences": [_choice(catalog.AUDIENCES, code) for code in e.audiences],
        "accessibility": [_choice(catalog.ACCESSIBILITY, code) for code in e.accessibility],
        "scale": _choice(catalog.SCALES, e.scale),
        "registrationRequired": e.registration_required,
        "dateModified": iso_paris(e.updated_at),
    }
    offers = _offers(e)
    if offers:
        data["offers"] = offers
    if e.image_file:
        data["image"] = url_for("main.uploaded_file", name=e.image_file, _external=True)
    return data


def edition(ed: Edition, current_id: int | None, counts: dict) -> dict:
    programme = counts.get(ed.id)
    return {
        "year": ed.year,
        "title": ed.title,
        "startDate": ed.month_start.isoformat(),
        "endDate": ed.month_end.isoformat(),
        "current": ed.id == current_id,
        "events": programme.events if programme else 0,
        "cancelled": programme.cancelled if programme else 0,
        "eventsUrl": url_for("api.events", edition=ed.year, _external=True),
    }
