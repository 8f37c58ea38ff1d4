"""The search engine: the published events of an edition held in memory as bitmaps, the way
dedicated engines (Meilisearch, Typesense) count facets.

A snapshot is read from the database (the source of truth, PostgreSQL in production) once
per generation of public content (app.platform.public_cache: a new token on every
publication, edit, cancellation…, shared by every app server through Redis), per process.
Events take positions 0…n-1 in date order (start, then id), so a set of events is a Python
integer whose bit p is the event at position p:
- each facet value has its bitmap (theme, region, département, type, audience, access
  needs, online, in person, free); a filter is the union of its values' bitmaps, a facet
  count the population count of an intersection (`(a & b).bit_count()`);
- dates: positions are sorted by start, so "starts before" is a prefix; "ends after" is
  computed once per date asked;
- words: the full-text index (app.events.search_index, in the database) is asked once per
  word and generation; the events holding it are kept as a bitmap;
- a page of results by date is the k-th to k+20-th set bits; by relevance, tiers of
  bitmaps (every word as typed and in the title first), each in date order.
What cards show is kept too (`Card`), so a search reads nothing else from the database.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import random
import threading
import time
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy
from flask import current_app
from sqlalchemy import select

from app.events import search_index, search_text
from app.events.programme import CANCELLED
from app.extensions import cache, db
from app.geo.distance import bounding_box, haversine_km, haversine_km_many, longitude_gap
from app.models import Event, EventAudience, Organisation, Region, Theme
from app.platform import public_cache

PUBLIC_STATUS = "publie"
SNAPSHOTS = 4  # editions kept per process (the current one, and past ones browsed)
DATE_MASKS = 512  # "ends after" bitmaps kept per snapshot
TERMS = 4096  # word bitmaps kept per snapshot
CIRCLES = 1024  # "within r km of a point" bitmaps kept per snapshot
_EDGE_KM = 1e-9  # closer to a circle than this: decided by haversine_km itself
_CHUNK = 64  # bytes read at once when walking a bitmap


# --- bitmaps ---------------------------------------------------------------------------


def bitmap(positions: Iterable[int], size: int) -> int:
    buffer = bytearray((size + 7) // 8)
    for p in positions:
        buffer[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buffer, "little")


def union(bitmaps: Iterable[int]) -> int:
    result = 0
    for b in bitmaps:
        result |= b
    return result


def set_bits(bits: int, skip: int = 0, limit: int | None = None) -> list[int]:
    """Positions of the set bits of `bits`, in increasing order, after the first `skip`."""
    found: list[int] = []
    if bits <= 0 or limit == 0:
        return found
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for start in range(0, len(raw), _CHUNK):
        chunk = int.from_bytes(raw[start : start + _CHUNK], "little")
        population = chunk.bit_count()
        if population <= skip:
            skip -= population
            continue
        base = start * 8
        while chunk:
            low = chunk & -chunk
            chunk ^= low
            if skip:
                skip -= 1
                continue
            found.append(base + low.bit_length() - 1)
            if limit is not None and len(found) >= limit:
                return found
    return found


# --- what a card shows -----------------------------------------------------------------


@dataclass(frozen=True)
class ThemeTag:
    name: str
    slug: str
    color: str


@dataclass(frozen=True)
class RegionTag:
    name: str
    slug: str
    timezone: str


@dataclass(frozen=True)
class OrganiserTag:
    name: str


@dataclass(frozen=True)
class Card:
    """An event as its card (templates/macros/events.html) shows it: the attributes of Event
    the card reads, so the same macro renders both."""

    id: int
    slug: str
    title: str
    starts_at: datetime
    ends_at: datetime
    schedule_status: str
    kind: str
    commune: str
    departement_code: str | None
    in_person: bool
    online: bool
    free: bool
    scale: str
    theme: ThemeTag
    second_theme: ThemeTag | None
    region: RegionTag
    organiser: OrganiserTag

    @property
    def is_national(self) -> bool:
        return self.scale == "nationale"


# --- the snapshot ----------------------------------------------------------------------

FLAG_COLUMNS = {
    **{("accessible", code): f"access_{code}" for code in Event.ACCESS_FIELDS},
    ("en_ligne", "oui"): "online",
    ("en_ligne", "non"): "in_person",
    ("gratuit", "oui"): "free",
}
CATEGORY_FACETS = ("theme", "region", "departement", "type", "public")
CARD_COLUMNS = (
    Event.id,
    Event.slug,
    Event.title,
    Event.starts_at,
    Event.ends_at,
    Event.schedule_status,
    Event.kind,
    Event.commune,
    Event.departement_code,
    Event.scale,
    Event.theme_id,
    Event.second_theme_id,
    Event.region_id,
    Organisation.name.label("organiser"),
)
CARD_FIELDS = tuple(column.key if hasattr(column, "key") else column.name for column in CARD_COLUMNS)


_MISSING = object()


class Snapshot:
    """The published events of one edition at one generation (read-only once built)."""

    def __init__(self, edition_id: int, generation: str, previous: Snapshot | None = None):
        self.edition_id = edition_id
        self.generation = generation
        self._lock = threading.Lock()
        self._date_masks: OrderedDict[datetime, int] = OrderedDict()
        self._terms: OrderedDict[tuple[str, search_text.Term], int] = OrderedDict()
        self._known: dict[str, bool] = {}
        self._html: dict[int, tuple[Card, str]] = {}  # by event id: the card and its HTML
        self._memos: dict[tuple[str, object], object] = {}
        self._circles: OrderedDict[tuple[float, float, float], int] = OrderedDict()
        self._load()
        # Cards rendered at earlier generations, reused while the event's card is unchanged
        # (a publication changes one card: the others are not rendered again).
        self._inherited = previous.rendered(self.position) if previous is not None else {}
        # The titles' words by frequency: a heuristic of warm-up (1.5 s to count at 20,000
        # events), so an earlier generation's count is good enough.
        self._frequent = previous._frequent if previous is not None else None

    def _load(self) -> None:
        themes = {
            row.id: (row.slug, ThemeTag(row.name, row.slug, row.color))
            for row in db.session.execute(select(Theme.id, Theme.slug, Theme.name, Theme.color))
        }
        regions = {
            row.id: RegionTag(row.name, row.slug, row.timezone or "Europe/Paris")
            for row in db.session.execute(select(Region.id, Region.slug, Region.name, Region.timezone))
        }
        flag_columns = [getattr(Event, column) for column in FLAG_COLUMNS.values()]
        connection = db.session.connection()  # plain rows: no ORM result processing
        rows = connection.execute(
            select(*CARD_COLUMNS, Event.latitude, Event.longitude, *flag_columns)
            .join(Organisation, Organisation.id == Event.organiser_id)
            .where(Event.edition_id == self.edition_id, Event.status == PUBLIC_STATUS)
            .order_by(Event.starts_at, Event.id)
        ).all()
        self._rows, self._themes, self._regions = rows, themes, regions
        size = self.size = len(rows)
        width = len(CARD_COLUMNS) + 2 + len(FLAG_COLUMNS)
        columns = list(zip(*rows, strict=True)) if rows else [()] * width
        at = {name: n for n, name in enumerate(CARD_FIELDS)}
        self.ids = list(columns[at["id"]])
        self.position = {event_id: p for p, event_id in enumerate(self.ids)}
        self.fingerprint = hashlib.blake2b(array("q", self.ids).tobytes(), digest_size=8).hexdigest()
        self.starts = list(columns[at["starts_at"]])
        self.ends = list(columns[at["ends_at"]])
        self.all = (1 << size) - 1
        groups: dict[str, dict[str, list[int]]] = {facet: {} for facet in CATEGORY_FACETS}

        def group(facet: str, values, key=None) -> None:
            found = groups[facet]
            for p, value in enumerate(values):
                if value is not None:
                    found.setdefault(key[value] if key else value, []).append(p)

        theme_slugs = {theme_id: slug for theme_id, (slug, _tag) in themes.items()}
        group("theme", columns[at["theme_id"]], theme_slugs)
        group(
            "theme",
            (
                second if second != first else None
                for first, second in zip(columns[at["theme_id"]], columns[at["second_theme_id"]], strict=True)
            ),
            theme_slugs,
        )
        group("region", columns[at["region_id"]], {rid: tag.slug for rid, tag in regions.items()})
        group("departement", (dep or None for dep in columns[at["departement_code"]]))
        group("type", columns[at["kind"]])
        latitudes, longitudes = columns[len(CARD_COLUMNS)], columns[len(CARD_COLUMNS) + 1]
        first_flag = len(CARD_COLUMNS) + 2
        self.flags = {
            key: bitmap((p for p, on in enumerate(columns[first_flag + n]) if on), size)
            for n, key in enumerate(FLAG_COLUMNS)
        }
        self.cancelled = bitmap(
            (p for p, status in enumerate(columns[at["schedule_status"]]) if status == CANCELLED), size
        )
        self.with_point = bitmap(
            (
                p
                for p, (lat, lon) in enumerate(zip(latitudes, longitudes, strict=True))
                if lat is not None and lon is not None
            ),
            size,
        )
        # Places: the events held in person at a known point, by latitude (search by distance).
        self.lats = array("d", (math.nan if v is None else v for v in latitudes))
        self.lons = array("d", (math.nan if v is None else v for v in longitudes))
        in_person = columns[first_flag + list(FLAG_COLUMNS).index(("en_ligne", "non"))]
        located = sorted(
            (
                p
                for p in range(size)
                if in_person[p] and latitudes[p] is not None and longitudes[p] is not None
            ),
            key=self.lats.__getitem__,
        )
        self.located = bitmap(located, size)
        self._is_located = bytearray(size)
        for p in located:
            self._is_located[p] = 1
        self._by_latitude = numpy.array(located, dtype=numpy.int64)
        self._sorted_latitudes = numpy.array([self.lats[p] for p in located], dtype=numpy.float64)
        self._longitudes_by_latitude = numpy.array([self.lons[p] for p in located], dtype=numpy.float64)
        audiences = connection.execute(
            select(EventAudience.event_id, EventAudience.code)
            .join(Event, Event.id == EventAudience.event_id)
            .where(Event.edition_id == self.edition_id, Event.status == PUBLIC_STATUS)
        )
        for event_id, code in audiences:
            p = self.position.get(event_id)
            if p is not None:
                groups["public"].setdefault(code, []).append(p)
        self.values: dict[str, dict[str, int]] = {
            facet: {value: bitmap(found, size) for value, found in by_value.items()}
            for facet, by_value in groups.items()
        }

    def card(self, position: int) -> Card:
        row = self._rows[position]
        values = dict(zip(CARD_FIELDS, row, strict=False))
        flags = row[len(CARD_COLUMNS) + 2 :]
        on = dict(zip(FLAG_COLUMNS, flags, strict=True))
        second = self._themes.get(values["second_theme_id"])
        return Card(
            id=values["id"],
            slug=values["slug"],
            title=values["title"],
            starts_at=values["starts_at"],
            ends_at=values["ends_at"],
            schedule_status=values["schedule_status"],
            kind=values["kind"],
            commune=values["commune"],
            departement_code=values["departement_code"],
            in_person=bool(on[("en_ligne", "non")]),
            online=bool(on[("en_ligne", "oui")]),
            free=bool(on[("gratuit", "oui")]),
            scale=values["scale"],
            theme=self._themes[values["theme_id"]][1],
            second_theme=second[1] if second else None,
            region=self._regions[values["region_id"]],
            organiser=OrganiserTag(values["organiser"]),
        )

    def point(self, position: int) -> tuple[float, float, int, str]:
        """[lat, lon, id, title], coordinates rounded to about one metre (map markers)."""
        row = self._rows[position]
        lat, lon = row[len(CARD_COLUMNS)], row[len(CARD_COLUMNS) + 1]
        return (round(lat, 5), round(lon, 5), row[0], row[2])

    def card_html(self, position: int, render) -> str:
        """The card of the event at `position` as HTML, rendered once (`render(card)`) and kept
        across generations as long as what the card shows is unchanged."""
        event_id = self.ids[position]
        found = self._html.get(event_id)
        if found is None:
            card = self.card(position)
            found = self._inherited.get(event_id)
            if found is None or found[0] != card:
                found = (card, render(card))
            self._html[event_id] = found
        return found[1]

    def rendered(self, keep: dict[int, int]) -> dict[int, tuple[Card, str]]:
        """The cards rendered so far (here or inherited), of the events in `keep`."""
        both = {**self._inherited, **self._html}
        return {event_id: found for event_id, found in both.items() if event_id in keep}

    # --- distances ---

    def within(self, lat: float, lon: float, radius_km: float) -> int:
        """Events held in person within `radius_km` of (lat, lon): a band of latitudes found by
        bisection, a box of longitudes, then the great-circle distance, computed for the whole
        band at once (numpy); the few points within a micrometre of the circle are decided by
        `haversine_km` itself, so the answer is exactly that of haversine_km."""
        key = (lat, lon, radius_km)
        with self._lock:
            found = self._circles.get(key)
            if found is not None:
                self._circles.move_to_end(key)
                return found
        low, high, half_width = bounding_box(lat, lon, radius_km)
        first = int(numpy.searchsorted(self._sorted_latitudes, low, side="left"))
        last = int(numpy.searchsorted(self._sorted_latitudes, high, side="right"))
        positions = self._by_latitude[first:last]
        lats, lons = self._sorted_latitudes[first:last], self._longitudes_by_latitude[first:last]
        if half_width is not None:
            box = longitude_gap(lons, lon) <= half_width
            positions, lats, lons = positions[box], lats[box], lons[box]
        km = haversine_km_many(lat, lon, lats, lons)
        inside = km <= radius_km - _EDGE_KM
        edge = numpy.flatnonzero(numpy.abs(km - radius_km) <= _EDGE_KM)
        chosen = numpy.zeros(self.size, dtype=bool)
        chosen[positions[inside]] = True
        for i in edge:
            if haversine_km(lat, lon, float(lats[i]), float(lons[i])) <= radius_km:
                chosen[positions[i]] = True
        found = int.from_bytes(numpy.packbits(chosen, bitorder="little").tobytes(), "little")
        with self._lock:
            self._circles[key] = found
            if len(self._circles) > CIRCLES:
                self._circles.popitem(last=False)
        return found

    def distance_km(self, position: int, lat: float, lon: float) -> float | None:
        """How far the event at `position` takes place from (lat, lon); None if it has no
        place (online only, or no coordinates)."""
        if not self._is_located[position]:
            return None
        return haversine_km(lat, lon, self.lats[position], self.lons[position])

    # --- dates ---

    def starting_before(self, moment: datetime) -> int:
        return (1 << bisect.bisect_left(self.starts, moment)) - 1

    def ending_from(self, moment: datetime) -> int:
        with self._lock:
            found = self._date_masks.get(moment)
            if found is not None:
                self._date_masks.move_to_end(moment)
                return found
        found = bitmap((p for p, end in enumerate(self.ends) if end >= moment), self.size)
        with self._lock:
            self._date_masks[moment] = found
            if len(self._date_masks) > DATE_MASKS:
                self._date_masks.popitem(last=False)
        return found

    # --- words ---

    def term(self, part: str, term: search_text.Term) -> int:
        """Events holding `term` (`part`: "any" form, "exact" word as typed, in the "title");
        the three parts of a new term are read together, from the index or from another
        process that read them at this generation (the shared cache)."""
        key = (part, term)
        with self._lock:
            found = self._terms.get(key)
            if found is not None:
                self._terms.move_to_end(key)
                return found

        def read() -> dict[str, int]:
            parts = search_index.events_with_parts(db.session.connection(), term)
            return {
                name: bitmap((p for p in map(self.position.get, ids) if p is not None), self.size)
                for name, ids in parts.items()
            }

        bitmaps = self._shared("term", (term.word, term.stem, term.prefix), read)
        with self._lock:
            for name, found_bits in bitmaps.items():
                self._terms[(name, term)] = found_bits
            while len(self._terms) > TERMS:
                self._terms.popitem(last=False)
        return bitmaps[part]

    def known(self, word: str) -> bool:
        """Is `word` in the vocabulary of indexed words (app.events.search_text.query_terms)?"""
        found = self._known.get(word)
        if found is None:
            found = self._shared(
                "known", word, lambda: search_index.known_word(db.session.connection(), word)
            )
            with self._lock:
                if len(self._known) > TERMS:
                    self._known.clear()
                self._known[word] = found
        return found

    def remember(self, name: str, key, compute):
        """`compute()`, once per snapshot for (`name`, `key`) (e.g. a query's spelling
        correction), and once for all processes of this generation (the shared cache): at
        most TERMS values, the oldest forgotten first."""
        memo_key = (name, key)
        found = self._memos.get(memo_key, _MISSING)
        if found is not _MISSING:
            return found
        found = self._shared(name, key, compute)
        with self._lock:
            if len(self._memos) >= TERMS:
                self._memos.pop(next(iter(self._memos)))
            self._memos[memo_key] = found
        return found

    def frequent_title_terms(self, limit: int) -> list[search_text.Term]:
        """The words of the titles that most events hold, as a search reads them (counted once,
        then kept by the next generations)."""
        if self._frequent is None:
            title = CARD_FIELDS.index("title")
            counts = Counter(
                term
                for row in self._rows
                for term in set(search_text.query_terms(row[title], known=lambda _w: True))
            )
            self._frequent = [term for term, _n in counts.most_common()]
        return self._frequent[:limit]

    def _shared(self, name: str, key, compute):
        """`compute()`'s value as another process of this generation and snapshot found it
        (Redis in production: a word read by one worker is a round trip for the others, not a
        scan of the index), else computed and shared. Positions are the same in every
        snapshot of the same events: the key holds a fingerprint of their order."""
        shared_key = public_cache.key("engine", self.edition_id, self.fingerprint, name, repr(key))
        try:
            stored = cache.get(shared_key)
        except Exception:  # a cache outage costs a computation, not a failure
            stored = None
        if stored is not None:
            return stored[0]
        value = compute()
        try:
            cache.set(shared_key, (value,))
        except Exception:
            current_app.logger.exception("search engine: shared value not written")
        return value

    def text(self, terms: list[search_text.Term]) -> tuple[int, int, int]:
        """(events holding every word, those holding them all as typed, all in the title)."""
        matches, exact, title = self.all, self.all, self.all
        for term in terms:
            matches &= self.term("any", term)
            exact &= self.term("exact", term)
            title &= self.term("title", term)
        return matches, exact & matches, title & matches


# --- one snapshot per edition and generation, per app (one per process in production) ---


class Store:
    """The snapshots of one application: at most SNAPSHOTS editions, each of the current
    generation, built by one thread while the others of the process wait for it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.building: dict[int, threading.Lock] = {}
        self.snapshots: OrderedDict[int, Snapshot] = OrderedDict()

    def get(self, edition_id: int, generation: str) -> Snapshot:
        found = self.snapshots.get(edition_id)
        if found is not None and found.generation == generation:
            return found
        with self.lock:
            building = self.building.setdefault(edition_id, threading.Lock())
        with building:
            found = self.snapshots.get(edition_id)
            if found is None or found.generation != generation:
                found = Snapshot(edition_id, generation, previous=found)
                with self.lock:
                    self.snapshots[edition_id] = found
                    self.snapshots.move_to_end(edition_id)
                    while len(self.snapshots) > SNAPSHOTS:
                        self.snapshots.popitem(last=False)
        return found


def snapshot(edition_id: int) -> Snapshot:
    """The snapshot of `edition_id` at the current generation of public content."""
    store = current_app.extensions.get("search_engine")
    if store is None:
        store = current_app.extensions.setdefault("search_engine", Store())
    return store.get(edition_id, public_cache.generation())


def preload_words(snap: Snapshot, limit: int) -> None:
    """Read the events of the titles' `limit` most frequent words now (a worker starting), so
    that the searches for them ask no index. Workers starting together begin at different
    places of the list: each then finds most words already read by another (the cache)."""
    terms = snap.frequent_title_terms(limit)
    if not terms:
        return
    start = random.randrange(len(terms))
    for term in terms[start:] + terms[:start]:
        snap.known(term.word)
        snap.term("any", term)


def warm(app) -> str | None:
    """Build the current edition's snapshot before the first search needs it, render its cards
    (about 4 s at 20,000 events; later generations inherit them), then read the events of the
    titles' most frequent words (SEARCH_PRELOAD_WORDS). gunicorn runs this in its master before
    forking the workers (each is then born warm, a recycled one too), and again in a thread of
    each new worker, which only catches up with what changed since. Returns a line for the log;
    a failure is only logged: the first search then builds the snapshot."""
    from app.editions import current_ref
    from app.events.search import render_cards

    started = time.perf_counter()
    with app.app_context():
        try:
            edition = current_ref()
            if edition is None:
                return None
            found = snapshot(edition.id)
            with app.test_request_context("/"):
                rendered = render_cards(found)
            preload_words(found, app.config.get("SEARCH_PRELOAD_WORDS", 0))
            return (
                f"edition {edition.id}: {found.size} events, {rendered} cards rendered, "
                f"ready in {time.perf_counter() - started:.1f} s"
            )
        except Exception:  # a database not ready yet: the first search will build it
            app.logger.exception("search engine warm-up failed")
            return None
        finally:
            db.session.remove()
