"""The map background by configuration: offline by default, Plan IGN or OpenStreetMap tiles,
or another server; the Content-Security-Policy allows exactly the chosen tile host."""

from __future__ import annotations

import pytest

from app import create_app
from app.maps import basemap
from tests import factories as f
from tests.web.test_security_headers import policy


@pytest.mark.parametrize(
    ("config", "img_src"),
    [
        ({}, "'self' data:"),
        ({"MAP_BASEMAP": "offline"}, "'self' data:"),
        ({"MAP_BASEMAP": "ign"}, "'self' data: https://data.geopf.fr"),
        ({"MAP_BASEMAP": "IGN "}, "'self' data: https://data.geopf.fr"),
        ({"MAP_BASEMAP": "osm"}, "'self' data: https://tile.openstreetmap.org"),
        (
            {"MAP_TILES_URL": "https://{s}.tuiles.example.org/{z}/{x}/{y}.png"},
            "'self' data: https://a.tuiles.example.org https://b.tuiles.example.org https://c.tuiles.example.org",
        ),
        (
            {"MAP_BASEMAP": "ign", "MAP_TILES_URL": "https://tuiles.example.org/{z}/{x}/{y}.png"},
            "'self' data: https://tuiles.example.org",
        ),
    ],
)
def test_the_policy_allows_images_from_exactly_the_configured_tile_host(app, client, config, img_src):
    app.config.update({"MAP_BASEMAP": "offline", "MAP_TILES_URL": "", **config})
    p = policy(client.get("/"))
    assert p["img-src"] == img_src
    assert p["connect-src"] == "'self'" and p["default-src"] == "'self'"


def test_an_unknown_basemap_stops_the_application_at_start(fresh_database_url):
    with pytest.raises(ValueError, match="MAP_BASEMAP must be one of offline, ign, osm"):
        create_app("testing", SQLALCHEMY_DATABASE_URI=fresh_database_url, MAP_BASEMAP="google")


def test_presets_carry_their_attribution_in_french():
    assert "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2" in basemap.IGN_PLAN.url
    assert "IGN" in basemap.IGN_PLAN.attribution
    assert (
        "contributeurs" in basemap.OSM.attribution
        and "openstreetmap.org/copyright" in basemap.OSM.attribution
    )


def _event_page(client, db):
    ed = f.edition()
    event = f.event(ed, "Forum de l'emploi solidaire", venue="Salle des fêtes")
    db.session.commit()
    return client.get(f"/evenements/{event.id}-{event.slug}").get_data(as_text=True)


def test_offline_maps_draw_the_local_background_and_no_tiles(app, client, db):
    page = _event_page(client, db)
    assert "/static/geo/fond-departements.geojson" in page and "/static/geo/villes.json" in page
    assert '"tiles"' not in page and "geopf" not in page
    # The marker is named by the event's title; the label shows the place.
    assert '"title":"Forum de l\'emploi solidaire","label":"Salle des fêtes"' in page


def test_ign_maps_draw_plan_ign_tiles_with_attribution(app, client, db):
    app.config["MAP_BASEMAP"] = "ign"
    page = _event_page(client, db)
    assert "https://data.geopf.fr/wmts?" in page and "Géoplateforme" in page
    assert "fond-departements" not in page
