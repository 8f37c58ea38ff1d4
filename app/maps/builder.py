"""Folium maps for events, regions and France, with compact marker data.

Maps are embedded in our pages as two parts (the map's <div> and its script); Leaflet and
leaflet.markercluster are loaded by our own templates from static/vendor, never a CDN.
Markers are compact rows [lat, lon, id]; a popup fetches its content on demand from
`popup_url` (with `{id}` replaced), so a region with thousands of events stays light.
The background is a local GeoJSON of the regions; tiles are added only when configured.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import folium
from folium.plugins import FastMarkerCluster
from markupsafe import Markup, escape

FRANCE_CENTER = (46.6, 2.4)

_EVENT_CALLBACK = "function (row) { return MoisEssMap.eventMarker(row); }"


@dataclass(frozen=True)
class MapParts:
    name: str
    html: Markup
    script: Markup
    markers: int = 0


@dataclass(frozen=True)
class MapSettings:
    background_url: str
    popup_url: str = ""
    tiles_url: str = ""
    tiles_attribution: str = ""


def _base_map(center, zoom: int, settings: MapSettings) -> folium.Map:
    # Without tiles Leaflet has no maximum zoom, which markercluster requires.
    m = folium.Map(
        location=list(center), zoom_start=zoom, tiles=None, minZoom=3, maxZoom=18, control_scale=False
    )
    # Nothing from a CDN: our templates load Leaflet and markercluster from static/vendor.
    m.default_js = []
    m.default_css = []
    if settings.tiles_url:
        folium.TileLayer(tiles=settings.tiles_url, attr=settings.tiles_attribution, max_zoom=18).add_to(m)
    return m


def _parts(m: folium.Map, settings: MapSettings, markers: int = 0) -> MapParts:
    root = m.get_root()
    root.render()
    setup = "MoisEssMap.setup({map}, {options});".format(
        map=m.get_name(),
        options=json.dumps({"background": settings.background_url, "popupUrl": settings.popup_url}),
    )
    script = root.script.render() + "\n" + setup
    return MapParts(m.get_name(), Markup(root.html.render()), Markup(script), markers)


def events_map(
    points, settings: MapSettings, center=FRANCE_CENTER, zoom: int = 6, fit: bool = True
) -> MapParts:
    """Clustered markers for [lat, lon, id] rows; the view fits the markers when asked."""
    m = _base_map(center, zoom, settings)
    cluster = FastMarkerCluster(
        [list(p) for p in points],
        callback=_EVENT_CALLBACK,
        options={"showCoverageOnHover": False, "chunkedLoading": True},
    )
    cluster.default_js = []
    cluster.default_css = []
    cluster.add_to(m)
    if fit and len(points) > 1:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], max_zoom=12)
    return _parts(m, settings, len(points))


def single_map(lat: float, lon: float, label: str, settings: MapSettings) -> MapParts:
    m = _base_map((lat, lon), 13, settings)
    folium.Marker([round(lat, 5), round(lon, 5)], tooltip=label).add_to(m)
    return _parts(m, settings, 1)


def counts_map(places, settings: MapSettings) -> MapParts:
    """One circle per place: rows of (lat, lon, name, count text, url); overseas included."""
    m = _base_map(FRANCE_CENTER, 5, settings)
    for lat, lon, name, count_text, url in places:
        folium.CircleMarker(
            [lat, lon],
            radius=10,
            weight=2,
            color="#1d4e89",
            fill=True,
            fill_color="#1d4e89",
            fill_opacity=0.6,
            tooltip=f"{escape(name)} : {escape(count_text)}",
            popup=folium.Popup(
                f'<a href="{escape(url)}">{escape(name)}</a><br>{escape(count_text)}', max_width=220
            ),
        ).add_to(m)
    return _parts(m, settings, len(places))
