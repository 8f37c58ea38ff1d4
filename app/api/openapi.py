"""The OpenAPI 3.1 document of the API (/api/v1/openapi.json): every endpoint, parameter and
schema. The documentation page (/api/) is rendered from it, and the tests validate the API's
real answers against its schemas (JSON Schema 2020-12, OpenAPI 3.1's dialect)."""

from __future__ import annotations

from app.api.services import DEFAULT_PER_PAGE, MAX_PER_PAGE
from app.events import params
from app.reference import catalog

LICENCE = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
CODE_LABEL = {
    "type": "object",
    "required": ["code", "label"],
    "properties": {"code": STRING, "label": STRING},
    "additionalProperties": False,
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _query(name: str, description: str, schema: dict, example=None, many: bool = False) -> dict:
    found = {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "array", "items": schema} if many else schema,
    }
    if many:
        found.update(style="form", explode=True)
    if example is not None:
        found["example"] = example
    return found


def _enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


def parameters() -> list[dict]:
    """The parameters of GET /api/v1/events: the search page's (same names, same meaning)."""
    return [
        _query(
            "q",
            "Mots-clés (titre, description, organisateurs, commune), sans tenir compte des accents.",
            {"type": "string", "maxLength": 200},
            "coopérative",
        ),
        _query(
            "theme",
            "Thématique (identifiant, voir /api/v1/themes) ; répétable : l'une ou l'autre.",
            STRING,
            ["travailler"],
            many=True,
        ),
        _query(
            "region",
            "Région (identifiant, voir /api/v1/regions) ; répétable.",
            STRING,
            ["bretagne"],
            many=True,
        ),
        _query(
            "departement",
            "Département (code, voir /api/v1/departements) ; répétable.",
            STRING,
            ["35"],
            many=True,
        ),
        _query("type", "Type d'événement ; répétable.", _enum(catalog.codes(catalog.EVENT_KINDS)), many=True),
        _query("public", "Public visé ; répétable.", _enum(catalog.codes(catalog.AUDIENCES)), many=True),
        _query(
            "accessible",
            "Accessible aux personnes en situation de handicap (tous ceux donnés) ; répétable.",
            _enum(catalog.codes(catalog.ACCESSIBILITY)),
            many=True,
        ),
        _query(
            "du",
            "Événements en cours ou à venir à partir de cette date (AAAA-MM-JJ, heure de Paris).",
            {"type": "string", "format": "date"},
            "2026-11-01",
        ),
        _query(
            "au",
            "Événements commençant au plus tard ce jour-là (AAAA-MM-JJ).",
            {"type": "string", "format": "date"},
            "2026-11-30",
        ),
        _query(
            "quand", "Raccourci de dates (ignoré si « du » ou « au » est donné).", _enum(params.QUICK_DATES)
        ),
        _query("en_ligne", "« oui » : en ligne ; « non » : en présentiel.", _enum(("oui", "non"))),
        _query("gratuit", "« oui » : gratuits seulement.", _enum(("oui",))),
        _query(
            "pres",
            "Autour d'un lieu : code postal, code INSEE (« insee:35238 ») ou nom de commune.",
            {"type": "string", "maxLength": 100},
            "35000",
        ),
        _query("lat", "Autour d'une position : latitude (avec « lon »).", {"type": "number"}, 48.111),
        _query("lon", "Autour d'une position : longitude (avec « lat »).", {"type": "number"}, -1.68),
        _query(
            "rayon",
            "Rayon en km autour du lieu ou de la position (10 par défaut).",
            _enum(tuple(str(radius) for radius in params.RADII)),
        ),
        _query(
            "en_ligne_aussi",
            "« 1 » : avec un lieu, ajouter les événements en ligne.",
            _enum(("1", "oui")),
        ),
        _query(
            "tri",
            "Ordre : par date (début, puis numéro), par pertinence (avec « q ») ou par distance "
            "(avec un lieu ou une position).",
            _enum(params.SORTS),
        ),
        _query(
            "edition",
            "Année de l'édition (par défaut l'édition en cours, voir /api/v1/editions).",
            {"type": "integer"},
            2026,
        ),
        _query(
            "page",
            "Numéro de page (à partir de 1).",
            {"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE, "default": 1},
        ),
        _query(
            "per_page",
            f"Événements par page (au plus {MAX_PER_PAGE}).",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
        ),
    ]


def schemas() -> dict:
    place = {
        "type": "object",
        "required": ["@type", "name", "address"],
        "properties": {
            "@type": {"const": "Place"},
            "name": STRING,
            "address": {
                "type": "object",
                "required": ["@type", "addressLocality", "addressCountry"],
                "properties": {
                    "@type": {"const": "PostalAddress"},
                    "streetAddress": STRING,
                    "postalCode": STRING,
                    "addressLocality": STRING,
                    "addressRegion": STRING,
                    "addressCountry": {"const": "FR"},
                },
                "additionalProperties": False,
            },
            "geo": {
                "type": "object",
                "required": ["@type", "latitude", "longitude"],
                "properties": {
                    "@type": {"const": "GeoCoordinates"},
                    "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                    "longitude": {"type": "number", "minimum": -180, "maximum": 180},
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    }
    virtual = {
        "type": "object",
        "required": ["@type", "url"],
        "properties": {"@type": {"const": "VirtualLocation"}, "url": STRING},
        "additionalProperties": False,
    }
    one_location = {"oneOf": [_ref("Place"), _ref("VirtualLocation")]}
    date_time = {"type": "string", "format": "date-time", "pattern": r"[+-]\d\d:\d\d$"}
    event = {
        "type": "object",
        "description": "Un événement publié, compatible schema.org Event, avec les champs propres au site.",
        "required": [
            "@context",
            "@type",
            "id",
            "name",
            "description",
            "startDate",
            "endDate",
            "url",
            "eventStatus",
            "eventAttendanceMode",
            "isAccessibleForFree",
            "location",
            "organizer",
            "edition",
            "scheduleStatus",
            "type",
            "themes",
            "region",
            "departement",
            "audiences",
            "accessibility",
            "scale",
        ],
        "properties": {
            "@context": {"const": "https://schema.org"},
            "@type": {"const": "Event"},
            "id": {"type": "integer", "description": "Numéro de l'événement sur le site."},
            "name": STRING,
            "description": {"type": "string", "description": "Texte brut (sans balises ni Markdown)."},
            "startDate": {**date_time, "description": "Début, ISO 8601 avec le décalage de Paris."},
            "endDate": {**date_time, "description": "Fin, ISO 8601 avec le décalage de Paris."},
            "url": {"type": "string", "description": "Page de l'événement sur le site."},
            "eventStatus": _enum(
                (
                    "https://schema.org/EventScheduled",
                    "https://schema.org/EventPostponed",
                    "https://schema.org/EventCancelled",
                )
            ),
            "eventAttendanceMode": _enum(
                (
                    "https://schema.org/OfflineEventAttendanceMode",
                    "https://schema.org/OnlineEventAttendanceMode",
                    "https://schema.org/MixedEventAttendanceMode",
                )
            ),
            "isAccessibleForFree": {"type": "boolean"},
            "inLanguage": {"const": "fr"},
            "location": {"oneOf": [*one_location["oneOf"], {"type": "array", "items": one_location}]},
            "organizer": {
                "type": "object",
                "description": "L'organisation ; e-mail et téléphone seulement s'ils sont le contact public "
                "de l'événement (montré sur sa page).",
                "required": ["@type", "name"],
                "properties": {
                    "@type": {"const": "Organization"},
                    "name": STRING,
                    "url": STRING,
                    "email": STRING,
                    "telephone": STRING,
                },
                "additionalProperties": False,
            },
            "offers": {
                "type": "object",
                "required": ["@type"],
                "properties": {
                    "@type": {"const": "Offer"},
                    "price": {"type": "number"},
                    "priceCurrency": {"const": "EUR"},
                    "description": STRING,
                    "url": STRING,
                },
                "additionalProperties": False,
            },
            "image": STRING,
            "edition": {"type": "integer", "description": "Année de l'édition."},
            "scheduleStatus": {**CODE_LABEL, "description": "programme, reporte, complet ou annule."},
            "type": CODE_LABEL,
            "themes": {"type": "array", "minItems": 1, "maxItems": 2, "items": _ref("ThemeTag")},
            "region": {
                "type": "object",
                "required": ["slug", "name"],
                "properties": {"slug": STRING, "name": STRING},
                "additionalProperties": False,
            },
            "departement": {
                "type": ["object", "null"],
                "required": ["code", "name"],
                "properties": {"code": STRING, "name": STRING},
                "additionalProperties": False,
            },
            "audiences": {"type": "array", "items": CODE_LABEL},
            "accessibility": {"type": "array", "items": CODE_LABEL},
            "scale": CODE_LABEL,
            "registrationRequired": {"type": "boolean"},
            "dateModified": date_time,
        },
        "additionalProperties": False,
    }
    link = {"type": ["string", "null"], "description": "Adresse de la page voisine, ou null."}
    return {
        "Event": event,
        "Place": place,
        "VirtualLocation": virtual,
        "ThemeTag": {
            "type": "object",
            "required": ["slug", "name"],
            "properties": {"slug": STRING, "name": STRING},
            "additionalProperties": False,
        },
        "EventPage": {
            "type": "object",
            "required": ["edition", "total", "page", "per_page", "pages", "next", "prev", "data"],
            "properties": {
                "edition": {"type": "integer"},
                "total": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                "pages": {"type": "integer", "minimum": 1},
                "next": link,
                "prev": link,
                "data": {"type": "array", "items": _ref("Event")},
            },
            "additionalProperties": False,
        },
        "Theme": _object(
            slug=STRING, name=STRING, number={"type": "integer"}, color={"type": "string", "pattern": "^#"}
        ),
        "Region": _object(slug=STRING, code=STRING, name=STRING, overseas={"type": "boolean"}),
        "Departement": _object(code=STRING, name=STRING, region=STRING),
        "Edition": _object(
            year={"type": "integer"},
            title=STRING,
            startDate={"type": "string", "format": "date"},
            endDate={"type": "string", "format": "date"},
            current={"type": "boolean"},
            events={
                "type": "integer",
                "minimum": 0,
                "description": "Événements au programme (hors annulés).",
            },
            cancelled={"type": "integer", "minimum": 0, "description": "Événements publiés puis annulés."},
            eventsUrl=STRING,
        ),
        "Error": {
            "type": "object",
            "required": ["status", "erreur", "details"],
            "properties": {
                "status": {"type": "integer"},
                "erreur": {"type": "string", "description": "Message en français."},
                "details": {
                    "type": "array",
                    "items": STRING,
                    "description": "Un message par paramètre refusé.",
                },
            },
            "additionalProperties": False,
        },
    }


def _object(**properties) -> dict:
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }


def _list_of(name: str) -> dict:
    return _object(data={"type": "array", "items": _ref(name)})


def _json(schema: dict, description: str, example=None) -> dict:
    content = {"schema": schema}
    if example is not None:
        content["example"] = example
    return {"description": description, "content": {"application/json": content}}


ERRORS = {
    "304": {"description": "Non modifié depuis la version indiquée par If-None-Match (ETag)."},
    "429": _json(_ref("Error"), "Trop de requêtes (limite de débit par adresse IP)."),
}


def _operation(summary: str, description: str, ok: dict, parameters=(), errors=("304", "429")) -> dict:
    responses = {"200": ok, **{code: ERRORS[code] for code in errors}}
    return {
        "get": {
            "summary": summary,
            "description": description,
            "parameters": list(parameters),
            "responses": responses,
        }
    }


def document(docs_url: str = "/api/") -> dict:
    bad = _json(_ref("Error"), "Paramètres refusés : un message par paramètre.")
    missing = _json(_ref("Error"), "Aucun événement publié ne porte ce numéro.")
    event_id = {
        "name": "event_id",
        "in": "path",
        "required": True,
        "description": "Numéro de l'événement.",
        "schema": {"type": "integer", "minimum": 1},
    }
    events = _operation(
        "Événements publiés, filtrés et paginés",
        "Les mêmes filtres et le même ordre que la recherche du site (/evenements/). "
        "L'ordre est stable : parcourir les pages de 1 à « pages » donne chaque événement une fois.",
        _json(_ref("EventPage"), "Une page d'événements."),
        parameters(),
    )
    events["get"]["responses"]["400"] = bad
    one = _operation(
        "Un événement publié",
        "Les événements non publiés répondent 404.",
        _json(_ref("Event"), "L'événement."),
        [event_id],
    )
    one["get"]["responses"]["404"] = missing
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "API du Mois de l'ESS",
            "version": "1.0.0",
            "description": "Les événements publiés du Mois de l'Économie Sociale et Solidaire, en lecture "
            "seule, sans donnée personnelle. Réponses en JSON (UTF-8), dates ISO 8601 à l'heure de Paris. "
            "En-têtes : ETag (réponse 304 avec If-None-Match), Cache-Control, "
            "Access-Control-Allow-Origin: * (CORS), X-Api-Version, limites de débit X-RateLimit-*.",
            "license": {"name": LICENCE, "url": LICENCE_URL},
        },
        "externalDocs": {"description": "Documentation en français", "url": docs_url},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/events": events,
            "/events/{event_id}": one,
            "/themes": _operation(
                "Les thématiques",
                "Les 10 thématiques du quotidien.",
                _json(_list_of("Theme"), "Thématiques."),
            ),
            "/regions": _operation(
                "Les régions", "Les régions et leur code INSEE.", _json(_list_of("Region"), "Régions.")
            ),
            "/departements": _operation(
                "Les départements", "Code, nom et région.", _json(_list_of("Departement"), "Départements.")
            ),
            "/editions": _operation(
                "Les éditions",
                "Chaque édition et ses événements au programme.",
                _json(_list_of("Edition"), "Éditions, de la plus récente à la plus ancienne."),
            ),
            "/openapi.json": _operation(
                "Ce document",
                "La description OpenAPI 3.1 de l'API.",
                _json({"type": "object"}, "Le document OpenAPI."),
            ),
        },
        "components": {"schemas": schemas()},
    }


def _type_label(schema: dict) -> str:
    if schema.get("type") == "array":
        return _type_label(schema["items"]) + " (répétable)"
    if "enum" in schema:
        return " | ".join(schema["enum"])
    return {"integer": "entier", "string": "texte"}.get(schema.get("type"), schema.get("type", ""))


def _example(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def endpoints(doc: dict) -> list[dict]:
    """The document said for people: each endpoint with its parameters and answers."""
    found = []
    for path, item in doc["paths"].items():
        operation = item["get"]
        found.append(
            {
                "path": doc["servers"][0]["url"] + path,
                "summary": operation["summary"],
                "description": operation["description"],
                "parameters": [
                    {
                        "name": p["name"],
                        "type": _type_label(p["schema"]),
                        "description": p["description"],
                        "example": _example(p.get("example", "")),
                    }
                    for p in operation["parameters"]
                ],
                "responses": [(code, r["description"]) for code, r in operation["responses"].items()],
            }
        )
    return found
