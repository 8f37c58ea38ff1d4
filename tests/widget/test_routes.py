"""The widget page (/widget/evenements) and its generator (/widget/): content, headers
(framing allowed there only, no cookie), bad parameters, the snippet."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from app.events.params import SearchParams
from app.events.search import search
from tests import factories as f
from tests.helpers import body
from tests.web.test_security_headers import policy
from tests.widget.conftest import TODAY

STATIC = Path(__file__).resolve().parents[2] / "static"


def _titles(html: str) -> list[str]:
    return re.findall(r'class="widget-event__title"><a [^>]*>([^<]+)<', html)


def test_widget_lists_the_search_results_from_today_in_date_order(programme, client):
    ed, e = programme
    response = client.get("/widget/evenements?region=bretagne&nombre=10")
    html = body(response)
    expected = search(SearchParams(regions=("bretagne",), start=TODAY), ed.id, page_size=10)
    assert _titles(html) == [x.title for x in expected.events]
    assert _titles(html) == [
        "Atelier du jour",
        "Portes ouvertes de la coopérative",
        "Conférence annulée",
        "Marché solidaire de fin de mois",
    ]
    assert "4 événements à venir" in html and "Annulé" in html
    assert "Forum déjà passé" not in html and "Brouillon" not in html and "an dernier" not in html
    assert '<time datetime="2026-11-14T14:30:00+01:00">samedi 14 novembre' in html
    assert "Rennes (35)" in html and "Se loger" in html


def test_every_link_opens_the_main_site_in_a_new_tab(programme, client):
    ed, e = programme
    html = body(client.get("/widget/evenements?theme=se-loger"))
    link = f'<a href="/evenements/{e["soon"].id}-{e["soon"].slug}" target="_blank" rel="noopener">'
    assert link in html
    assert (
        '<a href="/evenements/?theme=se-loger" target="_blank" rel="noopener">'
        "Voir tous les événements sur le site du Mois de l'ESS"
    ) in html
    # No site header, footer, form, map nor htmx: a page of its own.
    for absent in ("site-header", "site-footer", "<form", "htmx", "leaflet", "csrf"):
        assert absent not in html.lower(), absent
    assert len(response_bytes := client.get("/widget/evenements").data) < 12_000, len(response_bytes)


def test_layouts_and_title(programme, client):
    compact = body(client.get("/widget/evenements?departement=2A"))
    assert (
        '<h1 class="widget__title visually-hidden">Événements du Mois de l\'ESS – Corse-du-Sud (2A)</h1>'
        in compact
    )
    assert "widget-event__details" not in compact
    detailed = body(
        client.get("/widget/evenements?departement=2A&affichage=detaille&titre=Agenda+de+la+CRESS")
    )
    assert '<h1 class="widget__title">Agenda de la CRESS</h1>' in detailed
    assert "jeudi 12 novembre 2026, de 18 h à 20 h" in detailed and "Débat" in detailed


def test_more_events_link_pages_within_the_widget(programme, client):
    first = body(client.get("/widget/evenements?region=bretagne&nombre=3"))
    assert _titles(first) == ["Atelier du jour", "Portes ouvertes de la coopérative", "Conférence annulée"]
    more = re.search(r'<a href="([^"]+)" rel="next">Plus d\'événements</a>', first).group(1)
    assert more == "/widget/evenements?region=bretagne&nombre=3&page=2"
    second = body(client.get(more))
    assert _titles(second) == ["Marché solidaire de fin de mois"]
    assert 'rel="prev">Événements précédents</a>' in second and 'rel="next"' not in second


def test_bad_parameters_give_french_notices_in_the_widget(programme, client):
    response = client.get(
        "/widget/evenements?nombre=-4&affichage=grille&region=atlantide&du=2026-13-45"
        "&page=99999999999999999&titre=%3Cscript%3Ealert(1)%3C/script%3E&departement=" + "9" * 5000
    )
    assert response.status_code == 200
    html = body(response)
    for notice in (
        "Le nombre d'événements « -4 » n'est pas un nombre : 5 événements sont affichés.",
        "L'affichage demandé est inconnu : l'affichage compact est utilisé.",
        "Une valeur inconnue du filtre « région » a été ignorée.",
        "La date « du » n'est pas valide (format attendu : AAAA-MM-JJ) et a été ignorée.",
        "Une valeur inconnue du filtre « département » a été ignorée.",
    ):
        assert f'<p class="widget__notice" role="status">{notice}</p>' in html
    assert "<script>alert" not in response.get_data(as_text=True)
    assert _titles(html) == [
        "Atelier du jour",
        "Débat à Ajaccio",
        "Portes ouvertes de la coopérative",
        "Conférence annulée",
        "Marché solidaire de fin de mois",
    ]


def test_nothing_to_show_is_said_in_french(programme, client):
    html = body(client.get("/widget/evenements?region=bretagne&au=2026-11-01"))
    assert "Aucun événement à venir pour cette sélection." in html and _titles(html) == []


def test_without_edition_the_widget_still_answers(db, client):
    response = client.get("/widget/evenements")
    assert response.status_code == 200
    assert "Aucun événement à venir pour cette sélection." in body(response)


def test_widget_may_be_framed_by_any_site_and_other_pages_may_not(programme, app, client):
    widget = client.get("/widget/evenements?region=bretagne")
    assert policy(widget)["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in widget.headers
    assert policy(widget)["script-src"].endswith("'self'") and "unsafe" not in policy(widget)["script-src"]
    for path in ("/widget/", "/evenements/", "/", "/widget/inconnu"):
        other = client.get(path)
        assert policy(other)["frame-ancestors"] == "'self'", path
        assert other.headers["X-Frame-Options"] == "SAMEORIGIN", path
    app.config["EMBED_FRAME_ANCESTORS"] = "https://www.cress-bretagne.org https://rennes.fr"
    assert policy(client.get("/widget/evenements"))["frame-ancestors"] == (
        "https://www.cress-bretagne.org https://rennes.fr"
    )


def test_widget_sets_no_cookie(programme, client):
    for path in (
        "/widget/evenements",
        "/widget/evenements?nombre=abc&region=x",
        "/widget/evenements?page=2&nombre=1",
    ):
        response = client.get(path)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers, path
    # A signed-in visitor (same site) gets no new cookie either, and no session is needed.
    f.login(client, f.user())
    response = client.get("/widget/evenements")
    assert "Set-Cookie" not in response.headers and "Atelier du jour" in body(response)


def test_cached_widget_keeps_its_headers_and_sets_no_cookie(cached_app, monkeypatch):
    from datetime import datetime

    from app.extensions import db
    from app.widget import routes

    monkeypatch.setattr(routes, "_today", lambda: TODAY)
    f.event(f.edition(2026), "Atelier mis en cache", starts=datetime(2026, 11, 20, 9))
    db.session.commit()
    client = cached_app.test_client()
    first, second = client.get("/widget/evenements"), client.get("/widget/evenements")
    assert (first.headers["X-Page-Cache"], second.headers["X-Page-Cache"]) == ("miss", "hit")
    for response in (first, second):
        assert "Atelier mis en cache" in body(response) and "Set-Cookie" not in response.headers
        assert policy(response)["frame-ancestors"] == "*" and "X-Frame-Options" not in response.headers


def test_widget_assets_are_small():
    sizes = {
        name: (STATIC / name).stat().st_size
        for name in ("css/widget.css", "js/widget.js", "js/widget-resize.js")
    }
    assert sum(sizes.values()) < 6_000, sizes
    resize = (STATIC / "js/widget-resize.js").read_text()
    # The resize script checks where messages come from and what they hold.
    assert "event.origin !== origin" in resize and 'data.type !== "moisess-widget-height"' in resize


def test_generator_shows_the_preview_and_the_snippet(programme, app, client):
    app.config["PUBLIC_URL"] = "https://www.lemois-ess.org"
    response = client.get("/widget/?region=bretagne&theme=se-loger&nombre=8&affichage=detaille")
    html = body(response)
    assert "<h1>Intégrer les événements sur votre site</h1>" in html
    assert '<option value="bretagne" selected>Bretagne</option>' in html
    assert '<input type="radio" name="affichage" value="detaille" id="w-detaille" checked>' in html
    src = "/widget/evenements?theme=se-loger&region=bretagne&nombre=8&affichage=detaille"
    assert f'<iframe class="widget-generator__preview" src="{src}"' in html.replace("&amp;", "&")
    snippet = re.search(
        r'<textarea id="widget-code"[^>]*>([^<]+)</textarea>', response.get_data(as_text=True)
    ).group(1)
    snippet = html_module.unescape(snippet)
    assert snippet == (
        f'<iframe src="https://www.lemois-ess.org{src.replace("&", "&amp;")}" '
        'title="Événements du Mois de l\'ESS – Bretagne, Se loger" height="1330" '
        'loading="lazy" style="width:100%;border:0"></iframe>\n'
        '<script src="https://www.lemois-ess.org/static/js/widget-resize.js" async></script>'
    )
    assert 'data-copy="widget-code" hidden>Copier le code</button>' in html
    assert 'role="status" data-copied="Code copié dans le presse-papiers."' in html


def test_generator_passes_commune_and_radius_to_the_widget(programme, client):
    """The commune and the radius, read by the search, reach the widget's URL, in the preview
    and in the snippet; the field shows the commune's name."""
    html = body(client.get("/widget/?region=bretagne&pres=35238&rayon=25"))
    preview = re.search(r'class="widget-generator__preview" src="([^"]+)"', html).group(1)
    code = re.search(r'<textarea id="widget-code"[^>]*>(<iframe src="[^"]+")', html).group(1)
    for url in (preview, html_module.unescape(code)):
        query = parse_qs(urlsplit(url.removeprefix('<iframe src="').rstrip('"')).query)
        assert (query["region"], query["pres"], query["rayon"]) == (["bretagne"], ["35238"], ["25"]), url
    assert 'id="w-pres" value="Rennes (35000)"' in html
    assert '<option value="25" selected>25 km</option>' in html


def test_generator_commune_field_has_the_search_suggestions(programme, client):
    """The commune field is the search's place field (one macro): its label, hint, suggestions
    from /evenements/lieux into a live region, and the script that picks one."""
    html = body(client.get("/widget/?pres=35238"))
    field = re.search(r'<input type="search" name="pres" id="w-pres"[^>]*>', html).group(0)
    for attribute in (
        'value="Rennes (35000)"',
        'maxlength="80"',
        'autocomplete="off"',
        'aria-describedby="w-pres-hint"',
        'data-place-suggestions="w-pres-suggestions"',
        'hx-get="/evenements/lieux"',
        'hx-trigger="input changed delay:250ms"',
        'hx-target="#w-pres-suggestions"',
        'hx-push-url="false"',
    ):
        assert attribute in field, attribute
    assert '<label for="w-pres">Commune ou code postal</label>' in html
    assert '<p class="form-hint" id="w-pres-hint">Par exemple « Rennes » ou « 35000 ».</p>' in html
    assert '<div id="w-pres-suggestions" class="search-suggestions" aria-live="polite"></div>' in html
    assert re.search(r'<script src="/static/js/near\.js[^"]*" defer>', html)
    # The same markup as the search page's field, ids aside.
    search_page = body(client.get("/evenements/?pres=35238"))
    search_field = re.search(r'<input type="search" name="pres" id="f-pres"[^>]*>', search_page).group(0)
    assert field.replace("w-pres-suggestions", "pres-suggestions").replace("w-pres", "f-pres") == search_field


def test_generator_answers_htmx_with_the_preview_only(programme, client):
    response = client.get("/widget/?region=corse&nombre=2", headers={"HX-Request": "true"})
    html = body(response)
    assert "<html" not in html and '<textarea id="widget-code"' in html
    assert "/widget/evenements?region=corse&amp;nombre=2" in html
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" in body(client.get("/widget/?region=corse"))


def test_generator_bad_values_give_french_notices(programme, client):
    response = client.get("/widget/?nombre=mille&pres=%3F%3F%3F&region=nulle-part")
    assert response.status_code == 200
    html = body(response)
    assert "Le nombre d'événements « mille » n'est pas un nombre : 5 événements sont affichés." in html
    assert "La commune ou le code postal « ??? » est inconnu" in html
    assert "Une valeur inconnue du filtre « région » a été ignorée." in html
    assert 'src="/widget/evenements"' in html  # nothing bad passed on to the widget
    assert 'id="w-pres" value="???"' in html  # what was typed is kept


def test_footer_links_to_the_generator(programme, client):
    assert '<a href="/widget/">Intégrer les événements à votre site</a>' in body(client.get("/partenaires/"))
