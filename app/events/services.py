"""Public event pages: loading, iCalendar export and schema.org data (slugs: app.common.text)."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar
from icalendar import Event as IcsEvent
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Event

SCHEMA_STATUS = {
    "programme": "https://schema.org/EventScheduled",
    "reporte": "https://schema.org/EventPostponed",
    "complet": "https://schema.org/EventScheduled",
    "annule": "https://schema.org/EventCancelled",
}
SEQUENCE_ORIGIN = datetime(2020, 1, 1)


def get_public(event_id: int) -> Event | None:
    """A published event (any edition), with what its page shows; None otherwise."""
    return db.session.scalar(
        select(Event)
        .where(Event.id == event_id, Event.status == "publie")
        .options(
            selectinload(Event.organiser),
            selectinload(Event.coorganisers),
            selectinload(Event.theme),
            selectinload(Event.second_theme),
            selectinload(Event.region),
            selectinload(Event.departement),
            selectinload(Event.audience_rows),
        )
    )


def place_line(event: Event) -> str:
    parts = [event.venue, event.address, f"{event.postcode} {event.commune}".strip()]
    return ", ".join(p for p in parts if p)


def location_line(event: Event) -> str:
    """Where the event takes place: its place, or its online address when online only."""
    return place_line(event) if event.in_person else (event.online_url or _("En ligne"))


def event_uid(event: Event) -> str:
    """The event's iCalendar UID and feed id: the same in every export and feed, whatever
    the host serving it, so calendar apps update the event instead of adding a copy."""
    return f"evenement-{event.id}@{current_app.config['FEED_UID_DOMAIN']}"


def new_calendar(name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Mois de l'ESS//lemois-ess//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    return cal


def ics_event(event: Event, url: str, now: datetime | None = None) -> IcsEvent:
    """One VEVENT; its SEQUENCE and LAST-MODIFIED follow the event's last change."""
    item = IcsEvent()
    item.add("uid", event_uid(event))
    item.add("dtstamp", (now or datetime.now(timezone.utc)).replace(microsecond=0))
    item.add("dtstart", event.starts_at.replace(tzinfo=timezone.utc))
    item.add("dtend", event.ends_at.replace(tzinfo=timezone.utc))
    if event.updated_at is not None:
        item.add("last-modified", event.updated_at.replace(tzinfo=timezone.utc, microsecond=0))
        # Minutes since 2020: grows with every change, small enough for every calendar app.
        item.add("sequence", max(0, int((event.updated_at - SEQUENCE_ORIGIN).total_seconds() // 60)))
    item.add("summary", event.title)
    item.add("description", f"{event.summary or event.description[:500]}\n\n{url}".strip())
    location = location_line(event)
    if location:
        item.add("location", location)
    item.add("url", url)
    item.add("status", "CANCELLED" if event.schedule_status == "annule" else "CONFIRMED")
    if event.latitude is not None and event.longitude is not None and event.in_person:
        item.add("geo", (event.latitude, event.longitude))
    item.add(
        "organizer",
        f"mailto:{event.contact_email}" if event.contact_email else "mailto:contact@lemois-ess.org",
        parameters={"CN": event.organiser.name},
    )
    return item


def to_ics(event: Event, url: str, now: datetime | None = None) -> bytes:
    cal = new_calendar()
    cal.add_component(ics_event(event, url, now))
    return cal.to_ical()


def attendance_mode(event: Event) -> str:
    """schema.org eventAttendanceMode: in person, online or both."""
    if event.online and event.in_person:
        return "https://schema.org/MixedEventAttendanceMode"
    if event.online:
        return "https://schema.org/OnlineEventAttendanceMode"
    return "https://schema.org/OfflineEventAttendanceMode"


def schema_location(event: Event, page_url: str) -> dict | list:
    """schema.org location of an event: its Place (address, geo), its VirtualLocation, or
    both (JSON-LD of the event page and the API)."""
    locations = []
    if event.in_person:
        place = {
            "@type": "Place",
            "name": event.venue or event.commune,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address,
                "postalCode": event.postcode,
                "addressLocality": event.commune,
                "addressRegion": event.region.name,
                "addressCountry": "FR",
            },
        }
        if event.latitude is not None and event.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": event.latitude,
                "longitude": event.longitude,
            }
        locations.append(place)
    if event.online or not locations:
        locations.append({"@type": "VirtualLocation", "url": event.online_url or page_url})
    return locations[0] if len(locations) == 1 else locations


def json_ld(event: Event, url: str) -> dict:
    """schema.org Event description of a published event."""
    mode = attendance_mode(event)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or event.description[:300],
        "startDate": event.starts_at.replace(tzinfo=timezone.utc).isoformat(),
        "endDate": event.ends_at.replace(tzinfo=timezone.utc).isoformat(),
        "eventStatus": SCHEMA_STATUS[event.schedule_status],
        "eventAttendanceMode": mode,
        "url": url,
        "organizer": {
            "@type": "Organization",
            "name": event.organiser.name,
            **({"url": event.organiser.website} if event.organiser.website else {}),
        },
        "isAccessibleForFree": event.free,
        "inLanguage": "fr",
    }
    data["location"] = schema_location(event, url)
    return data
