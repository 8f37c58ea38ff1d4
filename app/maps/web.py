"""Map settings taken from the application (URLs and configuration)."""

from flask import Flask, current_app, url_for

from app.maps import basemap
from app.maps.builder import MapSettings


def init_app(app: Flask) -> None:
    basemap.resolve(app.config)  # an unknown MAP_BASEMAP stops the start, not a page


def settings(with_popups: bool = True) -> MapSettings:
    popup = url_for("events.preview", event_id=0).replace("/0/", "/{id}/") if with_popups else ""
    tiles = basemap.resolve(current_app.config)
    background = (
        {}
        if tiles
        else {
            "departements": url_for("static", filename="geo/fond-departements.geojson"),
            "regions": url_for("static", filename="geo/fond-regions.geojson"),
            "towns": url_for("static", filename="geo/villes.json"),
        }
    )
    return MapSettings(background=background, popup_url=popup, basemap=tiles)
