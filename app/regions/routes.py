from flask import abort, render_template, url_for

from app import editions
from app.common.time import utcnow
from app.maps import builder
from app.maps import web as map_web
from app.pages import markdown
from app.regions import bp, services
from app.web.loading import current_edition_or_404
from app.web.page_cache import public_page


@bp.get("/")
@public_page
def index():
    edition = editions.current_edition()
    rows = services.regions_with_counts(edition.id) if edition else []
    places = [
        (
            r.center_lat,
            r.center_lon,
            r.name,
            n.events,
            str(n),
            url_for("regions.show", slug=r.slug),
        )
        for r, n in rows
    ]
    return render_template(
        "regions/index.html",
        rows=rows,
        edition=edition,
        map=builder.counts_map(places, map_web.settings(with_popups=False)),
    )


@bp.get("/<slug>")
@public_page
def show(slug: str):
    region = services.get_by_slug(slug) or abort(404)
    edition = current_edition_or_404()
    now = utcnow()
    points = services.region_points(region, edition.id)
    national, national_total = services.national_events(edition.id, now)
    map_parts = builder.events_map(
        points,
        map_web.settings(),
        center=(region.center_lat, region.center_lon),
        zoom=region.zoom,
        fit=False,
        region_code=region.code,
    )
    return render_template(
        "regions/show.html",
        region=region,
        edition=edition,
        map=map_parts,
        groups=services.events_by_departement(region, edition.id, now),
        national=national,
        national_total=national_total,
        total=services.region_programme(region, edition.id),
        presentation=markdown.render(region.cress_presentation),
    )
