"""Which background the maps draw, from the configuration (pure: no Flask).

MAP_BASEMAP = "offline" (default: the local vector background, nothing leaves the site),
"ign" (Géoplateforme "Plan IGN v2", no key needed) or "osm" (OpenStreetMap's tiles).
MAP_TILES_URL (+ MAP_TILES_ATTRIBUTION) names another tile server and wins over the presets.
The Content-Security-Policy allows exactly the hosts of the chosen tiles (`tile_origins`).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from app.maps.builder import Basemap

IGN_PLAN = Basemap(
    url=(
        "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM"
        "&FORMAT=image/png&TILEMATRIX={z}&TILECOL={x}&TILEROW={y}"
    ),
    attribution='<a href="https://www.ign.fr/">IGN</a> – Géoplateforme',
    max_zoom=19,
)
OSM = Basemap(
    url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    attribution='© les contributeurs d’<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    max_zoom=19,
)
PRESETS = {"ign": IGN_PLAN, "osm": OSM}
CHOICES = ("offline", "ign", "osm")
# Leaflet's default {s} subdomains.
SUBDOMAINS = ("a", "b", "c")


def resolve(config: Mapping) -> Basemap | None:
    """The tiles to draw, or None for the offline background. Raises ValueError for an
    unknown MAP_BASEMAP (checked when the application starts)."""
    choice = (config.get("MAP_BASEMAP") or "offline").strip().lower()
    if choice not in CHOICES:
        raise ValueError(f"MAP_BASEMAP must be one of {', '.join(CHOICES)}, not {choice!r}")
    url = (config.get("MAP_TILES_URL") or "").strip()
    if url:
        return Basemap(url=url, attribution=config.get("MAP_TILES_ATTRIBUTION") or "")
    return PRESETS.get(choice)


def tile_origins(config: Mapping) -> list[str]:
    """Origins the browser fetches tiles from (for img-src): one per {s} subdomain."""
    basemap = resolve(config)
    if basemap is None:
        return []
    hosts = [basemap.url.replace("{s}", s) for s in SUBDOMAINS] if "{s}" in basemap.url else [basemap.url]
    origins = []
    for url in hosts:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc and "{" not in parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins
