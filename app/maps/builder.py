"""Folium maps for events, regions and France, with compact marker data.

Maps are embedded in our pages as two parts (the map's <div> and its script); Leaflet and
leaflet.markercluster come from static/vendor, never a CDN (templates/macros/maps.html loads
them, also after an htmx swap). Everything that Folium would do with jQuery or in English
(popups, zoom buttons, attribution, marker labels) is done by static/js/maps.js from the
options that `MoisEssMap.setup` receives here, its text included (`MapSettings.labels`,
translated by app/maps/web.py: maps.js holds no user-facing text).

Markers are compact rows [lat, lon, id, title] (the title is the marker's accessible name);
a popup fetches its content on demand from `popup_url` (with `{id}` replaced).
National maps open on mainland France; the overseas regions are one-click views.
The background is drawn from local files (départements, regions, towns) unless a tile
server is configured (app/maps/web.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import folium
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

FRANCE_CENTER = (46.6, 2.4)
# Mainland France with Corsica: what a national map shows first.
MAINLAND = ((41.3, -5.2), (51.1, 9.6))
# The overseas regions, as one-click views of national maps: (name, south-west, north-east).
OVERSEAS = (
    (_l("Guadeloupe"), (15.83, -61.81), (16.52, -61.0)),
    (_l("Martinique"), (14.38, -61.23), (14.88, -60.81)),
    (_l("Guyane"), (2.1, -54.6), (5.8, -51.6)),
    (_l("La Réunion"), (-21.39, 55.21), (-20.87, 55.84)),
    (_l("Mayotte"), (-13.01, 44.98), (-12.63, 45.3)),
)
TITLE_LENGTH = 80  # marker titles are cut there (accessible name, tooltip)
SINGLE_ZOOM = 10  # the event's place among towns and départements (offline background)
SINGLE_ZOOM_TILES = 15


def script_json(value) -> str:
    """JSON for an inline <script>: UTF-8 kept (Folium's `tojson` writes "é" as 6 bytes),
    no spaces, and the characters that could end the script escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class MapParts:
    name: str
    html: Markup
    script: Markup
    markers: int = 0


@dataclass(frozen=True)
class Basemap:
    """Tiles drawn under the markers; without one the local background is drawn."""

    url: str
    attribution: str
    max_zoom: int = 19


@dataclass(frozen=True)
class MapSettings:
    background: dict = field(default_factory=dict)  # {"departements", "regions", "towns"}: URLs
    popup_url: str = ""
    basemap: Basemap | None = None
    labels: dict = field(default_factory=dict)  # maps.js's text, translated (app/maps/web.py)


def _inside(lat: float, lon: float, south_west, north_east) -> bool:
    return south_west[0] <= lat <= north_east[0] and south_west[1] <= lon <= north_east[1]


def is_mainland(lat: float, lon: float) -> bool:
    return _inside(lat, lon, *MAINLAND)


def overseas_views(points) -> list[dict]:
    """The overseas regions holding some of `points` ((lat, lon, …) rows), with their count."""
    views = []
    for name, south_west, north_east in OVERSEAS:
        count = sum(1 for p in points if _inside(p[0], p[1], south_west, north_east))
        if count:
            views.append({"name": str(name), "bounds": [south_west, north_east], "count": count})
    return views


def national_bounds(points) -> list | None:
    """Bounds to open on: the mainland points if there are any (the overseas regions are
    then views of their own) — all mainland France when they spread over much of it —,
    else all points; None for fewer than two points."""
    mainland = [p for p in points if is_mainland(p[0], p[1])]
    shown = mainland or list(points)
    if len(shown) < 2:
        return None
    lats = [p[0] for p in shown]
    lons = [p[1] for p in shown]
    bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
    (south, west), (north, east) = MAINLAND
    if mainland and (
        bounds[1][0] - bounds[0][0] > (north - south) / 2 or bounds[1][1] - bounds[0][1] > (east - west) / 2
    ):
        return [list(MAINLAND[0]), list(MAINLAND[1])]
    return bounds


def _base_map(center, zoom: int, settings: MapSettings) -> folium.Map:
    # Without tiles Leaflet has no maximum zoom, which markercluster requires.
    max_zoom = settings.basemap.max_zoom if settings.basemap else 18
    # No zoom control here: maps.js adds one with French titles.
    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        minZoom=3,
        maxZoom=max_zoom,
        zoomSnap=0.5,  # France fits its maps better between two whole zooms
        control_scale=False,
        zoom_control=False,
    )
    # Nothing from a CDN: our templates load Leaflet and markercluster from static/vendor.
    m.default_js = []
    m.default_css = []
    return m


def _parts(m: folium.Map, settings: MapSettings, markers: list | None = None, **extra) -> MapParts:
    root = m.get_root()
    root.render()
    options = {"background": settings.background, "popupUrl": settings.popup_url, "labels": settings.labels}
    if settings.basemap:
        options["tiles"] = {
            "url": settings.basemap.url,
            "attribution": settings.basemap.attribution,
            "maxZoom": settings.basemap.max_zoom,
        }
    options.update({k: v for k, v in extra.items() if v})
    setup = "MoisEssMap.setup({map}, {options});".format(map=m.get_name(), options=script_json(options))
    script = root.script.render() + "\n" + setup
    if markers is not None:
        # Not a Folium element: Folium compiles each element's rendered script as a Jinja
        # template again, which for 16,000 rows took 0.4 s.
        script += "\nMoisEssMap.eventCluster({map}, {rows});".format(
            map=m.get_name(), rows=script_json(markers)
        )
    return MapParts(m.get_name(), Markup(root.html.render()), Markup(script), len(markers or ()))


def marker_rows(points) -> list[list]:
    """[lat, lon, id, title] rows; titles cut to TITLE_LENGTH characters."""
    rows = []
    for lat, lon, event_id, *rest in points:
        title = rest[0] if rest else ""
        if len(title) > TITLE_LENGTH:
            title = title[: TITLE_LENGTH - 1].rstrip() + "…"
        rows.append([lat, lon, event_id, title])
    return rows


def events_map(
    points,
    settings: MapSettings,
    center=FRANCE_CENTER,
    zoom: int = 6,
    fit: bool = True,
    region_code: str = "",
) -> MapParts:
    """Clustered markers for [lat, lon, id, title] rows; when `fit`, the view fits the
    mainland markers and the overseas ones are one-click views. With `region_code` (INSEE),
    the background shades the départements of other regions."""
    m = _base_map(center, zoom, settings)
    bounds = national_bounds(points) if fit else None
    # Overseas views only beside mainland markers: otherwise the map fits the markers.
    views = overseas_views(points) if fit and any(is_mainland(p[0], p[1]) for p in points) else []
    return _parts(m, settings, marker_rows(points), bounds=bounds, overseas=views, region=region_code)


def single_map(lat: float, lon: float, title: str, label: str, settings: MapSettings) -> MapParts:
    """One event's place among towns and départements (or on tiles when configured): the
    marker is named by the event's `title`, its label shows the place."""
    zoom = SINGLE_ZOOM_TILES if settings.basemap else SINGLE_ZOOM
    m = _base_map((lat, lon), zoom, settings)
    place = {"lat": round(lat, 5), "lon": round(lon, 5), "title": title, "label": label}
    return _parts(m, settings, place=place)


def counts_map(places, settings: MapSettings) -> MapParts:
    """France with one count per place: rows of (lat, lon, name, count, count text, url).
    Opens on mainland France; the overseas regions are one-click views."""
    m = _base_map(FRANCE_CENTER, 5, settings)
    counts = [
        {"lat": lat, "lon": lon, "name": name, "count": count, "text": text, "url": url}
        for lat, lon, name, count, text, url in places
    ]
    views = [dict(v, count=0) for v in overseas_views([(p["lat"], p["lon"]) for p in counts])]
    for view in views:
        view["count"] = sum(p["count"] for p in counts if _inside(p["lat"], p["lon"], *view["bounds"]))
    bounds = [list(MAINLAND[0]), list(MAINLAND[1])]
    return _parts(m, settings, counts=counts, bounds=bounds, overseas=views)
