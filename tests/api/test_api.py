"""The JSON API: same results as the search page, stable pages, one event, headers (ETag, CORS,
version), French errors, rate limit, and every answer valid against the OpenAPI document."""

from __future__ import annotations

import os
import re
import uuid
from datetime import datetime

import pytest
from jsonschema import Draft202012Validator

from app import create_app
from app.platform import ratelimit
from tests import factories as f
from tests.api.conftest import seed


def _validator(client, name: str) -> Draft202012Validator:
    doc = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _response_schema(doc: dict, path: str, status: str) -> dict:
    schema = doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    return {**schema, "components": doc["components"]}


def _ids(body: dict) -> list[int]:
    return [e["id"] for e in body["data"]]


def _page_ids(client, query: str) -> list[int]:
    html = client.get(f"/evenements/?{query}").get_data(as_text=True)
    return [int(n) for n in re.findall(r'href="/evenements/(\d+)-', html)]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "region=bretagne",
        "theme=travailler",
        "q=coopérative",
        "en_ligne=oui",
        "gratuit=oui",
        "du=2026-11-01&au=2026-11-30",
        "type=portes-ouvertes&type=festif",
        "public=jeunes",
        "accessible=moteur",
        "region=corse&departement=2A",
        "pres=2A004&rayon=25",
        "lat=48.111&lon=-1.68&rayon=50&tri=distance",
        "pres=75056&rayon=5&en_ligne_aussi=1",
    ],
)
def test_filters_give_the_search_page_s_events(client, data, query):
    body = client.get(f"/api/v1/events?{query}").get_json()
    assert _ids(body) == _page_ids(client, query)
    assert body["total"] == len(body["data"])


def test_filters_select_the_expected_events(client, data):
    _ed, ev = data
    assert _ids(client.get("/api/v1/events?region=corse").get_json()) == [ev["corse"].id]
    assert _ids(client.get("/api/v1/events?en_ligne=oui").get_json()) == [ev["online"].id]
    found = _ids(client.get("/api/v1/events").get_json())
    assert ev["draft"].id not in found and ev["old"].id not in found
    assert _ids(client.get("/api/v1/events?edition=2025").get_json()) == [ev["old"].id]


def test_event_fields_are_schema_org_with_paris_offsets_and_public_contact_only(client, data):
    _ed, ev = data
    body = client.get(f"/api/v1/events/{ev['coop'].id}").get_json()
    assert body["@type"] == "Event" and body["name"] == "Portes ouvertes de la coopérative"
    assert body["description"] == "Visite d'une société coopérative d'intérêt collectif."  # no Markdown
    assert body["startDate"] == "2026-11-14T10:00:00+01:00"
    assert body["url"].endswith(f"/evenements/{ev['coop'].id}-portes-ouvertes-de-la-cooperative")
    assert body["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 48.11, "longitude": -1.68}
    assert body["location"]["address"]["streetAddress"] == "1 chemin des Champs"
    assert body["organizer"] == {
        "@type": "Organization",
        "name": "Coopérative Les Champs Solidaires",
        "url": "https://champs.example",
        "email": "accueil@champs.example",
        "telephone": "02 99 11 11 11",
    }
    assert [t["slug"] for t in body["themes"]] == ["entreprendre-epargner-et-investir", "travailler"]
    assert body["offers"] == {
        "@type": "Offer",
        "price": 0,
        "priceCurrency": "EUR",
        "description": "Entrée libre",
    }
    text = client.get(f"/api/v1/events/{ev['coop'].id}").get_data(as_text=True)
    for private in ("direction@champs.example", "02 99 00 00 00", "Marie Secrète", "Jean Public"):
        assert private not in text
    online = client.get(f"/api/v1/events/{ev['online'].id}").get_json()
    assert online["location"] == {"@type": "VirtualLocation", "url": "https://visio.example/ess"}
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["startDate"] == "2026-07-03T20:00:00+02:00"  # summer time
    cancelled = client.get(f"/api/v1/events/{ev['corse'].id}").get_json()
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert "offers" not in cancelled  # not free, no price, no registration


def test_one_event_published_any_edition_else_404_json(client, data):
    _ed, ev = data
    assert client.get(f"/api/v1/events/{ev['old'].id}").get_json()["edition"] == 2025
    for url in (f"/api/v1/events/{ev['draft'].id}", "/api/v1/events/999999", "/api/v1/nothing"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.mimetype == "application/json"
        assert "erreur" in response.get_json()


def test_pages_are_complete_and_stable(client, db):
    ed = f.edition(2026)
    org = f.organisation()
    same_start = datetime(2026, 11, 10, 9)
    # Many events share their start: the order must still be total (start, then id).
    starts = [same_start if n % 3 else datetime(2026, 11, n % 28 + 1) for n in range(47)]
    created = [f.event(ed, f"Atelier {n}", org=org, starts=start) for n, start in enumerate(starts)]
    db.session.commit()
    seen, url, pages = [], "/api/v1/events?per_page=10&region=bretagne", 0
    while url:
        body = client.get(url).get_json()
        assert body["total"] == 47 and body["pages"] == 5
        seen += _ids(body)
        url = body["next"] and body["next"].replace("http://localhost", "")
        pages += 1
    assert pages == 5
    assert len(seen) == len(set(seen)) == 47
    assert set(seen) == {e.id for e in created}
    assert seen == _ids(client.get("/api/v1/events?per_page=100&region=bretagne").get_json())
    last = client.get("/api/v1/events?per_page=10&region=bretagne&page=5").get_json()
    assert last["prev"].endswith("page=4") and "region=bretagne" in last["prev"] and last["next"] is None
    beyond = client.get("/api/v1/events?per_page=10&page=9").get_json()
    assert beyond["data"] == [] and beyond["total"] == 47


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("per_page=500", "Le paramètre « per_page » doit être un entier de 1 à 100."),
        ("per_page=abc", "Le paramètre « per_page » doit être un entier de 1 à 100."),
        ("page=0", "Le paramètre « page » doit être un entier de 1 à 10\u202f000."),
        ("page=99999999999999999999", "Le paramètre « page » doit être un entier de 1 à 10\u202f000."),
        ("region=atlantide", "Une valeur inconnue du filtre « région » a été ignorée."),
        ("du=2026-13-45", "La date « du » n'est pas valide (format attendu : AAAA-MM-JJ) et a été ignorée."),
        ("edition=1850", "L'édition « 1850 » n'existe pas."),
        ("edition=abc", "L'édition « abc » n'existe pas."),
        ("tri=hasard", "Le paramètre « tri » accepte : date, pertinence, distance."),
        ("couleur=bleu", "Paramètre inconnu : « couleur »."),
    ],
)
def test_bad_parameters_answer_400_with_french_messages(client, data, query, message):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["erreur"] == "Paramètres invalides : la requête n'a pas été traitée."
    assert message in body["details"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    _validator(client, "Error").validate(body)


def test_etag_gives_304_until_a_publication(cached_app):
    """With a real cache (the generation token kept, as Redis does in production)."""
    from app.extensions import db

    _ed, ev = seed()
    client = cached_app.test_client()
    first = client.get("/api/v1/events?region=bretagne")
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get("/api/v1/events?region=bretagne", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == tag
    other = client.get("/api/v1/events?region=corse", headers={"If-None-Match": tag})
    assert other.status_code == 200
    ev["draft"].status = "publie"
    db.session.commit()
    changed = client.get("/api/v1/events?region=bretagne", headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert ev["draft"].id in _ids(changed.get_json())
    # An edit of a published event shows at once (nothing kept from the previous generation).
    ev["coop"].title = "Portes ouvertes renommées"
    db.session.commit()
    names = [e["name"] for e in client.get("/api/v1/events?region=bretagne").get_json()["data"]]
    assert "Portes ouvertes renommées" in names and "Portes ouvertes de la coopérative" not in names


def test_cors_and_version_headers_and_preflight(client, data):
    response = client.get("/api/v1/themes", headers={"Origin": "https://agenda.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-Api-Version"] == "1"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/events",
        headers={"Origin": "https://agenda.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    # Security headers stay, and do not break JSON.
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_json()["data"][0]["slug"]


REDIS = os.environ.get("TEST_REDIS_URL", "")


@pytest.mark.parametrize(
    "backend",
    ["sqlite", pytest.param("redis", marks=pytest.mark.skipif(not REDIS, reason="TEST_REDIS_URL not set"))],
)
def test_rate_limit_is_shared_by_workers_and_answers_429_in_french_json(
    fresh_database_url, tmp_path, backend
):
    """Two apps (two workers) on the same store, as in production: 3 requests in all, not 3 each."""
    storage = REDIS if backend == "redis" else ratelimit.sqlite_uri(str(tmp_path / "ratelimit.sqlite"))
    prefix = f"t-{uuid.uuid4().hex}"
    apps = [
        create_app(
            "testing",
            SQLALCHEMY_DATABASE_URI=fresh_database_url,
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI=storage,
            RATELIMIT_KEY_PREFIX=prefix,
            RATELIMIT_API="3 per minute",
        )
        for _ in range(2)
    ]
    first, second = (a.test_client() for a in apps)
    codes = [c.get("/api/v1/regions").status_code for c in (first, second, first, second)]
    assert codes == [200, 200, 200, 429]
    refused = first.get("/api/v1/regions")
    assert refused.status_code == 429
    assert refused.mimetype == "application/json"
    assert refused.get_json()["erreur"].startswith("Trop de requêtes")
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
    assert "Retry-After" in refused.headers
    for a in apps:
        with a.app_context():
            from app.extensions import db

            db.engine.dispose()


def test_every_endpoint_answers_what_the_openapi_document_says(client, data):
    from jsonschema import validate

    _ed, ev = data
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    calls = {
        "/events": [
            "/api/v1/events",
            "/api/v1/events?edition=2025&per_page=1",
            "/api/v1/events?q=coopérative",
        ],
        "/events/{event_id}": [f"/api/v1/events/{e.id}" for k, e in ev.items() if k != "draft"],
        "/themes": ["/api/v1/themes"],
        "/regions": ["/api/v1/regions"],
        "/departements": ["/api/v1/departements"],
        "/editions": ["/api/v1/editions"],
        "/openapi.json": ["/api/v1/openapi.json"],
    }
    assert set(calls) == set(doc["paths"])
    for path, urls in calls.items():
        schema = _response_schema(doc, path, "200")
        Draft202012Validator.check_schema(schema)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            validate(response.get_json(), schema, cls=Draft202012Validator)
    # The parameters the document lists are exactly those the API accepts.
    from app.api.services import EVENTS_PARAMETERS

    assert [p["name"] for p in doc["paths"]["/events"]["get"]["parameters"]] == list(EVENTS_PARAMETERS)
    bad = client.get("/api/v1/events?per_page=0").get_json()
    validate(bad, _response_schema(doc, "/events", "400"), cls=Draft202012Validator)
    missing = client.get(f"/api/v1/events/{ev['draft'].id}").get_json()
    validate(missing, _response_schema(doc, "/events/{event_id}", "404"), cls=Draft202012Validator)


def test_schema_refuses_a_field_it_does_not_declare(client, data):
    """The Event schema is closed: a leaked field (a contact name…) would fail validation."""
    _ed, ev = data
    body = client.get(f"/api/v1/events/{ev['coop'].id}").get_json()
    validator = _validator(client, "Event")
    validator.validate(body)
    assert not validator.is_valid({**body, "contactName": "Jean Public"})


def test_editions_and_reference_lists(client, data):
    editions = client.get("/api/v1/editions").get_json()["data"]
    assert [(e["year"], e["events"], e["cancelled"]) for e in editions] == [(2026, 2, 1), (2025, 1, 0)]
    assert editions[1]["eventsUrl"].endswith("/api/v1/events?edition=2025")
    regions = client.get("/api/v1/regions").get_json()["data"]
    assert {"slug": "bretagne", "code": "53", "name": "Bretagne", "overseas": False} in regions
    deps = client.get("/api/v1/departements").get_json()["data"]
    assert {"code": "2A", "name": "Corse-du-Sud", "region": "corse"} in deps
    assert len(client.get("/api/v1/themes").get_json()["data"]) == 10


def test_documentation_page_in_french_lists_every_endpoint_and_parameter(client, data):
    html = client.get("/api/").get_data(as_text=True)
    assert "<h1>API des événements du Mois de l" in html
    for path in ("/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/themes", "/api/v1/editions"):
        assert f"GET {path}</code>" in html
    for name in ("per_page", "departement", "en_ligne", "edition"):
        assert f"<code>{name}</code>" in html
    assert "120 requêtes par minute" in html
    assert "Webinaire finance solidaire" in html  # a real example answer (the first event)
    assert "Licence Ouverte" in html


def test_text_query_finds_words(client, data):
    body = client.get("/api/v1/events?q=webinaire").get_json()
    assert [e["name"] for e in body["data"]] == ["Webinaire finance solidaire"]


def test_distance_filters_keep_the_events_around_the_centre(client, data):
    _edition, events = data
    around_rennes = client.get("/api/v1/events?lat=48.111&lon=-1.68&rayon=5").get_json()
    far_away = client.get("/api/v1/events?lat=43.3&lon=5.37&rayon=50").get_json()  # Marseille
    with_online = client.get("/api/v1/events?lat=43.3&lon=5.37&rayon=50&en_ligne_aussi=1").get_json()
    assert around_rennes["total"] >= 1 and events["online"].id not in _ids(around_rennes)
    assert far_away["total"] == 0
    assert _ids(with_online) == [events["online"].id]
    refused = client.get("/api/v1/events?lat=48.1&lon=-1.6&rayon=7")
    assert refused.status_code == 400
