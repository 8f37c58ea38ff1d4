"""robots.txt, sitemap.xml and the generated share images (/partage/…png)."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from app.common.text import plain_excerpt
from app.platform import public_cache
from app.sharing import bp, cards, services
from app.web.filters import span_fr

CARD_MAX_AGE = 24 * 3600

bp.add_app_template_global(services.canonical_url, "canonical_url")
bp.add_app_template_global(services.share_tags, "share_tags")
bp.add_app_template_filter(plain_excerpt, "excerpt")


def _png(card: cards.Card) -> Response:
    response = Response(cards.png(card), mimetype="image/png")
    response.set_etag(card.key)
    response.cache_control.public = True
    response.cache_control.max_age = CARD_MAX_AGE
    return response.make_conditional(request)


@bp.get("/partage/evenements/<int:event_id>.png")
def event_card(event_id: int):
    event = services.get_published_event(event_id) or abort(404)
    when = span_fr(event.starts_at, event.ends_at, event.region.timezone)
    return _png(services.event_card(event, when))


@bp.get("/partage/thematiques/<slug>.png")
def theme_card(slug: str):
    return _png(services.theme_card(services.get_theme(slug) or abort(404)))


@bp.get("/partage/regions/<slug>.png")
def region_card(slug: str):
    return _png(services.region_card(services.get_region(slug) or abort(404)))


@bp.get("/partage/<name>.png")
def site_card(name: str):
    return _png(services.SITE_CARDS.get(name) or abort(404))


def _xml(name: str, template: str, urls, *args) -> Response:
    """A sitemap file, kept until public content changes (app.platform.public_cache)."""

    def render() -> str:
        return render_template(template, urls=urls(), absolute=services.absolute)

    body = public_cache.cached(name, render, services.absolute("/"), *args)
    return Response(body, mimetype="application/xml")


@bp.get("/sitemap.xml")
def sitemap():
    return _xml("sitemap-index", "sharing/sitemap_index.xml", services.sitemap_files)


@bp.get("/sitemap-pages.xml")
def sitemap_pages():
    return _xml("sitemap-pages", "sharing/sitemap.xml", services.page_urls)


@bp.get("/sitemap-evenements-<int:year>.xml")
def sitemap_events(year: int):
    if not services.edition_exists(year):
        abort(404)
    return _xml("sitemap-events", "sharing/sitemap.xml", lambda: services.event_urls(year), year)


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in services.ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {services.absolute('/sitemap.xml')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")
