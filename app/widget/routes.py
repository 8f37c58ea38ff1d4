"""The widget (/widget/evenements: framed by partners' sites, no session needed, read-only)
and its generator (/widget/: form, live preview and snippet)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, render_template, request, url_for

from app import editions
from app.common.time import PARIS
from app.events import options, params
from app.reference import catalog, lookup
from app.sharing.services import absolute
from app.web.htmx import render_page
from app.web.page_cache import public_page
from app.web.security import embeddable
from app.widget import bp, services


def _today():
    return datetime.now(PARIS).date()


def _parse():
    """(search criteria, widget options, French notices) of the request's arguments."""
    parsed = params.parse(
        request.args,
        today=_today(),
        **options.allowed_values(),
        max_query=current_app.config["SEARCH_MAX_QUERY_LENGTH"],
    )
    widget_options, messages = services.parse_options(request.args)
    return parsed.params, widget_options, parsed.messages + messages


@bp.get("/evenements")
@embeddable
@public_page
def embed():
    criteria, widget_options, messages = _parse()
    edition = editions.current_edition()
    page = services.events(criteria, edition.id, _today(), widget_options.count) if edition else None
    return render_template(
        "widget/embed.html",
        edition=edition,
        page=page,
        widget=widget_options,
        messages=messages,
        frame_title=services.describe(criteria),
        args=services.search_args(criteria) | widget_options.to_query_args(),
        search_args=services.search_args(criteria),
    )


@bp.get("/")
def generator():
    criteria, widget_options, messages = _parse()
    args = services.widget_args(criteria, widget_options)
    title = services.describe(criteria)
    height = services.frame_height(widget_options)
    script_url = absolute(url_for("static", filename="js/widget-resize.js", v=None))
    return render_page(
        "widget/generator.html",
        "result",
        p=criteria,
        widget=widget_options,
        place=params.near_text(criteria, request.args),
        radius=criteria.radius or params.DEFAULT_RADIUS,
        radii=params.RADII,
        count_max=services.COUNT_MAX,
        title_max=services.TITLE_MAX,
        ref=lookup.current(),
        audiences=catalog.AUDIENCES,
        messages=messages,
        preview_url=url_for("widget.embed", **args),
        height=height,
        snippet=services.snippet(absolute(url_for("widget.embed", **args)), title, height, script_url),
    )
