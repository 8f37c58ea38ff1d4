"""Search by distance ("près de chez moi"): the engine against a plain haversine over every
event, the edges (region borders, Corsica, La Réunion), the online toggle, the sort, the
cards' distances, the French notices for bad values and the URL round trip."""

from __future__ import annotations

import math
import random
from datetime import datetime

import pytest
from werkzeug.datastructures import MultiDict

from app.demo.generator import generate
from app.events import engine
from app.events.params import RADII, SearchParams, parse, to_query_args
from app.events.search import search
from app.geo import gazetteer
from app.geo.distance import haversine_km
from app.models import Edition, Event
from tests import factories as f
from tests.events.test_facets import brute_force

EVERYTHING = 100_000  # a page size that holds every result


def _commune(name: str) -> gazetteer.Commune:
    return gazetteer.place(name).commune


# Places of the edge cases: (label, region slug), at the commune's own coordinates.
EDGE_PLACES = {
    "Fougères (35300)": "bretagne",
    "Vitré (35500)": "bretagne",
    "Ernée (53500)": "pays-de-la-loire",
    "Avranches (50300)": "normandie",
    "Ajaccio (20000)": "corse",
    "Porto-Vecchio (20137)": "corse",
    "Bonifacio (20169)": "corse",
    "Ghisonaccia (20240)": "corse",
    "Bastia (20200)": "corse",
    "Saint-Denis (97400)": "la-reunion",
    "Sainte-Marie (97438)": "la-reunion",
    "Saint-Pierre (97410)": "la-reunion",
}


def _edge_events(ed) -> dict[str, Event]:
    org = f.organisation("Réseau des lieux")
    found = {}
    for n, (label, region) in enumerate(EDGE_PLACES.items()):
        c = _commune(label)
        found[label] = f.event(
            ed,
            f"Rencontre à {c.name}",
            org=org,
            region_slug=region,
            departement=c.dept,
            commune=c.name,
            postcode=c.postcodes[0],
            lat=c.lat,
            lon=c.lon,
            starts=datetime(2026, 11, 2 + n, 10),
        )
    rennes = _commune("Rennes (35000)")
    found["online"] = f.event(ed, "Webinaire", org=org, in_person=False, online=True, lat=None, lon=None)
    # Online only, but coordinates left over (an edited event): still no place.
    found["online_with_point"] = f.event(
        ed, "Webinaire rennais", org=org, in_person=False, online=True, lat=rennes.lat, lon=rennes.lon
    )
    found["hybrid"] = f.event(
        ed, "Débat hybride", org=org, online=True, lat=rennes.lat + 0.01, lon=rennes.lon
    )
    found["no_point"] = f.event(ed, "Lieu à préciser", org=org, lat=None, lon=None)
    return found


@pytest.fixture(scope="module")
def near_db(tmp_path_factory, template_db):
    """Demo events all over France (overseas included) and the edge places, built once."""
    from app import create_app
    from app.extensions import db
    from tests.conftest import clone_database, drop_clone

    url, handle = clone_database(template_db, tmp_path_factory.mktemp("near"))
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        generate(events=600, seed=5, history=False)
        ed = db.session.query(Edition).filter_by(year=2026).one()
        _edge_events(ed)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield handle
    drop_clone(handle)


@pytest.fixture()
def near(near_db, tmp_path):
    from app import create_app
    from app.extensions import db
    from tests.conftest import clone_database, drop_clone

    url, handle = clone_database(near_db, tmp_path)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context(), app.test_request_context():
        edition = db.session.query(Edition).filter_by(year=2026).one()
        events = db.session.query(Event).filter_by(edition_id=edition.id).all()
        yield edition, events, {e.title: e for e in events}
        db.session.remove()
        db.engine.dispose()
    drop_clone(handle)


def _within(events, lat, lon, radius, online_too=False) -> set[int]:
    """The plain definition: published, held in person at a known point within `radius` km
    (or online, with the toggle)."""
    return {
        e.id
        for e in events
        if e.status == "publie"
        and (
            (
                e.in_person
                and e.latitude is not None
                and haversine_km(lat, lon, e.latitude, e.longitude) <= radius
            )
            or (online_too and e.online)
        )
    }


def _ids(params: SearchParams, edition_id: int) -> set[int]:
    return set(search(params, edition_id, page_size=EVERYTHING).event_ids)


def test_engine_matches_a_plain_haversine_for_many_centres_and_radii(near):
    edition, events, _ = near
    snap = engine.snapshot(edition.id)
    rng = random.Random(14)
    places = [(e.latitude, e.longitude) for e in events if e.latitude is not None]
    centres = (
        [rng.choice(places) for _ in range(80)]  # on an event: the radius edge is crowded
        + [(rng.uniform(41.3, 51.1), rng.uniform(-5.2, 9.6)) for _ in range(60)]  # metropolitan France
        + [(rng.uniform(-21.4, -20.8), rng.uniform(55.2, 55.9)) for _ in range(10)]  # La Réunion
        + [(rng.uniform(14.3, 16.5), rng.uniform(-61.9, -60.8)) for _ in range(10)]  # Antilles
    )
    published = [e for e in events if e.status == "publie"]
    checked = 0
    for lat, lon in centres:
        for radius in (*RADII, rng.uniform(0.5, 120)):
            expected = _within(published, lat, lon, radius)
            got = {snap.ids[p] for p in engine.set_bits(snap.within(lat, lon, radius))}
            assert got == expected, (lat, lon, radius)
            checked += len(expected)
    assert checked > 1000  # the centres did find events


def test_an_event_exactly_on_the_circle_is_within_as_haversine_says(near):
    """The circle is computed for many points at once (numpy); a point at the very radius is
    decided by haversine_km itself, to the last bit."""
    edition, events, _ = near
    snap = engine.snapshot(edition.id)
    published = [e for e in events if e.status == "publie" and e.in_person and e.latitude is not None]
    rng = random.Random(3)
    for event in rng.sample(published, 20):
        lat, lon = event.latitude + rng.uniform(-0.3, 0.3), event.longitude + rng.uniform(-0.3, 0.3)
        radius = haversine_km(lat, lon, event.latitude, event.longitude)
        on_circle = {snap.ids[p] for p in engine.set_bits(snap.within(lat, lon, radius))}
        just_inside = {snap.ids[p] for p in engine.set_bits(snap.within(lat, lon, math.nextafter(radius, 0)))}
        assert event.id in on_circle and event.id not in just_inside
        assert on_circle == _within(published, lat, lon, radius)


def test_search_by_place_matches_the_plain_haversine(near):
    edition, events, _ = near
    rng = random.Random(7)
    communes = [c for c in gazetteer.all_communes() if c.postcodes]
    for commune in rng.sample(communes, 40) + [_commune(label) for label in EDGE_PLACES]:
        code = gazetteer.place_code(commune)
        for radius in RADII:
            for online_too in (False, True):
                params = SearchParams(near=code, radius=radius, online_too=online_too)
                assert _ids(params, edition.id) == _within(
                    events, commune.lat, commune.lon, radius, online_too
                )


def test_a_radius_crosses_region_borders(near):
    edition, _, by_title = near
    fougeres = SearchParams(near="35115", radius=25)  # Fougères, Bretagne
    found = {by_title[t].id for t in ("Rencontre à Fougères", "Rencontre à Ernée")}
    assert found <= _ids(fougeres, edition.id)  # Ernée (Pays de la Loire) at 20.6 km
    assert by_title["Rencontre à Vitré"].id not in _ids(fougeres, edition.id)  # 25.5 km
    wider = _ids(SearchParams(near="35115", radius=50), edition.id)
    assert {by_title["Rencontre à Avranches"].id, by_title["Rencontre à Vitré"].id} <= wider  # Normandie
    regions = search(SearchParams(near="35115", radius=50), edition.id).facets["region"]
    assert regions["normandie"] >= 1 and regions["pays-de-la-loire"] >= 1 and regions["bretagne"] >= 2


def test_corsica_both_departements_and_the_exact_edge(near):
    edition, _, by_title = near
    ghisonaccia = _ids(SearchParams(near="Ghisonaccia (20240)", radius=50), edition.id)
    assert by_title["Rencontre à Porto-Vecchio"].id in ghisonaccia  # 2A, 48.4 km from 2B
    assert by_title["Rencontre à Ajaccio"].id not in ghisonaccia
    porto = _ids(SearchParams(near="2A247", radius=25), edition.id)
    assert by_title["Rencontre à Bonifacio"].id in porto  # 24.9 km
    result = search(SearchParams(near="2A247", radius=25), edition.id, page_size=EVERYTHING)
    assert set(result.facets["departement"]) <= {"2A", "2B"} and result.facets["region"].keys() == {"corse"}


def test_overseas_is_far_from_metropolitan_centres(near):
    edition, events, by_title = near
    saint_denis = _ids(SearchParams(near="97400", radius=25), edition.id)
    assert by_title["Rencontre à Sainte-Marie"].id in saint_denis  # 10.5 km
    assert by_title["Rencontre à Saint-Pierre"].id not in _ids(
        SearchParams(near="97400", radius=50), edition.id
    )
    reunion = {e.id for e in events if e.region.slug == "la-reunion"}
    assert saint_denis <= reunion
    paris = _ids(SearchParams(near="75056", radius=50), edition.id)
    assert paris and not paris & reunion


def test_online_events_only_with_the_toggle(near):
    edition, _, by_title = near
    online = {by_title["Webinaire"].id, by_title["Webinaire rennais"].id}
    hybrid, no_point = by_title["Débat hybride"].id, by_title["Lieu à préciser"].id
    plain = _ids(SearchParams(near="35000", radius=5), edition.id)
    assert hybrid in plain and not plain & online and no_point not in plain
    with_online = search(
        SearchParams(near="35000", radius=5, online_too=True), edition.id, page_size=EVERYTHING
    )
    assert online <= set(with_online.event_ids) and hybrid in with_online.event_ids
    # An online-only event shows no distance, even with coordinates left over.
    distances = dict(zip(with_online.event_ids, with_online.distances, strict=True))
    assert distances[by_title["Webinaire rennais"].id] is None
    assert distances[hybrid] == pytest.approx(1.11, abs=0.01)


def test_sort_by_distance_nearest_first_online_last(near):
    edition, events, by_title = near
    rennes = _commune("35000")
    params = SearchParams(near="35000", radius=50, online_too=True, sort="distance")
    first = search(params, edition.id, page_size=EVERYTHING)
    located = [d for d in first.distances if d is not None]
    assert located == sorted(located) and len(located) > 5
    assert first.distances[len(located) :] == [None] * (len(first.distances) - len(located))
    by_id = {e.id: e for e in events}
    for event_id, km in zip(first.event_ids, first.distances, strict=True):
        e = by_id[event_id]
        if km is not None:
            assert km == pytest.approx(haversine_km(rennes.lat, rennes.lon, e.latitude, e.longitude))
    # Pages follow the same order.
    paged = []
    for page in range(1, 50):
        result = search(
            SearchParams(near="35000", radius=50, online_too=True, sort="distance", page=page),
            edition.id,
            page_size=7,
        )
        paged += result.event_ids
        if page >= result.pages:
            break
    assert paged == first.event_ids


@pytest.mark.parametrize(
    "params",
    [
        SearchParams(near="35000", radius=50),
        SearchParams(near="35000", radius=50, themes=("travailler",), online="non"),
        SearchParams(near="75056", radius=25, regions=("ile-de-france",), free=True),
        SearchParams(lat=43.6, lon=1.44, radius=50, online_too=True, kinds=("atelier", "debat")),
        SearchParams(near="13055", radius=25, q="solidaire"),
    ],
    ids=lambda p: repr(p.without_page())[12:70],
)
def test_facet_counts_stay_exact_with_a_distance(near, params):
    edition, events, _ = near
    lat, lon = params.centre
    around = _within(events, lat, lon, params.radius, params.online_too)
    text_ids = None
    if params.q:
        text_ids = set(search(SearchParams(q=params.q), edition.id, page_size=EVERYTHING).event_ids)
    matching, expected = brute_force([e for e in events if e.id in around], params, edition.id, text_ids)
    result = search(params, edition.id, page_size=EVERYTHING)
    assert result.total == len(matching) > 0
    for name, counts in expected.items():
        assert {k: v for k, v in result.facets[name].items() if v} == counts, name


def test_each_card_shows_its_distance_which_is_not_kept_with_the_card(near):
    edition, _, by_title = near
    hybrid = by_title["Débat hybride"]
    from_rennes = search(
        SearchParams(near="35238", radius=5, sort="distance"), edition.id, page_size=EVERYTHING
    )
    html = str(from_rennes.card_html[from_rennes.event_ids.index(hybrid.id)])
    assert '<span class="event-card__distance">à 1,1 km</span>' in html
    # The same card from another centre, then without any: its own distance, or none.
    cesson = search(SearchParams(near="35510", radius=10), edition.id, page_size=EVERYTHING)
    other = str(cesson.card_html[cesson.event_ids.index(hybrid.id)])
    km = haversine_km(48.1212, -1.603, hybrid.latitude, hybrid.longitude)  # from Cesson-Sévigné
    assert f"à {km:.1f} km".replace(".", ",") in other and "à 1,1 km" not in other
    plain = search(SearchParams(q="hybride"), edition.id)
    assert hybrid.title in str(plain.card_html[0]) and "event-card__distance" not in str(plain.card_html[0])


def test_the_search_page_lists_distances_and_offers_the_sort(near):
    edition, _, _ = near
    from flask import current_app

    client = current_app.test_client()
    page = client.get("/evenements/?pres=35000&rayon=10&tri=distance").get_data(as_text=True)
    assert 'value="Rennes (35000)"' in page
    assert '<option value="distance" selected>' in page
    assert "À 10 km de Rennes (35000)" in page  # the removable chip
    assert page.count('class="event-card__distance"') >= 2
    plain = client.get("/evenements/").get_data(as_text=True)
    assert 'value="distance"' not in plain and "event-card__distance" not in plain
    fragment = client.get("/evenements/?lat=48.111&lon=-1.674&rayon=5", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "À 5 km de votre position" in text and "event-card__distance" in text
    assert "HX-Request" in fragment.headers["Vary"]


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("pres=99999", "La commune ou le code postal « 99999 » est inconnu"),
        ("pres=Zzyzxville", "La commune ou le code postal « Zzyzxville » est inconnu"),
        (
            "pres=35000&rayon=abc",
            "Le rayon « abc » n'est pas proposé (5, 10, 25 ou 50 km) : 10 km ont été retenus.",
        ),
        ("pres=35000&rayon=7", "Le rayon « 7 » n'est pas proposé"),
        ("pres=35000&rayon=99999999999999999999", "n'est pas proposé"),
        ("lat=999&lon=2", "La position indiquée n'est pas valide"),
        ("lat=abc&lon=2", "La position indiquée n'est pas valide"),
        ("lat=nan&lon=inf", "La position indiquée n'est pas valide"),
        ("lat=48.1", "La position indiquée n'est pas valide"),
        ("pres=" + "x" * 5000, "est inconnu"),
    ],
)
def test_bad_values_give_a_french_notice_and_the_rest_of_the_search_works(near, query, notice):
    edition, _, _ = near
    from flask import current_app

    client = current_app.test_client()
    everything = search(SearchParams(themes=("travailler",)), edition.id).total
    response = client.get(f"/evenements/?theme=travailler&{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert notice in page.replace("&#39;", "'")
    assert 'class="search-message"' in page
    if "rayon" in query:  # a place was given: searched around it with 10 km
        assert "À 10 km de Rennes (35000)" in page
    else:
        assert f"{everything}" in page and "event-card__distance" not in page


def test_sort_by_distance_needs_a_centre():
    parsed = parse(
        MultiDict({"tri": "distance"}),
        today=datetime(2026, 11, 18).date(),
        themes=(),
        regions=(),
        departements=(),
    )
    assert parsed.params.sort == "date" and parsed.params.centre is None


def _round_trip(params: SearchParams) -> SearchParams:
    args = to_query_args(params)
    pairs = [(k, str(v)) for k, vs in args.items() for v in (vs if isinstance(vs, list) else [vs])]
    return parse(
        MultiDict(pairs),
        today=datetime(2026, 11, 18).date(),
        themes={"travailler"},
        regions=set(),
        departements=set(),
    ).params


@pytest.mark.parametrize(
    "params",
    [
        SearchParams(near="35000", radius=10),
        SearchParams(near="35238", radius=50, online_too=True, sort="distance", page=3),
        SearchParams(near="insee:01100", radius=5),
        SearchParams(near="2A004", radius=25, themes=("travailler",)),
        SearchParams(near="97411", radius=25, q="vélo", sort="distance"),
        SearchParams(lat=48.111, lon=-1.674, radius=10, online_too=True),
        SearchParams(lat=-20.882, lon=55.45, radius=5, sort="distance"),
    ],
)
def test_query_args_round_trip_with_a_centre(app, params):
    args = to_query_args(params)
    assert "rayon" in args and ("pres" in args) != ("lat" in args)
    assert _round_trip(params) == params


def test_place_values_a_visitor_may_type(app):
    def read(**args):
        return parse(
            MultiDict(args), today=datetime(2026, 11, 18).date(), themes=(), regions=(), departements=()
        )

    rennes = read(pres="35000")
    assert (rennes.params.near, rennes.params.radius, rennes.messages) == ("35000", 10, [])
    assert read(pres=" rennes ").params.near == "35238"  # a name, as typed without JavaScript
    assert read(pres="Rennes (35200)").params.near == "35238"  # the label the field shows
    assert read(pres="01100").params.place.commune.name == "Oyonnax"  # a postcode first
    assert read(pres="insee:01100").params.place.commune.name == "Cheignieu-la-Balme"
    assert read(pres="2a004").params.near == "2A004"
    # The place wins over a position; lat/lon rounded to 3 decimals.
    assert read(pres="35000", lat="1", lon="2").params.lat is None
    assert (read(lat="48.11149", lon="-1.67449").params.centre) == (48.111, -1.674)
    # No centre: the radius and the toggle mean nothing.
    assert read(rayon="25", en_ligne_aussi="1").params == read().params


def test_an_unknown_place_stays_in_the_field(near):
    from flask import current_app

    page = current_app.test_client().get("/evenements/?pres=Zzyzxville").get_data(as_text=True)
    assert 'id="f-pres" value="Zzyzxville"' in page


def test_place_suggestions_fragment_and_page(near):
    from flask import current_app

    client = current_app.test_client()
    fragment = client.get("/evenements/lieux?pres=renn", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "HX-Request" in fragment.headers["Vary"]
    assert 'href="/evenements/?pres=35238&amp;rayon=10"' in text and 'data-label="Rennes (35000)"' in text
    assert client.get("/evenements/lieux?pres=01510").get_data(as_text=True).count("(01510)") >= 2
    page = client.get("/evenements/lieux?pres=zzyzx").get_data(as_text=True)
    assert "<html" in page and "Aucune commune ne correspond à « zzyzx »." in page
    assert "Communes proposées" not in client.get("/evenements/lieux?pres=r").get_data(as_text=True)


def test_the_home_page_leads_to_the_place_field(near):
    from flask import current_app

    home = current_app.test_client().get("/").get_data(as_text=True)
    assert 'href="/evenements/#pres"' in home
    search_page = current_app.test_client().get("/evenements/").get_data(as_text=True)
    assert (
        'id="pres"' in search_page and 'name="pres"' in search_page and 'id="near-me" hidden' in search_page
    )
