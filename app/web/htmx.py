"""The only module that knows about htmx request and response headers."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from flask import Response, make_response, render_template, request
from jinja2_fragments.flask import render_block
from werkzeug.datastructures import MultiDict


def header(name: str) -> str:
    """The request's header `name` ("" if absent), read from the WSGI environ: werkzeug's
    headers raise and catch an exception for each absent one, and a search answer asks for
    a dozen absent htmx headers. (Not for Content-Type or Content-Length, kept in the environ
    without the HTTP_ prefix.)"""
    return request.environ.get("HTTP_" + name.upper().replace("-", "_"), "")


def is_partial_request() -> bool:
    """True for an htmx request that expects a fragment (not boosted, not a history restore)."""
    return (
        header("HX-Request") == "true"
        and header("HX-Boosted") != "true"
        and header("HX-History-Restore-Request") != "true"
    )


def previous_args() -> MultiDict | None:
    """The query arguments of the page an htmx request comes from (`HX-Current-URL`), or
    None for another request."""
    current = header("HX-Current-URL") if is_partial_request() else None
    return MultiDict(parse_qsl(urlsplit(current).query)) if current else None


def render_page(template: str, block: str, status: int = 200, oob: str | None = None, **context) -> Response:
    """Render the whole page, or only `block` of the same template for htmx requests.

    `oob`: a template of out-of-band elements appended to the fragment (e.g. facet counts).
    """
    if is_partial_request():
        body = render_block(template, block, **context)
        if oob:
            body += render_template(oob, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response
