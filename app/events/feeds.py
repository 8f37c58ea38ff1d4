"""Feeds of any search: the iCalendar (.ics) and Atom (.xml) versions of a search URL.

A feed holds the same events as the search page with the same parameters (app.events.search,
in the search's own order), the upcoming ones first (ending today or later), then past ones,
at most FEED_MAX_EVENTS. The page and the view are not part of a feed. Its ETag is made of
the public generation token (app.platform.public_cache: a new one on every publication,
edit, cancellation…), the day and the canonical arguments, so a conditional GET is answered
304 without reading the events."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from flask import current_app, url_for
from werkzeug.datastructures import iter_multi_items

from app.common import urls
from app.events import search, services
from app.events.params import SearchParams, to_query_args
from app.models import Event
from app.platform import public_cache

KINDS = ("ics", "atom")


def feed_params(params: SearchParams) -> SearchParams:
    """The search a feed follows: every page, as a list."""
    return replace(params, page=1, view="liste")


def query_string(params: SearchParams) -> str:
    """The canonical URL arguments of the search a feed or an alert follows."""
    return urls.query_string(iter_multi_items(to_query_args(feed_params(params))))


@dataclass(frozen=True)
class Links:
    """Where to follow a search: its feeds, and what the alert form sends."""

    query: str
    ics: str
    webcal: str
    atom: str


def links(params: SearchParams) -> Links:
    query = query_string(params)

    def url(endpoint: str) -> str:
        base = url_for(endpoint, _external=True)
        return f"{base}?{query}" if query else base

    ics = url("events.feed_ics")
    return Links(
        query=query, ics=ics, webcal="webcal://" + ics.split("://", 1)[1], atom=url("events.feed_atom")
    )


def etag(kind: str, params: SearchParams, today: date) -> str:
    """Changes with the public content, the day (what "upcoming" means) and the search."""
    parts = (kind, public_cache.generation(), today.isoformat(), query_string(params))
    parts += (str(current_app.config["FEED_MAX_EVENTS"]),)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def events(params: SearchParams, edition_id: int, today: date) -> list[Event]:
    """The feed's events: upcoming first, then past ones, each in the search's order."""
    params = feed_params(params)
    limit = current_app.config["FEED_MAX_EVENTS"]
    ids: list[int] = []
    if params.end is None or params.end >= today:
        upcoming = replace(params, start=max(params.start or today, today), quick="")
        ids += search.search(
            upcoming, edition_id, page_size=limit, with_facets=False, with_cards=False
        ).event_ids
    if len(ids) < limit and (params.start is None or params.start < today):
        end = today - timedelta(days=1)
        past = replace(params, end=min(params.end or end, end), quick="")
        found = search.search(past, edition_id, page_size=limit, with_facets=False, with_cards=False)
        seen = set(ids)
        ids += [i for i in found.event_ids if i not in seen][: limit - len(ids)]
    result = search.SearchResult(params=params, total=len(ids), page=1, pages=1, event_ids=ids)
    return result.events


def last_modified(found: list[Event]) -> datetime | None:
    """The last change of the feed's events (naive UTC, to the second)."""
    stamps = [e.updated_at for e in found if e.updated_at is not None]
    return max(stamps).replace(microsecond=0) if stamps else None


def event_url(event: Event) -> str:
    return url_for("events.show", event_id=event.id, slug=event.slug, _external=True)


def atom_id(event: Event) -> str:
    """The entry's id: a tag URI (RFC 4151) naming the event whatever the host."""
    return f"tag:{current_app.config['FEED_UID_DOMAIN']},2008:evenement-{event.id}"


@dataclass(frozen=True)
class Entry:
    """An event as an Atom entry shows it."""

    event: Event
    id: str
    url: str
    place: str


def entries(found: list[Event]) -> list[Entry]:
    return [Entry(e, atom_id(e), event_url(e), services.location_line(e)) for e in found]


def to_ics(found: list[Event], name: str) -> bytes:
    cal = services.new_calendar(name)
    for event in found:
        # DTSTAMP from the event's last change: the same feed twice is the same text.
        stamp = (event.updated_at or event.created_at).replace(tzinfo=timezone.utc)
        cal.add_component(services.ics_event(event, event_url(event), stamp))
    return cal.to_ical()
