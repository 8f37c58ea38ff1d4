"""Map settings taken from the application (URLs and configuration)."""

from flask import current_app, url_for

from app.maps.builder import MapSettings


def settings(with_popups: bool = True) -> MapSettings:
    popup = url_for("events.preview", event_id=0).replace("/0/", "/{id}/") if with_popups else ""
    return MapSettings(
        background_url=url_for("static", filename="geo/regions.geojson"),
        popup_url=popup,
        tiles_url=current_app.config.get("MAP_TILES_URL", ""),
        tiles_attribution=current_app.config.get("MAP_TILES_ATTRIBUTION", ""),
    )
