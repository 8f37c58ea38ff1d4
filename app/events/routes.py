from datetime import datetime

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import iter_multi_items

from app import editions
from app.common.time import PARIS, utcnow
from app.common.urls import query_string
from app.events import bp, feeds, options, params, search, services, spelling, suggestions
from app.extensions import cache
from app.geo import gazetteer
from app.maps import builder
from app.maps import web as map_web
from app.web import htmx
from app.web.htmx import render_page
from app.web.page_cache import public_page

_SEARCH_BASES: dict[str, str] = {}
_URL_SAFE = "!$'()*,/:;?@"  # as werkzeug's routing encodes query arguments


@bp.app_template_global()
def search_url(args: dict, **changes) -> str:
    """The search page's URL with the arguments `args` (params.to_query_args) and `changes`
    (None removes one): url_for("events.search_page", **dict(args, **changes)) without the
    routing map, for the fifteen-odd links of each search answer (chips, views, pages)."""
    root = request.script_root
    base = _SEARCH_BASES.get(root)
    if base is None:
        base = _SEARCH_BASES[root] = url_for("events.search_page")
    items = [(key, value) for key, value in iter_multi_items({**args, **changes}) if value is not None]
    return f"{base}?{query_string(items, safe=_URL_SAFE)}" if items else base


def _today():
    return datetime.now(PARIS).date()


def _parse_search() -> params.Parsed:
    """The search of the URL (the search page, its feeds and its alerts parse it alike)."""
    return params.parse(
        request.args,
        today=_today(),
        **options.allowed_values(),
        max_query=current_app.config["SEARCH_MAX_QUERY_LENGTH"],
        editions=editions.years(),
    )


@bp.get("/")
@public_page
def search_page():
    current = editions.current_ref()
    parsed = _parse_search()
    if current is None:
        abort(404)
    # ?edition=<année> browses a past edition's archives; without it, the current edition, or
    # the previous one while the current has no published event yet.
    asked = parsed.params.edition
    edition = editions.ref_by_year(asked) if asked else editions.showcase(current)
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
        current_edition=current,
        archived=edition.id != current.id,
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
        follow=feeds.links(result.params),
    )


@bp.get("/suggestions")
@public_page
def suggest():
    """Suggestions while typing in the search box (an htmx fragment, or a small page)."""
    edition = editions.current_ref()
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


# --- feeds of a search (app/events/feeds.py) ---


def _feed(kind: str, mimetype: str, render) -> Response:
    edition = editions.current_edition()
    if edition is None:
        abort(404)
    today = _today()
    wanted = feeds.feed_params(_parse_search().params)
    response = Response(mimetype=mimetype)
    response.set_etag(feeds.etag(kind, wanted, today))
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FEED_MAX_AGE"]
    response.vary.add("Accept-Encoding")
    if request.if_none_match.contains(response.get_etag()[0]):
        return response.make_conditional(request)  # 304, without reading the events
    # Built once per generation and search (the shared cache: Redis in production).
    key = f"feed:{response.get_etag()[0]}"
    built = cache.get(key)
    if built is None:
        found = feeds.events(wanted, edition.id, today)
        built = (render(wanted, found), feeds.last_modified(found))
        cache.set(key, built, timeout=current_app.config["FEED_MAX_AGE"])
    response.set_data(built[0])
    response.last_modified = built[1]
    return response.make_conditional(request)


def _title(wanted: params.SearchParams) -> str:
    return _("Mois de l'ESS – %(search)s", search=options.describe(wanted))


@bp.get("/flux.ics")
def feed_ics():
    return _feed("ics", "text/calendar", lambda wanted, found: feeds.to_ics(found, _title(wanted)))


@bp.get("/flux.xml")
def feed_atom():
    def render(wanted, found):
        links = feeds.links(wanted)
        return render_template(
            "events/feed.xml",
            title=_title(wanted),
            links=links,
            feed_id=f"tag:{current_app.config['FEED_UID_DOMAIN']},2008:evenements?{links.query}".rstrip("?"),
            search_url=url_for("events.search_page", _external=True, **params.to_query_args(wanted)),
            updated=feeds.last_modified(found) or utcnow().replace(microsecond=0),
            entries=feeds.entries(found),
        )

    return _feed("atom", "application/atom+xml", render)
