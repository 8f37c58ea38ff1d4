"""The maps' text is gettext's: it reaches static/js/maps.js (and event-form.js) through the
options of `MoisEssMap.setup` or the point-picking map's data-labels, never as literals."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from app import create_app
from app.extensions import babel
from app.maps import builder
from app.maps import web as map_web

ROOT = Path(__file__).resolve().parents[2]
PARIS = (48.857, 2.352, 1, "Forum à Paris")
CAYENNE = (4.93, -52.33, 5, "Débat à Cayenne")
CLUSTER = ("%(n)s événement, zoomer pour le voir", "%(n)s événements, zoomer pour les voir")


def _options(script: str) -> dict:
    return json.loads(re.search(r"MoisEssMap\.setup\(\w+, (\{.*\})\);", script).group(1))


def test_the_map_options_carry_the_french_labels(client):
    options = _options(client.get("/regions/").get_data(as_text=True))
    assert options["labels"] == {
        "locale": "fr",
        "zoomIn": "Zoomer",
        "zoomOut": "Dézoomer",
        "background": "Fond : Natural Earth, INSEE",
        "views": "Vues de la carte",
        "mainland": "Métropole",
        "loading": "Chargement…",
        "unavailable": "Détails indisponibles.",
        "eventPlace": "Lieu de l'événement",
        "clusterOne": "{n} événement, zoomer pour le voir",
        "clusterOther": "{n} événements, zoomer pour les voir",
    }


def test_a_label_changed_in_the_catalogue_reaches_the_maps(fresh_database_url, tmp_path):
    catalog = Catalog(locale="fr")
    catalog.add("Zoomer", "Agrandir")
    catalog.add("Lieu de l'événement", "Emplacement de l'événement")
    catalog.add("Guyane", "Guyane française")
    catalog.add(CLUSTER, ("%(n)s point, agrandir", "%(n)s points, agrandir"))
    folder = tmp_path / "translations" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations"),
    )
    # Flask-Babel caches catalogues per locale for the whole process, not per application.
    babel.domain_instance.cache.clear()
    try:
        with app.test_request_context():
            options = _options(str(builder.events_map([PARIS, CAYENNE], map_web.settings()).script))
            page = app.jinja_env.from_string(
                '<p data-labels="{{ map_labels()|tojson|forceescape }}">'
            ).render()
    finally:
        babel.domain_instance.cache.clear()
    labels = options["labels"]
    assert labels["zoomIn"] == "Agrandir" and labels["zoomOut"] == "Dézoomer"
    assert (labels["clusterOne"], labels["clusterOther"]) == ("{n} point, agrandir", "{n} points, agrandir")
    assert [v["name"] for v in options["overseas"]] == ["Guyane française"]
    # The organisers' point-picking map reads its labels from the page.
    given = json.loads(html.unescape(re.search(r'data-labels="([^"]*)"', page).group(1)))
    assert given["eventPlace"] == "Emplacement de l'événement"


def _code(path: Path) -> str:
    """The script without its comments (/* … */ and // to the end of a line)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"(^|\s)//.*$", "", text, flags=re.M)


def test_the_map_scripts_hold_no_french_text_outside_comments():
    for name in ("maps.js", "event-form.js"):
        code = _code(ROOT / "static" / "js" / name)
        assert "function" in code  # the comments only were removed
        accented = re.findall(r"\S*[À-ÿœŒ…]\S*", code)
        assert accented == [], (name, accented)
        for word in ("Zoomer", "Métropole", "Chargement", "Natural Earth", "Vues de la carte", "Lieu de"):
            assert word not in code, (name, word)
