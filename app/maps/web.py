"""Map settings taken from the application (URLs and configuration)."""

from flask import Flask, current_app, url_for
from flask_babel import get_locale, gettext, ngettext

from app.maps import basemap
from app.maps.builder import MapSettings


def init_app(app: Flask) -> None:
    basemap.resolve(app.config)  # an unknown MAP_BASEMAP stops the start, not a page
    app.add_template_global(labels, "map_labels")  # the organisers' point-picking map


def labels() -> dict:
    """The text of static/js/maps.js (and event-form.js), in the page's language; numbers are
    formatted there with `Intl.NumberFormat(locale)`, which gives Babel's French ("1\u202f435")."""
    return {
        "locale": str(get_locale() or "fr"),
        "zoomIn": gettext("Zoomer"),
        "zoomOut": gettext("Dézoomer"),
        "background": gettext("Fond : Natural Earth, INSEE"),
        "views": gettext("Vues de la carte"),
        "mainland": gettext("Métropole"),
        "loading": gettext("Chargement…"),
        "unavailable": gettext("Détails indisponibles."),
        "eventPlace": gettext("Lieu de l'événement"),
        # Both forms, "{n}" left for maps.js, which applies the French plural rule (0 and 1
        # singular); a cluster always holds two markers or more.
        "clusterOne": _cluster_label(1),
        "clusterOther": _cluster_label(2),
    }


def _cluster_label(n: int) -> str:
    return ngettext(
        "%(n)s événement, zoomer pour le voir", "%(n)s événements, zoomer pour les voir", n, n="{n}"
    )


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
    return MapSettings(background=background, popup_url=popup, basemap=tiles, labels=labels())
