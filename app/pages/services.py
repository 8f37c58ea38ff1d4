"""Editorial pages written by the national team in Markdown (Découvrir l'ESS, Les acteurs…).

The two pages linked from the footer always exist: until the team writes them, a short
default text is shown."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.common.errors import RuleError
from app.extensions import db
from app.models import Page

RESERVED = {
    "decouvrir-l-ess": (
        _l("Découvrir l'ESS"),
        _l(
            "L'économie sociale et solidaire (ESS) rassemble les associations, coopératives, "
            "mutuelles, fondations et entreprises sociales qui concilient activité économique "
            "et utilité sociale.\n\nChaque mois de novembre, elles ouvrent leurs portes : "
            "[trouvez un événement près de chez vous](/evenements/)."
        ),
    ),
    "les-acteurs": (
        _l("Les acteurs de l'ESS"),
        _l(
            "Associations, coopératives, mutuelles, fondations, entreprises sociales : "
            "les acteurs de l'ESS sont présents dans tous les secteurs et dans toutes les régions.\n\n"
            "Les chambres régionales de l'ESS (CRESS) les représentent dans chaque région."
        ),
    ),
}


@dataclass(frozen=True)
class PageView:
    slug: str
    title: str
    body: str
    saved: bool


def get_page(slug: str, *, public: bool = True) -> PageView | None:
    page = db.session.scalar(select(Page).where(Page.slug == slug))
    if page is not None and (page.published or not public):
        return PageView(page.slug, page.title, page.body, True)
    if page is None and slug in RESERVED:
        title, body = RESERVED[slug]
        return PageView(slug, str(title), str(body), False)
    return None


def all_pages() -> list[PageView]:
    """Saved pages plus the reserved pages not written yet."""
    saved = {p.slug: p for p in db.session.scalars(select(Page).order_by(Page.title))}
    views = [PageView(p.slug, p.title, p.body, True) for p in saved.values()]
    views += [PageView(s, str(t), str(b), False) for s, (t, b) in RESERVED.items() if s not in saved]
    return views


def page_record(slug: str) -> Page | None:
    return db.session.scalar(select(Page).where(Page.slug == slug))


def save_page(page: Page | None, *, slug: str, title: str, body: str, published: bool) -> Page:
    clash = select(Page.id).where(Page.slug == slug)
    if page is not None:
        clash = clash.where(Page.id != page.id)
    if db.session.scalar(clash) is not None:
        raise RuleError(_l("Une page utilise déjà cette adresse."), "slug")
    if page is None:
        page = Page(slug=slug)
        db.session.add(page)
    page.slug, page.title, page.body, page.published = slug, title, body, published
    db.session.flush()
    return page
