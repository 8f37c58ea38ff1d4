"""Gazetteer tests on the real generated data (no app, no database)."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from app.geo import gazetteer
from app.geo.gazetteer import (
    Commune,
    all_communes,
    by_insee,
    communes_for_postcode,
    departement_for_postcode,
    find,
    normalize,
    region_for_departement,
    search,
)

METROPOLITAN_BOX = (41.0, 51.2, -5.5, 9.6)  # lat min, lat max, lon min, lon max
OVERSEAS_BOXES = {
    "01": (15.8, 16.6, -61.9, -60.9),  # Guadeloupe
    "02": (14.35, 14.95, -61.3, -60.75),  # Martinique
    "03": (2.0, 6.0, -54.7, -51.5),  # Guyane
    "04": (-21.45, -20.8, 55.15, 55.9),  # La Réunion
    "06": (-13.1, -12.55, 44.9, 45.35),  # Mayotte
}
CORSICA_BOX = (41.3, 43.1, 8.5, 9.6)


def test_row_count_and_types() -> None:
    communes = all_communes()
    assert 34_000 < len(communes) < 36_000
    assert all(isinstance(c, Commune) for c in communes)
    assert len({c.insee for c in communes}) == len(communes)
    assert {c.precision for c in communes} <= {"commune", "code_postal", "departement"}
    assert len({c.dept for c in communes}) == 101
    assert len({c.region for c in communes}) == 18


def test_precision_distribution() -> None:
    counts = Counter(c.precision for c in all_communes())
    total = sum(counts.values())
    print("precision distribution:", {k: f"{v} ({100 * v / total:.1f}%)" for k, v in counts.items()})
    assert counts["commune"] / total > 0.35
    assert counts["departement"] / total < 0.10
    # Nearly all large towns are placed on themselves.
    big = [c for c in all_communes() if c.population >= 10_000]
    assert sum(c.precision == "commune" for c in big) / len(big) > 0.98


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clermont-Ferrand", "clermont ferrand"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("  Saint-Étienne  ", "saint etienne"),
        ("St-Étienne", "st etienne"),
        ("Œuilly", "oeuilly"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize(text: str | None, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("postcode", "dept", "region"),
    [
        ("75011", "75", "11"),
        ("69003", "69", "84"),
        ("13008", "13", "93"),
        ("63000", "63", "84"),
        ("01400", "01", "84"),
        ("20000", "2A", "94"),  # Ajaccio
        ("20200", "2B", "94"),  # Bastia
        ("20100", "2A", "94"),  # Sartène
        ("20600", "2B", "94"),  # Furiani
        ("97110", "971", "01"),  # Pointe-à-Pitre
        ("97200", "972", "02"),  # Fort-de-France
        ("97300", "973", "03"),  # Cayenne
        ("97400", "974", "04"),  # Saint-Denis
        ("97600", "976", "06"),  # Mamoudzou
        (" 75011 ", "75", "11"),
    ],
)
def test_postcode_to_departement_to_region(postcode: str, dept: str, region: str) -> None:
    assert departement_for_postcode(postcode) == dept
    assert region_for_departement(dept) == region


@pytest.mark.parametrize(
    "postcode",
    ["97133", "97150", "98000", "00000", "abcde", "", "   ", None, "7501", "750011", "75O11", 75011],
)
def test_postcode_outside_departements_or_invalid(postcode: object) -> None:
    assert departement_for_postcode(postcode) is None  # type: ignore[arg-type]


def test_postcode_rules_without_data() -> None:
    # CEDEX-like codes unknown to the data fall back to the numbering rules.
    assert departement_for_postcode("75998") == "75"
    assert departement_for_postcode("20199") == "2A"
    assert departement_for_postcode("97490") == "974"
    assert departement_for_postcode("97500") is None  # Saint-Pierre-et-Miquelon


def test_every_postcode_maps_to_one_of_its_communes_departement() -> None:
    for commune in all_communes():
        for postcode in commune.postcodes:
            dept = departement_for_postcode(postcode)
            assert dept in {c.dept for c in communes_for_postcode(postcode)}


def test_region_for_departement() -> None:
    assert region_for_departement("2A") == "94"
    assert region_for_departement("2b") == "94"
    assert region_for_departement("1") == "84"
    assert region_for_departement("976") == "06"
    assert region_for_departement("975") is None
    assert region_for_departement("20") is None
    assert region_for_departement(None) is None


@pytest.mark.parametrize(
    ("postcode", "insee"),
    [
        ("75011", "75056"),
        ("75116", "75056"),
        ("69003", "69123"),
        ("13008", "13055"),
        ("20000", "2A004"),
        ("20200", "2B033"),
        ("97110", "97120"),
        ("97200", "97209"),
        ("97300", "97302"),
        ("97400", "97411"),
        ("97600", "97611"),
    ],
)
def test_communes_for_postcode(postcode: str, insee: str) -> None:
    assert communes_for_postcode(postcode)[0].insee == insee


def test_arrondissement_postcodes_resolve_to_their_city() -> None:
    for prefix, count, insee in (("750", 20, "75056"), ("6900", 9, "69123"), ("130", 16, "13055")):
        for n in range(1, count + 1):
            postcode = f"{prefix}{n:02d}" if prefix != "6900" else f"{prefix}{n}"
            assert [c.insee for c in communes_for_postcode(postcode)] == [insee], postcode


def test_communes_for_postcode_sorted_and_invalid() -> None:
    communes = communes_for_postcode("01400")
    assert len(communes) > 1
    assert [c.population for c in communes] == sorted((c.population for c in communes), reverse=True)
    assert communes_for_postcode("abc") == []
    assert communes_for_postcode(None) == []
    assert communes_for_postcode("97133") == []


def test_by_insee() -> None:
    paris = by_insee("75056")
    assert paris is not None and paris.name == "Paris" and paris.dept == "75" and paris.region == "11"
    assert "75011" in paris.postcodes
    assert by_insee("2a004").name == "Ajaccio"  # type: ignore[union-attr]
    assert by_insee("99999") is None
    assert by_insee(None) is None


def test_paris_coordinates() -> None:
    paris = by_insee("75056")
    assert paris is not None
    assert abs(paris.lat - 48.85) < 0.1 and abs(paris.lon - 2.35) < 0.1
    assert paris.precision == "commune"


@pytest.mark.parametrize(
    ("insee", "lat", "lon"),
    [
        ("69123", 45.76, 4.84),  # Lyon
        ("13055", 43.30, 5.37),  # Marseille
        ("63113", 45.78, 3.08),  # Clermont-Ferrand
        ("2A004", 41.93, 8.74),  # Ajaccio
        ("97411", -20.88, 55.45),  # Saint-Denis (La Réunion)
        ("97302", 4.94, -52.33),  # Cayenne
    ],
)
def test_known_city_coordinates(insee: str, lat: float, lon: float) -> None:
    commune = by_insee(insee)
    assert commune is not None
    assert abs(commune.lat - lat) < 0.1 and abs(commune.lon - lon) < 0.1


def test_every_commune_inside_its_region_box() -> None:
    for c in all_communes():
        if c.region in OVERSEAS_BOXES:
            box = OVERSEAS_BOXES[c.region]
        elif c.region == "94":
            box = CORSICA_BOX
        else:
            box = METROPOLITAN_BOX
        assert box[0] <= c.lat <= box[1] and box[2] <= c.lon <= box[3], c


def test_search_by_name() -> None:
    assert search("clermont")[0].name == "Clermont-Ferrand"
    assert search("Clermont-Fer")[0].insee == "63113"
    assert "Évry-Courcouronnes" in [c.name for c in search("evry")]
    assert search("ÉVRY")[0].name == "Évry-Courcouronnes"
    assert search("st etienne")[0].insee == "42218"
    assert search("lyon 3e")[0].insee == "69123"


@pytest.mark.parametrize(
    "query", ["Saint-Etienne", "Saint‑Étienne", "st etienne", "SAINT–ÉTIENNE", "Saint\u00a0Étienne"]
)
def test_search_folds_typographic_spellings(query: str) -> None:
    assert search(query)[0].insee == "42218"


def test_search_word_start_ranked_after_prefix() -> None:
    assert "Clermont-Ferrand" in [c.name for c in search("ferrand")]
    results = search("ferrand", limit=50)
    prefix = [i for i, c in enumerate(results) if normalize(c.name).startswith("ferrand")]
    others = [i for i, c in enumerate(results) if not normalize(c.name).startswith("ferrand")]
    assert not prefix or not others or max(prefix) < min(others)


def test_search_ranked_by_population() -> None:
    results = search("saint", limit=20)
    assert len(results) == 20
    assert [c.population for c in results] == sorted((c.population for c in results), reverse=True)


def test_search_by_postcode() -> None:
    assert [c.name for c in search("63000")] == ["Clermont-Ferrand"]
    assert search("6300")[0].name == "Clermont-Ferrand"
    assert all(any(pc.startswith("130") for pc in c.postcodes) for c in search("130"))
    assert search("63000 clermont")[0].name == "Clermont-Ferrand"
    assert search("123456") == []


@pytest.mark.parametrize("query", ["", "   ", "x" * 500, "!!!", None])
def test_search_rejects_empty_or_absurd(query: str | None) -> None:
    assert search(query) == []  # type: ignore[arg-type]


def test_search_limit() -> None:
    assert len(search("a", limit=3)) == 3
    assert search("a", limit=0) == []


def test_search_is_fast() -> None:
    search("a")  # make sure the index is loaded
    queries = ["s", "sa", "saint", "l", "la", "mar", "0", "9", "75", "clermont", "ferrand", "st e"]
    start = time.perf_counter()
    for query in queries:
        search(query)
    per_query_ms = (time.perf_counter() - start) * 1000 / len(queries)
    assert per_query_ms < 20


@pytest.mark.parametrize(
    ("name", "postcode", "dept", "insee"),
    [
        ("Paris", None, None, "75056"),
        ("Paris 11e", "75011", None, "75056"),
        ("Lyon 3ème", "69003", None, "69123"),
        ("Marseile", "13008", None, "13055"),  # typo
        ("st etienne", None, None, "42218"),
        ("Saint-Denis", None, "93", "93066"),
        ("Saint-Denis", "97400", None, "97411"),
        ("Evry", None, "91", "91228"),
        ("Evry", "91000", None, "91228"),
        ("Villeurbane", "69100", None, "69266"),
        ("Ajaccio cedex 1", "20000", None, "2A004"),
        ("Bastia", None, "2B", "2B033"),
        ("Pointe a Pitre", None, None, "97120"),
        ("", "63000", None, "63113"),
        ("Unknown place", "63000", None, "63113"),
    ],
)
def test_find(name: str, postcode: str | None, dept: str | None, insee: str) -> None:
    commune = find(name, postcode=postcode, dept=dept)
    assert commune is not None and commune.insee == insee


def test_find_nothing() -> None:
    assert find("Zzzzqqq") is None
    assert find(None) is None
    assert find("") is None


def test_index_is_cached() -> None:
    assert gazetteer._index() is gazetteer._index()
