#!/usr/bin/env python3
"""Build the light offline background of the maps (see static/geo/README.md).

From the files shipped in static/geo and the gazetteer (app/geo/data/communes.csv.gz):
  static/geo/fond-departements.geojson  the 101 départements, simplified to about 1 km
  static/geo/fond-regions.geojson       the 18 regions, simplified the same way (thicker borders)
  static/geo/villes.json                the main towns: [name, lat, lon, min zoom] rows

Simplification keeps shared borders shared: every vertex where the set of polygons that
use it changes (a junction) and every ring's first vertex are kept, and the runs of vertices
between two kept ones are simplified with Douglas-Peucker. Neighbours hold the same runs
(the source borders are exactly shared), so they get the same simplified line: no gaps.

Usage: python3 scripts/build_map_background.py   (standard library only)
"""

from __future__ import annotations

import csv
import gzip
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "static" / "geo"
COMMUNES = ROOT / "app" / "geo" / "data" / "communes.csv.gz"

TOLERANCE = 0.01  # degrees (about 1 km): enough for zooms 5 to 10
PRECISION = 3
# A town shows from this zoom on (smallest population first matching).
TOWN_ZOOMS = ((200_000, 5), (80_000, 6), (30_000, 7), (12_000, 8), (5_000, 9))
PREFECTURE_ZOOM = 7  # the largest commune of each département shows from zoom 7


def _distance(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def douglas_peucker(points: list, tolerance: float) -> list:
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, 0
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _rings(feature) -> list[list]:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


def simplify_collection(collection: dict, tolerance: float = TOLERANCE) -> dict:
    owners: dict[tuple, set[int]] = {}
    for number, feature in enumerate(collection["features"]):
        for ring in _rings(feature):
            for point in ring:
                owners.setdefault(tuple(point), set()).add(number)
    fixed = set()
    for feature in collection["features"]:
        for ring in _rings(feature):
            points = [tuple(p) for p in ring]
            fixed.add(points[0])
            for before, point, after in zip(
                points[-2:-1] + points[:-1], points, points[1:] + points[1:2], strict=True
            ):
                if owners[point] != owners[before] or owners[point] != owners[after]:
                    fixed.add(point)

    def simplify_ring(ring: list) -> list:
        points = [tuple(p) for p in ring]
        out, run = [points[0]], [points[0]]
        for point in points[1:]:
            run.append(point)
            if point in fixed:
                out += douglas_peucker(run, tolerance)[1:]
                run = [point]
        rounded = []
        for x, y in out:
            p = [round(x, PRECISION), round(y, PRECISION)]
            if not rounded or rounded[-1] != p:
                rounded.append(p)
        return rounded

    features = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        new = []
        for polygon in polygons:
            rings = [simplify_ring(r) for r in polygon]
            if len(rings[0]) >= 4:
                new.append([r for r in rings if len(r) >= 4])
        features.append(
            {
                "type": "Feature",
                "properties": feature["properties"],
                "geometry": {"type": "MultiPolygon", "coordinates": new},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def towns() -> list[list]:
    with gzip.open(COMMUNES, "rt", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["precision"] != "departement" and r["population"]]
    largest: dict[str, dict] = {}
    for r in rows:
        if int(r["population"]) > int(largest.get(r["dept"], {"population": 0})["population"]):
            largest[r["dept"]] = r
    prefecture_like = {r["insee"] for r in largest.values()}
    out = []
    for r in sorted(rows, key=lambda r: -int(r["population"])):
        population = int(r["population"])
        zoom = next((z for limit, z in TOWN_ZOOMS if population >= limit), None)
        if r["insee"] in prefecture_like:
            zoom = min(zoom or PREFECTURE_ZOOM, PREFECTURE_ZOOM)
        if zoom is not None:
            out.append([r["name"], round(float(r["lat"]), 3), round(float(r["lon"]), 3), zoom])
    return out


def _write(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    raw = path.read_bytes()
    print(
        f"{path.relative_to(ROOT)}: {len(raw) / 1024:.0f} KB, {len(gzip.compress(raw)) / 1024:.0f} KB gzipped"
    )


def main() -> None:
    for source, target in (("departements", "fond-departements"), ("regions", "fond-regions")):
        collection = json.loads((GEO / f"{source}.geojson").read_text(encoding="utf-8"))
        _write(GEO / f"{target}.geojson", simplify_collection(collection))
    _write(GEO / "villes.json", towns())


if __name__ == "__main__":
    main()
