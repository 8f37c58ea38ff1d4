"""Feeds of any search (/evenements/flux.ics, /evenements/flux.xml): parsed by icalendar and
feedparser, the same events as the search page, upcoming first, stable ids, cancelled
events, conditional GET, bad parameters, and the links of the search page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from icalendar import Calendar

from app.common.time import utcnow
from app.extensions import db as _db
from tests import factories as f
from tests.helpers import body

PARIS = ZoneInfo("Europe/Paris")


def _hour(days: float) -> datetime:
    """A start `days` from now, on the hour (naive UTC)."""
    return (utcnow() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)


@pytest.fixture()
def client(cached_app):
    """A shared cache: the generation token (hence the ETag) lasts until a publication."""
    return cached_app.test_client()


@pytest.fixture()
def site(cached_app):
    ed = f.edition(2026)
    events = {
        "soon": f.event(
            ed, "Atelier compost partagé", starts=_hour(3), venue="Jardin des Plantes", address="1 rue X"
        ),
        "later": f.event(ed, "Forum de l'emploi solidaire", starts=_hour(9), theme_slug="s-evader"),
        "past": f.event(ed, "Conférence passée", starts=_hour(-10)),
        "corse": f.event(
            ed,
            "Marché paysan d'Ajaccio",
            starts=_hour(4),
            region_slug="corse",
            departement="2A",
            commune="Ajaccio",
            postcode="20000",
            lat=41.92,
            lon=8.74,
        ),
        "draft": f.event(ed, "Brouillon caché", starts=_hour(2), status="soumis"),
    }
    _db.session.commit()
    return events


def _ics(response) -> list:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data).walk("VEVENT")


def _ids_on_search_page(client, query: str) -> set[int]:
    html = body(client.get(f"/evenements/?{query}"))
    return {int(i) for i in re.findall(r'href="/evenements/(\d+)-', html)}


def test_ics_feed_holds_the_search_results_upcoming_first(client, site):
    vevents = _ics(client.get("/evenements/flux.ics?region=bretagne"))
    titles = [str(v["SUMMARY"]) for v in vevents]
    assert titles == ["Atelier compost partagé", "Forum de l'emploi solidaire", "Conférence passée"]
    soon = vevents[0]
    event = site["soon"]
    assert str(soon["UID"]) == f"evenement-{event.id}@lemois-ess.org"
    assert soon.decoded("DTSTART").astimezone(PARIS) == event.starts_at.replace(
        tzinfo=ZoneInfo("UTC")
    ).astimezone(PARIS)
    assert soon.decoded("DTEND") - soon.decoded("DTSTART") == timedelta(hours=2)
    assert str(soon["URL"]) == f"http://localhost/evenements/{event.id}-atelier-compost-partage"
    assert "Jardin des Plantes, 1 rue X, 35000 Rennes" == str(soon["LOCATION"])
    assert (soon["GEO"].latitude, soon["GEO"].longitude) == (48.11, -1.68)
    assert str(soon["STATUS"]) == "CONFIRMED"
    assert isinstance(soon.decoded("SEQUENCE"), int) and soon.decoded("LAST-MODIFIED") is not None
    cal = Calendar.from_ical(client.get("/evenements/flux.ics?region=bretagne").data)
    assert "Bretagne" in str(cal["X-WR-CALNAME"])


def test_feeds_hold_the_same_events_as_the_search_page(client, site):
    for query in ("region=bretagne", "theme=s-evader", "q=compost", "region=corse&en_ligne=non", ""):
        uids = {str(v["UID"]) for v in _ics(client.get(f"/evenements/flux.ics?{query}"))}
        expected = _ids_on_search_page(client, query)
        assert uids == {f"evenement-{i}@lemois-ess.org" for i in expected}, query
        atom = feedparser.parse(client.get(f"/evenements/flux.xml?{query}").data)
        assert {e.id for e in atom.entries} == {f"tag:lemois-ess.org,2008:evenement-{i}" for i in expected}
    assert site["draft"].id not in _ids_on_search_page(client, "")


def test_atom_feed_is_valid_and_complete(client, site):
    response = client.get("/evenements/flux.xml?region=bretagne&theme=travailler")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Mois de l'ESS – Travailler · Bretagne"
    assert feed.feed.link == "http://localhost/evenements/?theme=travailler&region=bretagne"
    titles = [e.title for e in feed.entries]
    assert titles == ["Atelier compost partagé", "Conférence passée"]
    entry = feed.entries[0]
    assert entry.link == f"http://localhost/evenements/{site['soon'].id}-atelier-compost-partage"
    assert "Jardin des Plantes" in entry.summary
    local = site["soon"].starts_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(PARIS)
    assert f"{local.hour} h" in entry.summary  # the date said in French, Paris time
    assert entry.author == site["soon"].organiser.name
    assert tuple(entry.where["coordinates"]) == (-1.68, 48.11)  # GeoJSON order


def test_ids_stay_the_same_across_fetches_and_after_an_edit(client, site):
    first = {str(v["UID"]): v for v in _ics(client.get("/evenements/flux.ics"))}
    again = {str(v["UID"]): v for v in _ics(client.get("/evenements/flux.ics"))}
    assert first.keys() == again.keys()
    assert client.get("/evenements/flux.ics").data == client.get("/evenements/flux.ics").data
    atom_ids = [e.id for e in feedparser.parse(client.get("/evenements/flux.xml").data).entries]

    event = site["soon"]
    uid = f"evenement-{event.id}@lemois-ess.org"
    event.title = "Atelier compost partagé (nouvel horaire)"
    event.updated_at = event.updated_at + timedelta(minutes=30)
    _db.session.commit()
    edited = {str(v["UID"]): v for v in _ics(client.get("/evenements/flux.ics"))}
    assert edited.keys() == first.keys()
    assert str(edited[uid]["SUMMARY"]) == "Atelier compost partagé (nouvel horaire)"
    assert edited[uid].decoded("SEQUENCE") > first[uid].decoded("SEQUENCE")
    assert edited[uid].decoded("LAST-MODIFIED") > first[uid].decoded("LAST-MODIFIED")
    assert [e.id for e in feedparser.parse(client.get("/evenements/flux.xml").data).entries] == atom_ids


def test_cancelled_events_are_marked_cancelled(client, site):
    site["later"].schedule_status = "annule"
    _db.session.commit()
    by_title = {str(v["SUMMARY"]): v for v in _ics(client.get("/evenements/flux.ics"))}
    assert str(by_title["Forum de l'emploi solidaire"]["STATUS"]) == "CANCELLED"
    assert str(by_title["Atelier compost partagé"]["STATUS"]) == "CONFIRMED"
    titles = [e.title for e in feedparser.parse(client.get("/evenements/flux.xml").data).entries]
    assert "Annulé : Forum de l'emploi solidaire" in titles


def test_conditional_get_answers_304_until_a_publication(client, site):
    first = client.get("/evenements/flux.ics?region=bretagne")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] in ("public, max-age=900", "max-age=900, public")
    not_modified = client.get("/evenements/flux.ics?region=bretagne", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b""
    assert not_modified.headers["ETag"] == etag
    since = client.get("/evenements/flux.ics?region=bretagne", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    # Another search (or the other format) has its own tag.
    other = client.get("/evenements/flux.ics?region=corse", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag
    assert (
        client.get("/evenements/flux.xml?region=bretagne", headers={"If-None-Match": etag}).status_code == 200
    )

    f.event(site["soon"].edition, "Nouvelle balade", starts=_hour(5))
    _db.session.commit()  # a publication: a new generation, a new tag
    fresh = client.get("/evenements/flux.ics?region=bretagne", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag
    assert "Nouvelle balade" in [str(v["SUMMARY"]) for v in _ics(fresh)]


def test_bad_parameters_give_the_feed_of_the_valid_part(client, site):
    response = client.get(
        "/evenements/flux.ics?region=nulle-part&theme=s-evader&du=2026-13-45&page=abc&vue=xyz&tri=hasard"
    )
    assert [str(v["SUMMARY"]) for v in _ics(response)] == ["Forum de l'emploi solidaire"]
    for query in (
        "du=99999-01-01&au=0",
        "q=" + "é" * 5000,
        "region=" + "x" * 3000,
        "en_ligne=%00",
        "page=-1",
    ):
        assert client.get(f"/evenements/flux.ics?{query}").status_code == 200, query
        atom = client.get(f"/evenements/flux.xml?{query}")
        assert atom.status_code == 200 and not feedparser.parse(atom.data).bozo, query


def test_feed_is_capped_upcoming_first(client, site, cached_app):
    cached_app.config["FEED_MAX_EVENTS"] = 2
    titles = [str(v["SUMMARY"]) for v in _ics(client.get("/evenements/flux.ics?region=bretagne"))]
    assert titles == ["Atelier compost partagé", "Forum de l'emploi solidaire"]


def test_search_page_links_its_feeds_and_fragments_keep_them_current(client, site):
    page = body(client.get("/evenements/?region=bretagne&theme=travailler"))
    assert "S'abonner à cette recherche" in page
    assert 'href="webcal://localhost/evenements/flux.ics?theme=travailler&region=bretagne"' in page
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Flux Atom de cette recherche" '
        'href="http://localhost/evenements/flux.xml?theme=travailler&region=bretagne">' in page
    )
    assert 'name="recherche" id="follow-query" value="theme=travailler&region=bretagne"' in page
    assert 'action="/alertes/"' in page

    fragment = client.get("/evenements/?region=corse", headers={"HX-Request": "true"})
    text = body(fragment)
    assert "<html" not in text and "HX-Request" in fragment.headers["Vary"]
    assert 'id="follow-links" hx-swap-oob="true"' in text
    assert "http://localhost/evenements/flux.xml?region=corse" in text
    assert 'id="follow-query" value="region=corse" hx-swap-oob="true"' in text
    assert "webcal://localhost/evenements/flux.ics?region=corse" in text


def test_head_and_page_parameters(client, site):
    head = client.head("/evenements/flux.ics?region=bretagne")
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"]
    assert head.headers["ETag"] == client.get("/evenements/flux.ics?region=bretagne").headers["ETag"]
    # The page and the view are not part of a feed: the same feed, the same tag.
    paged = client.get("/evenements/flux.ics?region=bretagne&page=2&vue=carte")
    assert paged.headers["ETag"] == head.headers["ETag"]
    assert len(_ics(paged)) == 3
    assert 'flux.xml?region=bretagne"' in body(client.get("/evenements/?region=bretagne&page=2&vue=carte"))


def test_robots_keep_crawlers_out_of_feeds_and_alerts(client):
    lines = client.get("/robots.txt").get_data(as_text=True).splitlines()
    assert "Disallow: /evenements/flux." in lines and "Disallow: /alertes/" in lines
