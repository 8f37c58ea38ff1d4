"""Read-only JSON API v1 (/api/v1/…) and its documentation page (/api/)."""

from __future__ import annotations

import json
from datetime import datetime

from flask import Response, current_app, render_template, request, url_for
from flask_babel import gettext as _

from app.api import bp, openapi, services
from app.api.services import ApiError
from app.common.time import PARIS
from app.extensions import limiter
from app.platform import public_cache
from app.web.page_cache import public_page

VERSION = "1"
CACHE_CONTROL = "public, max-age=60"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, Accept",
    "Access-Control-Expose-Headers": (
        "ETag, X-Api-Version, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After"
    ),
    "Access-Control-Max-Age": "86400",
}

limiter.limit(lambda: current_app.config["RATELIMIT_API"], methods=["GET"])(bp)


def _json(data, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status, mimetype="application/json")


def _error(status: int, message: str, details: list[str] | None = None) -> Response:
    return _json({"status": status, "erreur": message, "details": details or []}, status)


def _conditional(build, *key) -> Response:
    """A 304 when the client holds the current version (If-None-Match), else `build()` as JSON."""
    tag = public_cache.etag(request.full_path, datetime.now(PARIS).date(), *key)
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = _json(build())
    response.set_etag(tag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


@bp.after_request
def _api_headers(response: Response) -> Response:
    if request.path.startswith("/api/v1/"):
        response.headers.update(CORS_HEADERS)
        response.headers["X-Api-Version"] = VERSION
        response.vary.add("Origin")
    return response


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return _error(error.status, error.message, error.details)


@bp.errorhandler(429)
def _too_many(_e):
    return _error(
        429, _("Trop de requêtes : attendez un peu avant de réessayer (voir l'en-tête Retry-After).")
    )


@bp.errorhandler(404)
def _not_found(_e):
    if not request.path.startswith("/api/v1/"):
        return render_template("errors/404.html"), 404
    return _error(404, _("Cette adresse de l'API n'existe pas."))


@bp.get("/v1/events")
def events():
    query = services.events_query(
        request.args, datetime.now(PARIS).date(), current_app.config["SEARCH_MAX_QUERY_LENGTH"]
    )
    args = request.args.to_dict(flat=False)

    def page_url(page: int) -> str:
        return url_for("api.events", **{**args, "page": page}, _external=True)

    return _conditional(lambda: services.events_page(query, page_url))


@bp.get("/v1/events/<int:event_id>")
def event(event_id: int):
    return _conditional(lambda: services.one_event(event_id))


@bp.get("/v1/themes")
def themes():
    return _conditional(lambda: {"data": services.themes()})


@bp.get("/v1/regions")
def regions():
    return _conditional(lambda: {"data": services.regions()})


@bp.get("/v1/departements")
def departements():
    return _conditional(lambda: {"data": services.departements()})


@bp.get("/v1/editions")
def editions():
    return _conditional(lambda: {"data": services.all_editions()})


@bp.get("/v1/openapi.json")
def openapi_document():
    return _conditional(lambda: openapi.document(url_for("api.index", _external=True)))


@bp.get("/v1/<path:_rest>")
def unknown(_rest: str):
    return _error(404, _("Cette adresse de l'API n'existe pas."))


@bp.get("/")
@public_page
def index():
    doc = openapi.document(url_for("api.index", _external=True))
    return render_template(
        "api/index.html",
        doc=doc,
        endpoints=openapi.endpoints(doc),
        examples=services.examples(url_for),
        rate_limit=services.rate_limit_fr(current_app.config["RATELIMIT_API"]),
    )
