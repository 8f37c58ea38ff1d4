"""Offline gazetteer of French communes (pure Python, no Flask).

Data comes from ``app/geo/data/communes.csv.gz`` (built by
``scripts/build_gazetteer.py`` from the INSEE/etalab "découpage administratif"
and geonames coordinates). The file is loaded lazily, once, and indexed in
memory so that autocomplete (:func:`search`) answers in a few milliseconds.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import heapq
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.common.text import match_key as normalize

DATA_PATH = Path(__file__).resolve().parent / "data" / "communes.csv.gz"

MAX_QUERY_LENGTH = 80
_POSTCODE = re.compile(r"^\d{5}$")
_DIGITS_QUERY = re.compile(r"^(\d[\d ]*)(.*)$")
# "Lyon 3e", "Paris 11eme arrondissement", "Marseille 8", "... cedex 09"
_ARRONDISSEMENT_SUFFIX = re.compile(r"\s+\d{1,2}\s*(er|e|eme|em|ieme)?(\s+arr\w*)?$")
_CEDEX_SUFFIX = re.compile(r"\s+(cedex|cdx)\b.*$")
# Overseas postcodes that belong to collectivities outside the 101 départements.
_NON_DEPARTEMENT_POSTCODES = frozenset({"97133", "97150"})  # Saint-Barthélemy, Saint-Martin
_OVERSEAS_DEPARTEMENTS = frozenset({"971", "972", "973", "974", "976"})


@dataclass(frozen=True)
class Commune:
    insee: str
    name: str
    postcodes: tuple[str, ...]
    dept: str
    region: str
    population: int
    lat: float
    lon: float
    precision: str  # 'commune' | 'code_postal' | 'departement'


def _expand_saint(key: str) -> str:
    """'st etienne' -> 'saint etienne', 'ste maxime' -> 'sainte maxime' (query side only)."""
    words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in key.split(" ")]
    return " ".join(words)


@dataclass(frozen=True)
class _Index:
    communes: tuple[Commune, ...]
    by_insee: dict[str, Commune]
    by_postcode: dict[str, tuple[Commune, ...]]
    postcode_keys: list[str]  # sorted
    postcode_dept: dict[str, str]
    by_name: dict[str, tuple[Commune, ...]]
    by_dept: dict[str, tuple[Commune, ...]]
    dept_region: dict[str, str]
    full_keys: list[str]  # sorted normalized full names
    full_refs: list[int]
    word_keys: list[str]  # sorted normalized suffixes starting at a later word
    word_refs: list[int]


def _by_population(items: list[Commune]) -> tuple[Commune, ...]:
    return tuple(sorted(items, key=lambda c: (-c.population, c.name, c.insee)))


def _rule_departement(postcode: str) -> str | None:
    """Département from the postcode alone (no data)."""
    if postcode in _NON_DEPARTEMENT_POSTCODES:
        return None
    if postcode.startswith("97"):
        code = postcode[:3]
        return code if code in _OVERSEAS_DEPARTEMENTS else None
    if postcode.startswith("20"):
        return "2A" if int(postcode) < 20200 else "2B"
    prefix = postcode[:2]
    if prefix == "00" or int(prefix) > 95:
        return None
    return prefix


@cache
def _index() -> _Index:
    communes: list[Commune] = []
    with gzip.open(DATA_PATH, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            communes.append(
                Commune(
                    insee=row["insee"],
                    name=row["name"],
                    postcodes=tuple(row["postcodes"].split()),
                    dept=row["dept"],
                    region=row["region"],
                    population=int(row["population"] or 0),
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    precision=row["precision"],
                )
            )

    by_postcode: dict[str, list[Commune]] = {}
    by_name: dict[str, list[Commune]] = {}
    by_dept: dict[str, list[Commune]] = {}
    dept_region: dict[str, str] = {}
    full: list[tuple[str, int]] = []
    words: list[tuple[str, int]] = []
    for pos, commune in enumerate(communes):
        for postcode in commune.postcodes:
            by_postcode.setdefault(postcode, []).append(commune)
        key = normalize(commune.name)
        by_name.setdefault(key, []).append(commune)
        by_dept.setdefault(commune.dept, []).append(commune)
        dept_region[commune.dept] = commune.region
        full.append((key, pos))
        parts = key.split(" ")
        for i in range(1, len(parts)):
            words.append((" ".join(parts[i:]), pos))
    full.sort()
    words.sort()

    sorted_by_postcode = {pc: _by_population(items) for pc, items in by_postcode.items()}
    postcode_dept: dict[str, str] = {}
    for postcode, items in sorted_by_postcode.items():
        depts = {c.dept for c in items}
        rule = _rule_departement(postcode)
        postcode_dept[postcode] = rule if rule in depts else items[0].dept

    return _Index(
        communes=tuple(communes),
        by_insee={c.insee: c for c in communes},
        by_postcode=sorted_by_postcode,
        postcode_keys=sorted(sorted_by_postcode),
        postcode_dept=postcode_dept,
        by_name={k: _by_population(v) for k, v in by_name.items()},
        by_dept={k: _by_population(v) for k, v in by_dept.items()},
        dept_region=dept_region,
        full_keys=[k for k, _ in full],
        full_refs=[p for _, p in full],
        word_keys=[k for k, _ in words],
        word_refs=[p for _, p in words],
    )


def _clean_postcode(postcode: object) -> str | None:
    if not isinstance(postcode, str):
        return None
    value = postcode.strip().replace(" ", "")
    return value if _POSTCODE.match(value) else None


def _clean_dept(dept: object) -> str | None:
    if not isinstance(dept, str):
        return None
    value = dept.strip().upper()
    if len(value) == 1 and value.isdigit():
        value = "0" + value
    return value or None


def all_communes() -> tuple[Commune, ...]:
    """Every commune of the 101 départements, ordered by INSEE code."""
    return _index().communes


def by_insee(code: str | None) -> Commune | None:
    if not isinstance(code, str):
        return None
    return _index().by_insee.get(code.strip().upper())


def communes_for_postcode(postcode: str | None) -> list[Commune]:
    """Communes served by a postcode, most populous first."""
    value = _clean_postcode(postcode)
    if value is None:
        return []
    return list(_index().by_postcode.get(value, ()))


def departement_for_postcode(postcode: str | None) -> str | None:
    """Département code ('01'…'95', '2A', '2B', '971'…'976') of a postcode, or None."""
    value = _clean_postcode(postcode)
    if value is None:
        return None
    known = _index().postcode_dept.get(value)
    return known if known is not None else _rule_departement(value)


def region_for_departement(dept_code: str | None) -> str | None:
    """INSEE region code of a département code, or None."""
    value = _clean_dept(dept_code)
    return _index().dept_region.get(value) if value else None


def _prefix_range(keys: list[str], prefix: str) -> range:
    return range(bisect_left(keys, prefix), bisect_left(keys, prefix + "\x7f"))


def _population_of(commune: Commune) -> int:
    return commune.population


def _name_matches(index: _Index, variants: list[str]) -> tuple[set[int], set[int]]:
    """Positions of communes whose name starts with a variant, and whose later word does."""
    prefix: set[int] = set()
    word: set[int] = set()
    for key in variants:
        prefix.update(index.full_refs[i] for i in _prefix_range(index.full_keys, key))
        word.update(index.word_refs[i] for i in _prefix_range(index.word_keys, key))
    return prefix, word - prefix


def _variants(key: str) -> list[str]:
    expanded = _expand_saint(key)
    return [key] if expanded == key else [key, expanded]


def search(query: str | None, limit: int = 10) -> list[Commune]:
    """Autocomplete on postcode prefix (digits) or accent-insensitive name prefix."""
    if not isinstance(query, str) or limit <= 0:
        return []
    text = query.strip()
    if not text or len(text) > MAX_QUERY_LENGTH:
        return []
    index = _index()
    digits_match = _DIGITS_QUERY.match(text)
    if digits_match:
        digits = digits_match.group(1).replace(" ", "")
        if len(digits) > 5:
            return []
        found: dict[str, Commune] = {}
        for i in _prefix_range(index.postcode_keys, digits):
            for commune in index.by_postcode[index.postcode_keys[i]]:
                found[commune.insee] = commune
        rest = normalize(digits_match.group(2))
        pool = list(found.values())
        if rest:
            variants = _variants(rest)
            pool = [c for c in pool if any(f" {v}" in f" {normalize(c.name)}" for v in variants)]
        return heapq.nlargest(limit, pool, key=_population_of)

    key = normalize(text)
    if not key:
        return []
    prefix, word = _name_matches(index, _variants(key))
    if not prefix and not word:  # "Lyon 3e", "Paris 11eme arrondissement"
        stripped = _ARRONDISSEMENT_SUFFIX.sub("", key).strip()
        if stripped and stripped != key:
            prefix, word = _name_matches(index, _variants(stripped))
    results = heapq.nlargest(limit, (index.communes[p] for p in prefix), key=_population_of)
    if len(results) < limit:
        results += heapq.nlargest(limit - len(results), (index.communes[p] for p in word), key=_population_of)
    return results


def _best_fuzzy(key: str, pool: Iterable[Commune], cutoff: float) -> Commune | None:
    """Closest name (difflib ratio >= cutoff), the most populous on ties."""
    best: tuple[float, int] | None = None
    chosen: Commune | None = None
    matcher = difflib.SequenceMatcher(b=key)
    for commune in pool:
        matcher.set_seq1(normalize(commune.name))
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            continue
        ratio = matcher.ratio()
        if ratio >= cutoff and (best is None or (ratio, commune.population) > best):
            best, chosen = (ratio, commune.population), commune
    return chosen


def _best_prefix(index: _Index, key: str, dept: str | None) -> Commune | None:
    """Most populous name-prefix match (then word-start match), optionally in a département."""
    for positions in _name_matches(index, _variants(key)):
        pool = [index.communes[p] for p in positions]
        if dept:
            pool = [c for c in pool if c.dept == dept]
        if pool:
            return max(pool, key=_population_of)
    return None


def find(name: str | None, postcode: str | None = None, dept: str | None = None) -> Commune | None:
    """Best commune for a typed name, optionally constrained by postcode or département.

    Order: exact name with the postcode, exact name in the département, closest name
    among the postcode's communes, name prefix in the département, close name in the
    département, exact name anywhere, name prefix anywhere, then the postcode's
    most populous commune.
    """
    index = _index()
    pc = _clean_postcode(postcode)
    dept_code = _clean_dept(dept) or (departement_for_postcode(pc) if pc else None)
    pc_communes = index.by_postcode.get(pc, ()) if pc else ()
    fallback = pc_communes[0] if pc_communes else None

    key = normalize(name) if isinstance(name, str) and len(name) <= MAX_QUERY_LENGTH else ""
    key = _ARRONDISSEMENT_SUFFIX.sub("", _CEDEX_SUFFIX.sub("", key)).strip()
    if not key:
        return fallback

    exact = sorted(
        (c for variant in _variants(key) for c in index.by_name.get(variant, ())),
        key=lambda c: -c.population,
    )
    steps = (
        lambda: next((c for c in exact if pc and pc in c.postcodes), None),
        lambda: next((c for c in exact if dept_code and c.dept == dept_code), None),
        lambda: _best_fuzzy(key, pc_communes, 0.6),
        lambda: _best_prefix(index, key, dept_code) if dept_code else None,
        lambda: _best_fuzzy(key, index.by_dept.get(dept_code, ()), 0.8) if dept_code else None,
        lambda: None if pc_communes else next(iter(exact), None),
        lambda: None if pc_communes else _best_prefix(index, key, None),
    )
    for step in steps:
        hit = step()
        if hit is not None:
            return hit
    return fallback


# --- a place named in a URL (search by distance: `pres=`) ---------------------------------

INSEE_PREFIX = "insee:"  # an INSEE code that is also a postcode: "insee:01100"
_INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_LABEL = re.compile(r"^(.*?)\s*\((\d{5})\)$")  # "Rennes (35000)", as the field shows a place


@dataclass(frozen=True)
class Place:
    """A commune chosen as the centre of a search, and how the URL names it."""

    code: str  # a postcode as typed, else the commune's INSEE code (see `place_code`)
    commune: Commune
    postcode: str

    @property
    def label(self) -> str:
        return f"{self.commune.name} ({self.postcode})"


def place_code(commune: Commune) -> str:
    """How a URL names `commune` without ambiguity: its INSEE code, prefixed when the same
    five digits are the postcode of another commune (a postcode is read first)."""
    others = _index().by_postcode.get(commune.insee)
    return commune.insee if not others or others[0] is commune else INSEE_PREFIX + commune.insee


def place(value: object) -> Place | None:
    """The place a visitor or a URL names: a postcode (its main commune), an INSEE code, a
    field label "Rennes (35000)" or a commune name (the best match, as without JavaScript)."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())[:MAX_QUERY_LENGTH]
    index = _index()
    if text.lower().startswith(INSEE_PREFIX):
        commune = by_insee(text[len(INSEE_PREFIX) :])
        return _place(commune, place_code(commune) if commune else "")
    if text in index.by_postcode:
        return Place(text, index.by_postcode[text][0], text)
    if _INSEE_CODE.match(text.upper()):
        commune = by_insee(text)
        return _place(commune, commune.insee if commune else "")
    label = _LABEL.match(text)
    name, postcode = (label.group(1), label.group(2)) if label else (text, None)
    commune = find(name, postcode) if name else None
    if commune is not None and label and postcode in commune.postcodes:
        return Place(place_code(commune), commune, postcode)
    return _place(commune, place_code(commune) if commune else "")


def _place(commune: Commune | None, code: str) -> Place | None:
    if commune is None:
        return None
    return Place(code, commune, commune.postcodes[0] if commune.postcodes else commune.dept)
