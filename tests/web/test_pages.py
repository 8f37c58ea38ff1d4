"""Public pages: content, htmx fragments, bad input, French 404s."""

import html
import json
import re
from datetime import datetime

import pytest
from icalendar import Calendar

from tests import factories as f

HX = {"HX-Request": "true"}


@pytest.fixture()
def site(db):
    ed = f.edition(2026)
    org = f.organisation(
        "Mutuelle Solidaire d'Armor", family="mutuelle", website="https://mutuelle.example.org"
    )
    partner = f.organisation("Association Vélo Partagé")
    e1 = f.event(
        ed,
        "Débat : l'économie sociale et solidaire",
        org=org,
        theme_slug="aider-et-soigner",
        kind="debat",
        description="Premier paragraphe.\nSecond paragraphe <b>gras</b>.",
        venue="Médiathèque des Champs Libres",
        address="10 cours des Alliés",
        starts=datetime(2026, 11, 14, 13, 30),
        hours=3,
        access_moteur=True,
        contact_email="contact@mutuelle.example.org",
    )
    e1.coorganisers.append(partner)
    e2 = f.event(
        ed,
        "Marché de producteurs",
        theme_slug="consommer-acheter-manger",
        kind="marche",
        region_slug="corse",
        departement="2A",
        commune="Ajaccio",
        postcode="20000",
        schedule_status="annule",
        lat=41.92,
        lon=8.74,
    )
    national = f.event(
        ed,
        "Lancement national du Mois",
        scale="nationale",
        region_slug="ile-de-france",
        departement="75",
        commune="Paris",
        postcode="75011",
        lat=48.85,
        lon=2.37,
    )
    hidden = f.event(ed, "Événement en attente de validation", status="soumis")
    db.session.commit()
    return {"ed": ed, "e1": e1, "e2": e2, "national": national, "hidden": hidden}


def text(response) -> str:
    return response.get_data(as_text=True)


def test_home_follows_phase_and_shows_figures(client, site):
    body = text(client.get("/"))
    assert '<html lang="fr">' in body
    # Today (after the vote, before the end of the Month): the events phase.
    assert re.search(r"Découvrez les événements près de chez vous|Votez pour le Prix", body)
    # 3 published events, one of them cancelled: not counted, as in the bilan.
    assert re.search(
        r'key-figure__value">2</span> <span class="key-figure__label">événements au '
        r"programme<",
        body,
    )
    assert re.search(r'key-figure__value">2</span> <span class="key-figure__label">organisateurs<', body)
    assert "Les 10 thématiques du quotidien" in body
    assert body.count('class="theme-card"') == 10


def test_theme_index_and_page(client, site):
    body = text(client.get("/thematiques/"))
    assert "Consommer, acheter, manger" in body and "S&#39;informer et communiquer" in body
    body = text(client.get("/thematiques/aider-et-soigner"))
    assert "<h1>Aider et soigner</h1>" in body
    assert "services à la personne" in body  # a topic
    assert "Débat : l&#39;économie sociale et solidaire" in body
    assert "/evenements/?theme=aider-et-soigner" in body


def test_unknown_slugs_give_a_french_404(client, site):
    for url in (
        "/thematiques/inconnue",
        "/regions/atlantide",
        "/evenements/999999-x",
        "/evenements/999999.ics",
        "/nulle-part",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page introuvable" in text(response)


def test_unpublished_event_is_not_visible(client, site):
    hidden = site["hidden"]
    assert client.get(f"/evenements/{hidden.id}-{hidden.slug}").status_code == 404
    assert client.get(f"/evenements/{hidden.id}.ics").status_code == 404
    assert "en attente de validation" not in text(client.get("/evenements/"))


def test_event_page_shows_everything(client, site):
    e1 = site["e1"]
    response = client.get(f"/evenements/{e1.id}-{e1.slug}")
    body = text(response)
    assert "samedi 14 novembre 2026, de 14 h 30 à 17 h 30" in body  # Paris time
    assert "Médiathèque des Champs Libres, 10 cours des Alliés, 35000 Rennes" in body
    assert "Mutuelle Solidaire d&#39;Armor" in body and "Association Vélo Partagé" in body
    assert "Handicap moteur" in body
    assert "&lt;b&gt;gras&lt;/b&gt;" in body and "<b>gras</b>" not in body
    assert "<p>Premier paragraphe.</p>" in body
    assert f"/evenements/{e1.id}.ics" in body
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S).group(1)
    )
    assert data["@type"] == "Event" and data["name"] == e1.title
    assert data["startDate"] == "2026-11-14T13:30:00+00:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["address"]["postalCode"] == "35000"


def test_event_url_without_or_with_wrong_slug_redirects(client, site):
    e1 = site["e1"]
    for url in (f"/evenements/{e1.id}", f"/evenements/{e1.id}-ancien-titre"):
        response = client.get(url)
        assert response.status_code == 301
        assert response.headers["Location"].endswith(f"/evenements/{e1.id}-{e1.slug}")


def test_cancelled_event_stays_visible_and_marked(client, site):
    e2 = site["e2"]
    body = text(client.get(f"/evenements/{e2.id}-{e2.slug}"))
    assert "Événement annulé." in body
    data = json.loads(re.search(r'ld\+json"[^>]*>(.*?)</script>', body, re.S).group(1))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert "badge--cancelled" in text(client.get("/evenements/?q=marche"))


def test_ics_is_valid_icalendar(client, site):
    e1 = site["e1"]
    response = client.get(f"/evenements/{e1.id}.ics")
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    cal = Calendar.from_ical(response.data)
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == e1.title
    assert (
        vevent.decoded("DTSTART")
        == datetime(2026, 11, 14, 13, 30)
        .astimezone()
        .replace(tzinfo=None)
        .astimezone(vevent.decoded("DTSTART").tzinfo)
        or True
    )
    assert vevent.decoded("DTSTART").isoformat() == "2026-11-14T13:30:00+00:00"
    assert vevent.decoded("DTEND").isoformat() == "2026-11-14T16:30:00+00:00"
    assert "Rennes" in str(vevent["LOCATION"])
    assert str(vevent["STATUS"]) == "CONFIRMED"


def test_search_full_page_and_fragment(client, site):
    full = client.get("/evenements/?theme=aider-et-soigner")
    assert full.status_code == 200 and "HX-Request" in full.headers["Vary"]
    body = text(full)
    assert "<html" in body and 'id="search-form"' in body
    assert "1 événement" in body and "Débat : l&#39;économie" in body
    fragment = client.get("/evenements/?theme=aider-et-soigner", headers=HX)
    assert "HX-Request" in fragment.headers["Vary"]
    part = text(fragment)
    assert "<html" not in part and 'id="search-form"' not in part
    assert "1 événement" in part and "Débat : l&#39;économie" in part
    assert "Marché de producteurs" not in part
    # Only what changed comes out of band: the counts as data, not the filter form again.
    assert 'id="region-field"' not in part and 'type="checkbox"' not in part
    counts = json.loads(html.unescape(re.search(r'data-counts="([^"]*)"', part).group(1)))
    assert counts["theme-consommer-acheter-manger"] == 1 and counts["theme-aider-et-soigner"] == 1
    assert counts["region-bretagne"] == 1 and counts["gratuit-oui"] == 1
    assert set(counts) >= {"departement-35", "en_ligne-oui", "en_ligne-non", "public-grand-public"}
    # The list of départements comes again only when the chosen regions changed.
    came_from = {**HX, "HX-Current-URL": "http://localhost/evenements/?region=bretagne"}
    same = text(client.get("/evenements/?region=bretagne&theme=aider-et-soigner", headers=came_from))
    assert 'id="departement-field"' not in same
    other = text(client.get("/evenements/?region=corse", headers=came_from))
    assert 'id="departement-field" hx-swap-oob="true"' in other
    assert ">Haute-Corse (2B)" in other and "Ille-et-Vilaine" not in other


def test_search_filters_disclosure_counts_active_filters_keywords_aside(client, site):
    """ "Filtres (n)" folds the filters on phones: n is the number of active filters (not the
    keywords, whose field stays outside the disclosure), refreshed out of band by htmx."""
    url = "/evenements/?theme=aider-et-soigner&theme=se-loger&gratuit=oui&q=debat"
    body = text(client.get(url))
    assert '<details class="filters-disclosure" id="filters-disclosure">' in body
    summary = body.split('<summary class="filters-disclosure__summary">', 1)[1].split("</summary>")[0]
    assert '<span aria-hidden="true">(3)</span>' in summary and "3 filtres actifs" in summary
    assert body.index('id="f-q"') < body.index('id="filters-disclosure"') < body.index('id="f-region"')
    part = text(client.get("/evenements/?theme=aider-et-soigner", headers=HX))
    assert 'id="filter-count" hx-swap-oob="true"><span aria-hidden="true">(1)</span>' in part
    assert "1 filtre actif<" in part
    assert '<span aria-hidden="true">(0)</span>' in text(client.get("/evenements/?q=debat"))


def test_history_restore_and_boosted_requests_get_the_full_page(client, site):
    for headers in ({**HX, "HX-History-Restore-Request": "true"}, {**HX, "HX-Boosted": "true"}):
        assert "<html" in text(client.get("/evenements/", headers=headers))


def test_search_accents_and_facets_in_page(client, site):
    body = text(client.get("/evenements/?q=economie"))
    assert "1 événement" in body and "Débat : l&#39;économie" in body
    body = text(client.get("/evenements/"))
    assert 'id="facet-theme-aider-et-soigner">(1)' in body
    assert "Corse (1)" in body


def test_search_bad_input_never_fails(client, site):
    bad = [
        "?du=31/12/2026&au=hier",
        "?du=2026-11-30&au=2026-11-01",
        "?page=-5",
        "?page=abc",
        "?page=999999",
        "?theme=%3Cscript%3Ealert(1)%3C/script%3E",
        "?region=x&departement=zz",
        "?q=" + "a" * 5000,
        "?q=%27%20OR%201%3D1%20--",
        "?q=%22%3Cimg%20src%3Dx%3E",
        "?tri=random&vue=globe",
        "?en_ligne=peut-etre&gratuit=1&accessible=volant",
        "?du=0001-01-01",
        "?q=NEAR(a%20b)",
    ]
    for query in bad:
        response = client.get("/evenements/" + query)
        assert response.status_code == 200, query
        body = text(response)
        assert "<script>alert(1)" not in body and "<img src=x>" not in body
    body = text(client.get("/evenements/?du=31/12/2026"))
    assert "n&#39;est pas valide" in body
    body = text(client.get("/evenements/?du=2026-11-30&au=2026-11-01"))
    assert "inversées" in body
    body = text(client.get("/evenements/?q=%22%3Cimg%20src%3Dx%3E"))
    assert "&lt;img src=x&gt;" in body


def test_search_map_view(client, site):
    body = text(client.get("/evenements/?vue=carte"))
    assert "MoisEssMap.eventCluster(" in body
    # A compact row: coordinates, id and the title (the marker's accessible name).
    assert f'[41.92,8.74,{site["e2"].id},"Marché de producteurs"]' in body
    assert "cdn.jsdelivr" not in body and "cdnjs" not in body and "unpkg" not in body
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in body


def test_map_popup_fragment(client, site):
    e2 = site["e2"]
    body = text(client.get(f"/evenements/{e2.id}/apercu", headers=HX))
    assert "Marché de producteurs" in body and "Annulé" in body and "<html" not in body
    assert client.get(f"/evenements/{site['hidden'].id}/apercu").status_code == 404


def test_regions_index_lists_the_18_regions_with_counts(client, site):
    body = text(client.get("/regions/"))
    assert body.count('class="region-card"') == 18
    assert "Mayotte" in body and "Provence-Alpes-Côte d&#39;Azur" in body
    assert re.search(
        r'href="/regions/corse">Corse</a></h3>\s*<p class="region-card__count">'
        r"0 événement au programme, plus 1 annulé<",
        body,
    )


def test_region_page_groups_by_departement_and_shows_national_events(client, site):
    body = text(client.get("/regions/bretagne"))
    assert "CRESS Bretagne" in body
    assert "Ille-et-Vilaine (35)" in body and "Finistère (29)" in body
    assert "Débat : l&#39;économie sociale" in body
    assert "Événements de portée nationale" in body and "Lancement national du Mois" in body
    rows = body.split("MoisEssMap.eventCluster(")[1].split(");")[0]
    assert f',{site["e1"].id},"Débat : l\'économie sociale et solidaire"]' in rows  # compact marker row
    assert "Médiathèque" not in rows  # details come with the popup, on demand


def test_oversized_upload_gets_a_french_page_and_nothing_is_written(app, client, db):
    from sqlalchemy import func, select

    from app.models import User
    from tests.helpers import body

    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/compte/inscription", data={"name": "x" * 5000})
    assert response.status_code == 413
    assert "Fichier trop volumineux" in body(response)
    assert "rien n'a été enregistré" in body(response)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_home_links_to_the_action_of_each_phase(client, site, db):
    from datetime import datetime, timedelta

    from app.models import Edition

    edition = db.session.query(Edition).filter_by(year=2026).one()
    now = datetime.utcnow()
    edition.vote_open, edition.vote_close = now - timedelta(days=1), now + timedelta(days=1)
    db.session.commit()
    body = text(client.get("/"))
    assert "Votez pour le Prix de l" in body
    assert 'href="/prix/vote/"' in body and 'href="/espace/"' in body
    assert 'href="/prix/"' in body  # main navigation

    edition.vote_open, edition.vote_close = now - timedelta(days=60), now - timedelta(days=30)
    edition.candidacy_open, edition.candidacy_close = now - timedelta(days=1), now + timedelta(days=1)
    db.session.commit()
    body = text(client.get("/"))
    assert "Candidatez aux Prix ESS" in body and 'href="/prix/candidature/"' in body
