"""The open data page and its downloads (streamed, cached by generation of public content)."""

from __future__ import annotations

from flask import Response, abort, render_template, request, stream_with_context, url_for

from app.common.exports import csv_response
from app.opendata import bp, columns, services
from app.platform import public_cache
from app.web.page_cache import public_page

CACHE_CONTROL = "public, max-age=3600"


def _page_url(event) -> str:
    return url_for("events.show", event_id=event.id, slug=event.slug, _external=True)


def _cached(response: Response, tag: str) -> Response:
    response.set_etag(tag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _download(year: int, fmt: str, build) -> Response:
    edition = services.edition_with_events(year)
    if edition is None:
        abort(404)
    tag = public_cache.etag("opendata", year, fmt, columns.FORMAT_VERSION)
    if request.if_none_match.contains(tag):
        return _cached(Response(status=304), tag)
    return _cached(build(edition), tag)


@bp.get("/")
@public_page
def index():
    return render_template(
        "opendata/index.html",
        offered=services.editions_offered(),
        columns=columns.COLUMNS,
        format_version=columns.FORMAT_VERSION,
        licence=services.LICENCE,
        licence_url=services.LICENCE_URL,
    )


@bp.get("/evenements-<int:year>.csv")
def events_csv(year: int):
    def build(edition):
        response = csv_response(services.csv_file(edition.id, _page_url), f"evenements-mois-ess-{year}")
        response.headers["Content-Disposition"] = f'attachment; filename="evenements-mois-ess-{year}.csv"'
        return response

    return _download(year, "csv", build)


@bp.get("/evenements-<int:year>.json")
def events_json(year: int):
    def build(edition):
        lines = services.json_file(
            edition, _page_url, url_for("opendata.index", _external=True) + "#dictionnaire"
        )
        response = Response(stream_with_context(lines), mimetype="application/json")
        response.headers["Content-Disposition"] = f'attachment; filename="evenements-mois-ess-{year}.json"'
        return response

    return _download(year, "json", build)
