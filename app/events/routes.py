from datetime import datetime

from flask import Response, abort, current_app, redirect, render_template, request, url_for

from app import editions
from app.common.time import PARIS
from app.events import bp, options, params, search, services, spelling, suggestions
from app.geo import gazetteer
from app.maps import builder
from app.maps import web as map_web
from app.web import htmx
from app.web.htmx import render_page
from app.web.page_cache import public_page


def _today():
    return datetime.now(PARIS).date()


@bp.get("/")
@public_page
def search_page():
    edition = editions.current_edition()
    parsed = params.parse(
        request.args,
        today=_today(),
        **options.allowed_values(),
        max_query=current_app.config["SEARCH_MAX_QUERY_LENGTH"],
    )
    if edition is None:
        abort(404)
    result = search.search(parsed.params, edition.id, page_size=current_app.config["SEARCH_PAGE_SIZE"])
    opts = options.build(result.params, result.facets)
    chips = options.active_filters(result.params, opts)
    map_parts = (
        builder.events_map(result.points, map_web.settings()) if result.params.view == "carte" else None
    )
    return render_page(
        "events/search.html",
        "results",
        oob="events/_facets_oob.html",
        edition=edition,
        result=result,
        p=result.params,
        messages=parsed.messages,
        opts=opts,
        chips=chips,
        filter_count_value=options.filter_count(result.params, chips),
        counts=options.counts(opts),
        departements_changed=options.departements_changed(htmx.previous_args(), result.params),
        map=map_parts,
        args=params.to_query_args(result.params),
        quick_dates=params.QUICK_DATES,
        radii=params.RADII,
        near_text=params.near_text(result.params, request.args),
        suggestion=spelling.suggestion(result.params, edition.id) if not result.total else None,
    )


@bp.get("/suggestions")
@public_page
def suggest():
    """Suggestions while typing in the search box (an htmx fragment, or a small page)."""
    edition = editions.current_edition()
    if edition is None:
        abort(404)
    q = request.args.get("q", "")[: current_app.config["SEARCH_MAX_QUERY_LENGTH"]]
    found = suggestions.suggest(q, edition.id)
    return render_page(
        "events/suggestions.html", "suggestions", oob="events/_suggestions_oob.html", q=q, found=found
    )


@bp.get("/lieux")
@public_page
def places():
    """Communes while typing in the "près de chez moi" field (an htmx fragment, or a small page)."""
    q = (request.args.get("pres") or request.args.get("q") or "").strip()[: gazetteer.MAX_QUERY_LENGTH]
    found = gazetteer.search(q, limit=8) if len(q) >= 2 else []
    return render_page(
        "events/places.html",
        "places",
        q=q,
        places=[gazetteer.Place(gazetteer.place_code(c), c, c.postcodes[0]) for c in found if c.postcodes],
        radius=params.DEFAULT_RADIUS,
    )


def _load(event_id: int):
    event = services.get_public(event_id)
    if event is None:
        abort(404)
    return event


@bp.get("/<int:event_id>")
@bp.get("/<int:event_id>-<slug>")
@public_page
def show(event_id: int, slug: str = ""):
    event = _load(event_id)
    if slug != event.slug:
        return redirect(url_for("events.show", event_id=event.id, slug=event.slug), 301)
    url = url_for("events.show", event_id=event.id, slug=event.slug, _external=True)
    map_parts = None
    if event.in_person and event.latitude is not None:
        map_parts = builder.single_map(
            event.latitude,
            event.longitude,
            event.title,
            event.venue or event.commune,
            map_web.settings(with_popups=False),
        )
    return render_template(
        "events/show.html",
        event=event,
        map=map_parts,
        json_ld=services.json_ld(event, url),
        place=services.place_line(event),
    )


@bp.get("/<int:event_id>.ics")
def ics(event_id: int):
    event = _load(event_id)
    url = url_for("events.show", event_id=event.id, slug=event.slug, _external=True)
    return Response(
        services.to_ics(event, url),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="mois-ess-{event.id}.ics"'},
    )


@bp.get("/<int:event_id>/apercu")
@public_page
def preview(event_id: int):
    """Small fragment for map popups (also a usable page without JavaScript)."""
    return render_template("events/_preview.html", event=_load(event_id))
