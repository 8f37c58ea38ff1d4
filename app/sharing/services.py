"""What search engines and social networks read: absolute URLs on the configured public
address (PUBLIC_URL), the canonical URL of each public page, the OpenGraph / Twitter card of
a page, and the URLs listed in sitemap.xml."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, request, url_for
from flask_babel import gettext
from markupsafe import Markup
from sqlalchemy import func, select

from app.common.text import plain_excerpt
from app.extensions import db
from app.models import Edition, Event, Page, PrizePublication, Region, Theme
from app.sharing import cards

# The public pages: they carry a canonical URL and a share card, and sitemap.xml lists them.
CANONICAL_ENDPOINTS = frozenset(
    {
        "main.home",
        "themes.index",
        "themes.show",
        "events.search_page",
        "events.show",
        "regions.index",
        "regions.show",
        "pages.discover",
        "pages.actors",
        "pages.show",
        "pages.accessibility",
        "partners.index",
        "bilan.current",
        "bilan.edition",
        "bilan.region",
        "prizes.index",
        "prizes.shortlist",
        "prizes.laureates",
    }
)
SITE_NAME = "Le Mois de l'ESS"


def absolute(path: str) -> str:
    """`path` (from url_for) on the public address: PUBLIC_URL when set (behind proxies, in
    e-mails and for crawlers), else the address of the current request."""
    base = current_app.config.get("PUBLIC_URL") or request.url_root
    return base.rstrip("/") + path


def canonical_url() -> str | None:
    """The one URL of the current public page; None elsewhere (back-office, forms).

    Every search (filters, page, map or list view) has the search page itself as canonical:
    filter combinations are endless near-copies of the same listing, while each event, theme
    and region has its own page in the sitemap."""
    if request.endpoint not in CANONICAL_ENDPOINTS:
        return None
    if request.endpoint == "events.search_page":
        return absolute(url_for("events.search_page"))
    return absolute(request.path)


@dataclass(frozen=True)
class ShareTags:
    title: str
    description: str
    url: str
    image: str
    image_alt: str
    generated_image: bool
    kind: str = "website"


def _card_url(subject) -> tuple[str, bool]:
    if isinstance(subject, Event):
        if subject.image_file:
            return url_for("main.uploaded_file", name=subject.image_file), False
        return url_for("sharing.event_card", event_id=subject.id), True
    if isinstance(subject, Theme):
        return url_for("sharing.theme_card", slug=subject.slug), True
    if isinstance(subject, Region):
        return url_for("sharing.region_card", slug=subject.slug), True
    name = subject if subject in SITE_CARDS else "site"
    return url_for("sharing.site_card", name=name), True


def share_tags(subject, title, description) -> ShareTags | None:
    """The card of the current public page: `subject` is its event, theme or region (or
    "prix"), `title` and `description` the page's own (HTML blocks of the template)."""
    url = canonical_url()
    if url is None:
        return None
    if request.endpoint == "main.home":
        title = gettext("Le Mois de l'Économie Sociale et Solidaire")  # rather than "Accueil"
    title = plain_excerpt(Markup(str(title)).unescape(), 200) or SITE_NAME
    image, generated = _card_url(subject)
    return ShareTags(
        title=title,
        description=plain_excerpt(Markup(str(description)).unescape(), 160),
        url=url,
        image=absolute(image),
        image_alt=title,
        generated_image=generated,
        kind="article" if isinstance(subject, Event) else "website",
    )


# Generated cards of pages without an event, theme or region of their own.
SITE_CARDS = {
    "site": cards.Card(
        "Le Mois de l'Économie Sociale et Solidaire", ("Chaque mois de novembre, partout en France",)
    ),
    "prix": cards.Card("Les Prix ESS", ("Prix de l'impact local et prix nationaux",), accent="#ffd166"),
}


def event_card(event: Event, when: str) -> cards.Card:
    place = event.commune if event.in_person and event.commune else ("En ligne" if event.online else "")
    where = ", ".join(p for p in (place, event.region.name if event.region else "") if p)
    return cards.Card(event.title, tuple(p for p in (when, where) if p), accent=event.theme.color)


def theme_card(theme: Theme) -> cards.Card:
    return cards.Card(theme.name, (plain_excerpt(theme.description, 60),), accent=theme.color)


def region_card(region: Region) -> cards.Card:
    return cards.Card(region.name, ("Les événements de l'ESS en région",))


def get_published_event(event_id: int) -> Event | None:
    return db.session.scalar(select(Event).where(Event.id == event_id, Event.status == "publie"))


def get_theme(slug: str) -> Theme | None:
    return db.session.scalar(select(Theme).where(Theme.slug == slug))


def get_region(slug: str) -> Region | None:
    return db.session.scalar(select(Region).where(Region.slug == slug))


@dataclass(frozen=True)
class SitemapUrl:
    path: str
    lastmod: datetime | None = None


def sitemap_files() -> Iterator[SitemapUrl]:
    """The sitemaps listed by the sitemap index: the pages, then the events of each edition
    that has published events (most recent first), each with its latest change. One file per
    edition keeps each well under the 50,000 URLs a sitemap may hold."""
    yield SitemapUrl(url_for("sharing.sitemap_pages"))
    rows = db.session.execute(
        select(Edition.year, func.max(Event.updated_at))
        .join(Event, Event.edition_id == Edition.id)
        .where(Event.status == "publie")
        .group_by(Edition.year)
        .order_by(Edition.year.desc())
    )
    for year, updated in rows:
        yield SitemapUrl(url_for("sharing.sitemap_events", year=year), updated)


def page_urls() -> Iterator[SitemapUrl]:
    """Every public page but the events: home, themes, regions, the search, the prizes (what
    is published), editorial pages, the bilans. Unpublished pages are left out."""
    from app import editions

    edition = editions.current_edition()
    yield SitemapUrl(url_for("main.home"))
    if edition:  # the search, the prizes and the bilan follow the current edition
        yield SitemapUrl(url_for("events.search_page"))
    yield SitemapUrl(url_for("themes.index"))
    for slug in db.session.scalars(select(Theme.slug).order_by(Theme.number)):
        yield SitemapUrl(url_for("themes.show", slug=slug))
    yield SitemapUrl(url_for("regions.index"))
    region_slugs = db.session.scalars(select(Region.slug).order_by(Region.name)).all()
    if edition:
        for slug in region_slugs:
            yield SitemapUrl(url_for("regions.show", slug=slug))
        yield SitemapUrl(url_for("prizes.index"))
        publication = db.session.get(PrizePublication, edition.id)
        if publication and publication.shortlist_published_at:
            yield SitemapUrl(url_for("prizes.shortlist"), publication.shortlist_published_at)
        if publication and publication.laureates_published_at:
            yield SitemapUrl(url_for("prizes.laureates"), publication.laureates_published_at)
    yield SitemapUrl(url_for("partners.index"))
    yield SitemapUrl(url_for("pages.discover"))
    yield SitemapUrl(url_for("pages.actors"))
    yield SitemapUrl(url_for("pages.accessibility"))
    reserved = {"decouvrir-l-ess", "les-acteurs"}
    for slug, updated in db.session.execute(
        select(Page.slug, Page.updated_at).where(Page.published).order_by(Page.slug)
    ):
        if slug not in reserved:
            yield SitemapUrl(url_for("pages.show", slug=slug), updated)
    if edition:
        yield SitemapUrl(url_for("bilan.current"))
        for year in db.session.scalars(select(Edition.year).order_by(Edition.year.desc())):
            yield SitemapUrl(url_for("bilan.edition", year=year))
        for slug in region_slugs:
            yield SitemapUrl(url_for("bilan.region", year=edition.year, slug=slug))


def edition_exists(year: int) -> bool:
    return db.session.scalar(select(Edition.id).where(Edition.year == year)) is not None


def event_urls(year: int) -> Iterator[SitemapUrl]:
    """The published events of the edition of `year` (drafts, submitted and refused events
    are left out)."""
    rows = db.session.execute(
        select(Event.id, Event.slug, Event.updated_at)
        .join(Edition, Edition.id == Event.edition_id)
        .where(Edition.year == year, Event.status == "publie")
        .order_by(Event.id)
    )
    for event_id, slug, updated in rows:
        yield SitemapUrl(url_for("events.show", event_id=event_id, slug=slug), updated)


# Back-office, accounts, forms, downloads and fragments: nothing for a search engine.
ROBOTS_DISALLOW = (
    "/espace/",
    "/cress/",
    "/admin/",
    "/compte/",
    "/jury/",
    "/prix/candidature/",
    "/prix/vote/",
    "/newsletter/",
    "/evenements/?",  # filtered searches: the search page and each event are listed instead
    "/evenements/*/apercu",
    "/*.ics$",
    "/healthz",
    "/alertes/",
    "/evenements/flux.",  # feeds of searches (app/events/feeds.py): copies of the search
)
