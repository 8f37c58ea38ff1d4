"""The map builder: national bounds and overseas views, compact marker rows, no jQuery, and
inline data that cannot end its <script>."""

from __future__ import annotations

import json
import re

from app.maps import builder
from app.maps.builder import MAINLAND, MapSettings

SETTINGS = MapSettings(background={"departements": "/static/geo/fond-departements.geojson"})
PARIS = (48.857, 2.352, 1, "Forum à Paris")
BREST = (48.39, -4.49, 2, "Atelier à Brest")
NICE = (43.70, 7.27, 3, "Marché à Nice")
REUNION = (-21.11, 55.53, 4, "Rencontre à Saint-Denis de La Réunion")
CAYENNE = (4.93, -52.33, 5, "Débat à Cayenne")


def _options(parts) -> dict:
    match = re.search(r"MoisEssMap\.setup\(\w+, (\{.*\})\);", str(parts.script))
    return json.loads(match.group(1))


def test_national_map_opens_on_mainland_france_with_the_overseas_regions_as_views():
    parts = builder.events_map([PARIS, BREST, NICE, REUNION, CAYENNE], SETTINGS)
    options = _options(parts)
    # The points spread over mainland France: the whole of it, not the world between
    # Guyane and La Réunion.
    assert options["bounds"] == [list(MAINLAND[0]), list(MAINLAND[1])]
    assert [(v["name"], v["count"]) for v in options["overseas"]] == [("Guyane", 1), ("La Réunion", 1)]


def test_a_local_map_fits_its_points_and_an_overseas_only_map_fits_them_without_views():
    near = builder.events_map([PARIS, (48.80, 2.13, 9, "Versailles")], SETTINGS)
    assert _options(near)["bounds"] == [[48.80, 2.13], [48.857, 2.352]]
    assert "overseas" not in _options(near)
    reunion = builder.events_map([REUNION, (-21.34, 55.47, 6, "Saint-Pierre")], SETTINGS)
    assert _options(reunion)["bounds"] == [[-21.34, 55.47], [-21.11, 55.53]]
    assert "overseas" not in _options(reunion)


def test_markers_are_compact_rows_named_by_their_title():
    long_title = "Une rencontre " + "très " * 30 + "longue"
    parts = builder.events_map([PARIS, (45.76, 4.84, 7, long_title)], SETTINGS)
    script = str(parts.script)
    assert '[48.857,2.352,1,"Forum à Paris"]' in script  # UTF-8, no spaces
    rows = builder.marker_rows([(45.76, 4.84, 7, long_title)])
    assert len(rows[0][3]) <= builder.TITLE_LENGTH and rows[0][3].endswith("très…")
    assert script.count("MoisEssMap.eventCluster(") == 1


def test_a_title_cannot_end_the_inline_script():
    title = "</script><script>alert(1)</script> & co"
    parts = builder.events_map([PARIS, (45.76, 4.84, 7, title)], SETTINGS)
    single = builder.single_map(45.76, 4.84, title, "Salle </script>", SETTINGS)
    for script in (str(parts.script), str(single.script)):
        assert "</script" not in script.lower() and "<script" not in script.lower()
    assert "\\u003c/script\\u003e" in str(parts.script)


def test_region_counts_need_no_jquery_and_no_folium_popup():
    places = [
        (48.2, -2.9, "Bretagne", 106, "106 événements", "/regions/bretagne"),
        (-21.1, 55.5, "La Réunion", 12, "12 événements", "/regions/la-reunion"),
    ]
    parts = builder.counts_map(places, SETTINGS)
    script = str(parts.script)
    assert "$(" not in script and "bindPopup" not in script
    options = _options(parts)
    assert options["counts"][0] == {
        "lat": 48.2,
        "lon": -2.9,
        "name": "Bretagne",
        "count": 106,
        "text": "106 événements",
        "url": "/regions/bretagne",
    }
    assert options["bounds"] == [list(MAINLAND[0]), list(MAINLAND[1])]
    assert options["overseas"] == [
        {"name": "La Réunion", "bounds": [[-21.39, 55.21], [-20.87, 55.84]], "count": 12}
    ]


def test_leaflet_is_never_asked_for_english_controls_or_a_cdn():
    script = str(builder.events_map([PARIS, BREST], SETTINGS).script)
    assert '"zoomControl": false' in script  # maps.js adds the French one
    assert "cdn" not in script.lower() and "http" not in script
