"""Event search: filters, full-text, facet counts, pagination and map points, answered by
the in-memory engine (app.events.engine) from a snapshot of the edition's published events."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property, lru_cache

from flask import get_template_attribute
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.common.numbers import number_fr
from app.common.time import PARIS
from app.events import engine, search_text
from app.events.engine import Card, Snapshot, set_bits
from app.events.params import SearchParams
from app.events.programme import ProgrammeCount
from app.extensions import db
from app.models import Event

PUBLIC_STATUS = engine.PUBLIC_STATUS
DISTANCE_SLOT = "<!--distance-->"  # where a card shows its distance (macros/events.html)


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    page: int
    pages: int
    event_ids: list[int] = field(default_factory=list)  # the page's events, in order
    cards: list[Card] = field(default_factory=list)  # what their cards show
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    points: list[tuple[float, float, int, str]] = field(default_factory=list)
    cancelled: int = 0  # cancelled events among the `total` results
    snapshot: Snapshot | None = field(default=None, repr=False)
    positions: list[int] = field(default_factory=list, repr=False)
    distances: list[float | None] = field(default_factory=list)  # km from the centre, per card

    @property
    def programme(self) -> ProgrammeCount:
        """The results said as the programme (app.events.programme): cancelled ones apart."""
        return ProgrammeCount(self.total - self.cancelled, self.cancelled)

    @property
    def card_html(self) -> list[Markup]:
        """The page's event cards as HTML (the search page's list), kept by the snapshot."""
        render = _card_renderer()
        cards = [self.snapshot.card_html(p, render) for p in self.positions]
        # The distance depends on the search, not on the event: written into the kept card.
        distances = self.distances or [None] * len(cards)
        return [
            Markup(html.replace(DISTANCE_SLOT, distance_html(d), 1))
            for html, d in zip(cards, distances, strict=True)
        ]

    @cached_property
    def events(self) -> list[Event]:
        """The page's events as rows of the database (feeds, API…), in the results' order."""
        if not self.event_ids:
            return []
        rows = db.session.scalars(select(Event).where(Event.id.in_(self.event_ids)).options(*FULL_LOADING))
        by_id = {event.id: event for event in rows}
        return [by_id[i] for i in self.event_ids if i in by_id]


def _card_renderer():
    macro = get_template_attribute("macros/events.html", "card")
    return lambda card: str(macro(card, "h3", True, True))


def render_cards(snapshot: Snapshot) -> int:
    """Render every card of `snapshot` now (a worker starting: engine.warm), so that no search
    renders one; needs a request context (the cards' links). Returns how many were rendered
    (the others were inherited from an earlier generation)."""
    macro = _card_renderer()
    rendered = 0

    def render(card) -> str:
        nonlocal rendered
        rendered += 1
        return macro(card)

    for position in range(snapshot.size):
        snapshot.card_html(position, render)
    return rendered


def distance_label(km: float) -> str:
    """ "à 3,4 km" (French decimals, app.common.numbers)."""
    if km < 0.1:
        return _("à moins de 100 m")
    return _("à %(distance)s km", distance=number_fr(km, 1))


def distance_html(km: float | None) -> str:
    if km is None:
        return ""
    return _distance_html(0.0 if km < 0.1 else round(km, 1))


@lru_cache(maxsize=4096)  # one per tenth of a kilometre: Babel's formatting is slow
def _distance_html(km: float) -> str:
    return f'<span class="event-card__distance">{escape(distance_label(km))}</span> '


def local_midnight_utc(day: date) -> datetime:
    """Midnight in Paris of `day`, as the naive UTC datetime stored in the database."""
    aware = datetime.combine(day, time(0), tzinfo=PARIS)
    return aware.astimezone(timezone.utc).replace(tzinfo=None)


def _base(snap: Snapshot, params: SearchParams, terms) -> tuple[int, int, int]:
    """(events meeting the conditions that are not facets: dates and words; those holding
    every word as typed; those holding every word in the title)."""
    base, exact, title = snap.all, 0, 0
    if params.start:
        base &= snap.ending_from(local_midnight_utc(params.start))
    if params.end:
        base &= snap.starting_before(local_midnight_utc(params.end + timedelta(days=1)))
    if terms:
        matches, exact, title = snap.text(terms)
        base &= matches
    centre = params.centre
    if centre:  # like a filter on every facet: the counts are those around the centre
        near = snap.within(*centre, params.radius)
        if params.online_too:
            near |= snap.flags[("en_ligne", "oui")]
        base &= near
    return base, exact, title


def _facet_filters(params: SearchParams, snap: Snapshot) -> dict[str, int]:
    """Active filters (bitmaps of the events passing them) keyed by the facet whose counts
    ignore them."""
    values, flags = snap.values, snap.flags
    filters: dict[str, int] = {}
    for facet, chosen in (
        ("theme", params.themes),
        ("region", params.regions),
        ("departement", params.departements),
        ("type", params.kinds),
        ("public", params.audiences),
    ):
        if chosen:
            filters[facet] = engine.union(values[facet].get(v, 0) for v in chosen)
    if params.access:
        found = snap.all
        for code in params.access:
            found &= flags[("accessible", code)]
        filters["accessible"] = found
    if params.online:
        filters["en_ligne"] = flags[("en_ligne", params.online)]
    if params.free:
        filters["gratuit"] = flags[("gratuit", "oui")]
    return filters


def _count_facets(snap: Snapshot, base: int, filters: dict[str, int], results: int) -> dict:
    """For each facet, how many results each of its values would give: counted with every
    other active filter, but not its own. Themes and regions are keyed by slug."""

    def source(facet: str) -> int:
        if facet not in filters:
            return results
        found = base
        for name, bits in filters.items():
            if name != facet:
                found &= bits
        return found

    facets: dict[str, dict[str, int]] = {}
    for facet, by_value in snap.values.items():
        within = source(facet)
        counts = facets[facet] = {}
        if within:
            for value, bits in by_value.items():
                n = (within & bits).bit_count()
                if n:
                    counts[value] = n
    for (facet, value), bits in snap.flags.items():
        facets.setdefault(facet, {})[value] = (source(facet) & bits).bit_count()
    return facets


def _page(results: int, tiers: list[int], skip: int, size: int) -> list[int]:
    """Positions of one page: through the tiers in order (relevance), each in date order."""
    found: list[int] = []
    for tier in tiers:
        bits = results & tier
        population = bits.bit_count()
        if population <= skip:
            skip -= population
            continue
        found += set_bits(bits, skip, size - len(found))
        skip = 0
        if len(found) >= size:
            break
    return found


def _by_distance(
    snap: Snapshot, results: int, centre: tuple[float, float], skip: int, size: int
) -> list[int]:
    """Positions of one page, the nearest first (then by date); events without a place (online)
    last. Distances are computed for the results only."""
    lat, lon = centre
    keyed = []
    for p in set_bits(results):
        km = snap.distance_km(p, lat, lon)
        keyed.append((math.inf if km is None else km, p))
    keyed.sort()
    return [p for _km, p in keyed[skip : skip + size]]


def search(
    params: SearchParams,
    edition_id: int,
    *,
    page_size: int = 20,
    with_facets: bool = True,
    with_cards: bool = True,
) -> SearchResult:
    """`with_cards=False`: only the events' ids (feeds, alerts load their rows themselves)."""
    snap = engine.snapshot(edition_id)
    terms = search_text.query_terms(params.q, snap.known) if params.q else []
    if params.q and not terms:
        params = replace(params, q="")
    base, exact, title = _base(snap, params, terms)
    filters = _facet_filters(params, snap)
    results = base
    for bits in filters.values():
        results &= bits
    total = results.bit_count()
    pages = max(1, math.ceil(total / page_size))
    page = min(params.page, pages)
    result = SearchResult(params=params, total=total, page=page, pages=pages)
    if with_facets:
        result.facets = _count_facets(snap, base, filters, results)
    result.cancelled = (results & snap.cancelled).bit_count()
    if params.view == "carte":
        result.points = [snap.point(p) for p in set_bits(results & snap.with_point)]
    # By relevance: every word as typed first, then every word in the title; then by date.
    tiers = [exact & title, exact & ~title, title & ~exact, ~(exact | title)]
    by_rank = params.sort == "pertinence" and bool(terms)
    centre = params.centre
    if params.sort == "distance" and centre:
        positions = _by_distance(snap, results, centre, (page - 1) * page_size, page_size)
    else:
        positions = _page(results, tiers if by_rank else [-1], (page - 1) * page_size, page_size)
    result.snapshot, result.positions = snap, positions
    if centre:
        result.distances = [snap.distance_km(p, *centre) for p in positions]
    result.event_ids = [snap.ids[p] for p in positions]
    result.cards = [snap.card(p) for p in positions] if with_cards else []
    return result


# The rows behind a page of results (feeds, API…), with what their pages show.
FULL_LOADING = (
    joinedload(Event.theme),
    joinedload(Event.second_theme),
    joinedload(Event.organiser),
    joinedload(Event.region),
)
