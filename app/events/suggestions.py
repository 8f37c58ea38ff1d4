"""Suggestions while a visitor types in the search box: communes, organisers, themes and
event titles of the current edition whose words start with the words typed.

The names are read once per generation of public content (app.platform.public_cache: a
publication anywhere gives a new token, on every app server) and kept in this process's
memory, folded: a suggestion is then a scan of a few thousand short strings, well under the
30 ms budget with 20,000 events (bench/suggest_bench.py), instead of queries per keystroke.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from sqlalchemy import select

from app.common.text import match_key
from app.events.search import PUBLIC_STATUS
from app.extensions import db
from app.models import Event, Organisation
from app.platform import public_cache
from app.reference import lookup

PER_KIND = 5
MIN_QUERY = 2
MAX_WORDS = 6


@dataclass(frozen=True)
class Entry:
    key: str  # " " + folded words, so that " word" finds a word start
    label: str
    value: str  # commune or organiser name, theme slug, event id
    slug: str = ""  # events only


class Names:
    """Entries of one kind, their keys also joined in one string: a word start is found by
    str.find (C speed) rather than by testing every entry in Python."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.text = "\n".join(e.key for e in entries)
        self.starts = list(accumulate((len(e.key) + 1 for e in entries[:-1]), initial=0))

    def first(self, words: list[str], n: int) -> list[Entry]:
        """The first `n` entries holding every word start of `words` (each " word")."""
        lead = max(words, key=len)
        found: list[Entry] = []
        pos = 0
        while len(found) < n:
            at = self.text.find(lead, pos)
            if at < 0:
                break
            k = bisect_right(self.starts, at) - 1
            entry = self.entries[k]
            if all(w in entry.key for w in words):
                found.append(entry)
            pos = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
        return found


@dataclass
class Catalogue:
    communes: Names
    organisers: Names
    themes: Names
    events: Names


@dataclass(frozen=True)
class Suggestions:
    communes: list[Entry]
    organisers: list[Entry]
    themes: list[Entry]
    events: list[Entry]

    @property
    def count(self) -> int:
        return len(self.communes) + len(self.organisers) + len(self.themes) + len(self.events)


_lock = threading.Lock()
_cache: dict[tuple[str, int], Catalogue] = {}


@lru_cache(maxsize=200_000)
def _key(label: str) -> str:
    return " " + match_key(label)  # kept across generations: a publication folds only new names


def _entry(label: str, value: str, slug: str = "") -> Entry:
    return Entry(_key(label), label, value, slug)


def _by_frequency(names: list[str]) -> list[Entry]:
    counts = Counter(n for n in names if n)
    return [_entry(name, name) for name, _ in sorted(counts.items(), key=lambda c: (-c[1], c[0]))]


def build(edition_id: int) -> Catalogue:
    rows = db.session.execute(
        select(Event.id, Event.slug, Event.title, Event.commune, Organisation.name)
        .join(Organisation, Organisation.id == Event.organiser_id)
        .where(Event.edition_id == edition_id, Event.status == PUBLIC_STATUS)
        .order_by(Event.starts_at, Event.id)
    ).all()
    return Catalogue(
        communes=Names(_by_frequency([r.commune for r in rows])),
        organisers=Names(_by_frequency([r.name for r in rows])),
        themes=Names([_entry(t.name, t.slug) for t in lookup.current().themes]),
        events=Names([_entry(r.title, str(r.id), r.slug) for r in rows]),
    )


def catalogue(edition_id: int) -> Catalogue:
    key = (public_cache.generation(), edition_id)
    found = _cache.get(key)
    if found is None:
        found = build(edition_id)
        with _lock:
            _cache.clear()  # older generations are of no use any more
            _cache[key] = found
    return found


def suggest(query: str, edition_id: int) -> Suggestions | None:
    """Up to PER_KIND entries of each kind whose words start with every word typed (case,
    accents and punctuation ignored); None when fewer than MIN_QUERY letters were typed."""
    key = match_key(query)
    if len(key.replace(" ", "")) < MIN_QUERY:
        return None
    words = [" " + w for w in key.split()[:MAX_WORDS]]
    found = catalogue(edition_id)
    return Suggestions(
        communes=found.communes.first(words, PER_KIND),
        organisers=found.organisers.first(words, PER_KIND),
        themes=found.themes.first(words, PER_KIND),
        events=found.events.first(words, PER_KIND),
    )
