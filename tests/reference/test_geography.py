"""Reference geography tests (pure data, no app)."""

from __future__ import annotations

import re
from collections import Counter
from zoneinfo import ZoneInfo

from app.geo.gazetteer import all_communes, region_for_departement
from app.reference.geography import (
    DEPARTEMENTS,
    REGIONS,
    Region,
    departement_by_code,
    departements_of_region,
    region_by_code,
    region_by_slug,
)

EXPECTED_CODES = [
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


def test_eighteen_regions() -> None:
    assert len(REGIONS) == 18
    assert [r.code for r in REGIONS] == EXPECTED_CODES
    assert all(isinstance(r, Region) for r in REGIONS)


def test_slugs_unique_and_ascii() -> None:
    slugs = [r.slug for r in REGIONS]
    assert len(set(slugs)) == 18
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", s) for s in slugs)
    assert region_by_slug("auvergne-rhone-alpes").name == "Auvergne-Rhône-Alpes"  # type: ignore[union-attr]
    assert region_by_slug("ile-de-france").name == "Île-de-France"  # type: ignore[union-attr]
    assert region_by_slug("provence-alpes-cote-d-azur").name == "Provence-Alpes-Côte d'Azur"  # type: ignore[union-attr]
    assert region_by_slug("la-reunion").name == "La Réunion"  # type: ignore[union-attr]
    assert region_by_slug("nowhere") is None
    assert region_by_slug(None) is None


def test_region_fields() -> None:
    for r in REGIONS:
        assert r.cress_name == f"CRESS {r.name}"
        assert r.cress_website.startswith("https://")
        assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", r.cress_email)
        assert r.cress_city
        ZoneInfo(r.timezone)  # valid IANA zone
        assert r.overseas == (r.code in {"01", "02", "03", "04", "06"})
        assert (r.timezone == "Europe/Paris") == (not r.overseas)
        assert 6 <= r.zoom <= 11
    assert region_by_code("03").timezone == "America/Cayenne"  # type: ignore[union-attr]
    assert region_by_code("06").timezone == "Indian/Mayotte"  # type: ignore[union-attr]
    assert region_by_code("84").cress_name == "CRESS Auvergne-Rhône-Alpes"  # type: ignore[union-attr]
    assert region_by_code("01").cress_name == "CRESS Guadeloupe"  # type: ignore[union-attr]
    assert region_by_code("99") is None
    assert region_by_code(None) is None


def test_populations_match_gazetteer() -> None:
    totals = Counter()
    for commune in all_communes():
        totals[commune.region] += commune.population
    for r in REGIONS:
        assert r.population == totals[r.code], r.code
    assert 67_000_000 < sum(r.population for r in REGIONS) < 70_000_000
    assert region_by_code("11").population > 12_000_000  # type: ignore[union-attr]


def test_map_centres_are_near_the_communes() -> None:
    for r in REGIONS:
        points = [(c.lat, c.lon) for c in all_communes() if c.region == r.code]
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        assert abs(lat - r.center_lat) < 1.5 and abs(lon - r.center_lon) < 1.5, r.code
        if not r.overseas:
            assert r.zoom in (7, 8), r.code
    assert region_by_code("03").zoom == 7  # type: ignore[union-attr]
    assert all(9 <= r.zoom <= 10 for r in REGIONS if r.overseas and r.code != "03")


def test_hundred_and_one_departements() -> None:
    assert len(DEPARTEMENTS) == 101
    codes = [d.code for d in DEPARTEMENTS]
    assert len(set(codes)) == 101
    assert "2A" in codes and "2B" in codes and "20" not in codes
    assert sum(len(c) == 3 for c in codes) == 5
    assert not {"975", "977", "978", "984", "986", "987", "988", "989"} & set(codes)


def test_each_departement_region_exists() -> None:
    for d in DEPARTEMENTS:
        assert region_by_code(d.region_code) is not None, d
        assert region_for_departement(d.code) == d.region_code, d
    assert {d.region_code for d in DEPARTEMENTS} == set(EXPECTED_CODES)


def test_departement_helpers() -> None:
    assert departement_by_code("2a").name == "Corse-du-Sud"  # type: ignore[union-attr]
    assert departement_by_code("63").name == "Puy-de-Dôme"  # type: ignore[union-attr]
    assert departement_by_code("974").region_code == "04"  # type: ignore[union-attr]
    assert departement_by_code("975") is None
    assert departement_by_code(None) is None
    assert [d.code for d in departements_of_region("94")] == ["2A", "2B"]
    assert len(departements_of_region("11")) == 8
    assert len(departements_of_region("84")) == 12
