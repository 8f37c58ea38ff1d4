"""The API's rules: reading and checking its parameters (the search page's, through
app.events.params, strictly: a bad value is refused with French messages, never ignored),
choosing the edition, and the pages of events with their links."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app import editions
from app.api import serialize
from app.common.numbers import number_fr
from app.events import options, params, programme, search
from app.extensions import db
from app.models import Departement, Edition, Event, Region, Theme
from app.platform import public_cache

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
# The search page's parameters (app.events.params), plus the API's own.
SEARCH_PARAMETERS = (
    "q",
    "theme",
    "region",
    "departement",
    "type",
    "public",
    "accessible",
    "du",
    "au",
    "quand",
    "en_ligne",
    "gratuit",
    "pres",
    "lat",
    "lon",
    "rayon",
    "en_ligne_aussi",
    "tri",
    "edition",
    "page",
)
EVENTS_PARAMETERS = (*SEARCH_PARAMETERS, "per_page")
CHOICES = {
    "quand": params.QUICK_DATES,
    "en_ligne": ("oui", "non"),
    "gratuit": ("oui",),
    "tri": params.SORTS,
    "rayon": tuple(str(radius) for radius in params.RADII),
    "en_ligne_aussi": ("1", "oui"),
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.status, self.message, self.details = status, message, details or []


def bad_parameters(details: list[str]) -> ApiError:
    return ApiError(400, _("Paramètres invalides : la requête n'a pas été traitée."), details)


def _bounded_int(args: MultiDict, key: str, default: int, high: int, errors: list[str]) -> int:
    raw = args.get(key)
    if raw is None or raw == "":
        return default
    if raw.isdigit() and 1 <= int(raw) <= high:
        return int(raw)
    errors.append(
        _("Le paramètre « %(name)s » doit être un entier de 1 à %(max)s.", name=key, max=number_fr(high))
    )
    return default


def edition_for(args: MultiDict, errors: list[str]) -> Edition | None:
    """The edition asked with `edition=<année>`, else the current one."""
    raw = (args.get("edition") or "").strip()
    if not raw:
        return editions.current_edition()
    found = editions.by_year(int(raw)) if raw.isdigit() and len(raw) == 4 else None
    if found is None:
        errors.append(_("L'édition « %(edition)s » n'existe pas.", edition=raw[:10]))
    return found


@dataclass
class EventsQuery:
    params: params.SearchParams
    per_page: int
    edition: Edition


def events_query(args: MultiDict, today: date, max_query: int) -> EventsQuery:
    """The criteria of GET /api/v1/events; ApiError (400) listing every bad parameter."""
    errors = [
        _("Paramètre inconnu : « %(name)s ».", name=name[:40])
        for name in args
        if name not in EVENTS_PARAMETERS
    ]
    for name, allowed in CHOICES.items():
        value = args.get(name)
        if value not in (None, "", *allowed):
            errors.append(
                _(
                    "Le paramètre « %(name)s » accepte : %(values)s.",
                    name=name,
                    values=", ".join(allowed),
                )
            )
    _bounded_int(args, "page", 1, params.MAX_PAGE, errors)
    per_page = _bounded_int(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE, errors)
    edition = edition_for(args, errors)
    parsed = params.parse(
        args,
        today=today,
        **options.allowed_values(),
        max_query=max_query,
        editions={edition.year} if edition else (),
    )
    errors += parsed.messages
    if errors:
        raise bad_parameters(errors)
    if edition is None:
        raise ApiError(404, _("Aucune édition n'est encore ouverte."))
    return EventsQuery(parsed.params, per_page, edition)


def events_page(query: EventsQuery, page_url) -> dict:
    """One page of results, in the search page's order (by date, then id; or by relevance),
    with `total` and the links to the neighbouring pages (`page_url(page)`)."""
    result = search.search(query.params, query.edition.id, page_size=query.per_page, with_facets=False)
    pages = max(1, math.ceil(result.total / query.per_page))
    page = query.params.page
    data = serialized(result.event_ids) if page <= pages else []
    return {
        "edition": query.edition.year,
        "total": result.total,
        "page": page,
        "per_page": query.per_page,
        "pages": pages,
        "next": page_url(page + 1) if page < pages else None,
        "prev": page_url(min(page - 1, pages)) if page > 1 else None,
        "data": data,
    }


MEMO_SIZE = 40_000  # serialised events kept per process (about 2 KB each)


def serialized(event_ids: list[int]) -> list[dict]:
    """The events as the API says them, kept per process for the current generation of public
    content and host (their URLs are absolute): a page reads only the events not seen yet."""
    key = (public_cache.generation(), request.host)
    memo = current_app.extensions.get("api_events")
    if memo is None or memo[0] != key or len(memo[1]) > MEMO_SIZE:
        memo = current_app.extensions["api_events"] = (key, {})  # replaced whole: thread-safe
    known: dict = memo[1]
    found = {i: known.get(i) for i in event_ids}
    missing = [i for i, value in found.items() if value is None]
    for event in serialize.load(missing):
        found[event.id] = known[event.id] = serialize.event(event)
    return [found[i] for i in event_ids if found[i] is not None]


def one_event(event_id: int) -> dict:
    found = serialize.load_public(event_id)
    if found is None:
        raise ApiError(404, _("Aucun événement publié ne porte ce numéro."))
    return serialize.event(found)


def themes() -> list[dict]:
    rows = db.session.scalars(select(Theme).order_by(Theme.number))
    return [{"slug": t.slug, "name": t.name, "number": t.number, "color": t.color} for t in rows]


def regions() -> list[dict]:
    rows = db.session.scalars(select(Region).order_by(Region.name))
    return [{"slug": r.slug, "code": r.code, "name": r.name, "overseas": r.overseas} for r in rows]


def departements() -> list[dict]:
    rows = db.session.execute(
        select(Departement.code, Departement.name, Region.slug)
        .join(Region, Region.id == Departement.region_id)
        .order_by(Departement.code)
    )
    return [{"code": code, "name": name, "region": slug} for code, name, slug in rows]


def all_editions() -> list[dict]:
    current = editions.current_edition()
    counts = programme.count_by(Event.edition_id, Event.edition_id)
    rows = db.session.scalars(select(Edition).order_by(Edition.year.desc()))
    return [serialize.edition(ed, current.id if current else None, counts) for ed in rows]


def rate_limit_fr(limits: str) -> str:
    """ "120 per minute;3000 per hour" said in French."""
    units = {"second": _("seconde"), "minute": _("minute"), "hour": _("heure"), "day": _("jour")}
    parts = []
    for limit in limits.split(";"):
        amount, _per, unit = limit.strip().split(" ", 2)
        parts.append(_("%(n)s requêtes par %(unit)s", n=number_fr(int(amount)), unit=units.get(unit, unit)))
    return _(" et ").join(parts)


def examples(url) -> dict[str, dict]:
    """Real answers shown on the documentation page, keyed by path (`url(endpoint, **args)`)."""

    def dumps(data) -> str:
        return json.dumps(data, ensure_ascii=False, indent=2)

    found = {
        "/api/v1/themes": {"url": url("api.themes"), "body": dumps({"data": themes()[:2]}) + "\n…"},
        "/api/v1/departements": {
            "url": url("api.departements"),
            "body": dumps({"data": departements()[:2]}) + "\n…",
        },
    }
    edition = editions.showcase(editions.current_edition())
    if edition is not None:
        args = {"per_page": 1, "edition": edition.year}
        page = events_page(
            EventsQuery(params.SearchParams(), 1, edition), lambda n: url("api.events", **args, page=n)
        )
        found["/api/v1/events"] = {"url": url("api.events", **args), "body": dumps(page)}
        if page["data"]:
            first = page["data"][0]
            found["/api/v1/events/{event_id}"] = {
                "url": url("api.event", event_id=first["id"]),
                "body": dumps(first),
            }
    return found
