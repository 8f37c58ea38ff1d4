"""The kit page and its files: logo and badge (SVG, PNG), posters and event flyers (PDF)."""

from __future__ import annotations

from flask import Response, abort, render_template, url_for
from sqlalchemy import select

from app.events import services as event_services
from app.extensions import db
from app.kit import bp, documents, drawings
from app.models import Edition
from app.sharing.services import absolute
from app.web.loading import current_edition_or_404
from app.web.page_cache import public_page

DRAWINGS = {"logo": drawings.logo, "badge": drawings.badge}
MAX_AGE = 3600


def _edition_or_404(year: int) -> Edition:
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    if edition is None:
        abort(404)
    return edition


def _file(body: str | bytes, mimetype: str, name: str, inline: bool = True) -> Response:
    response = Response(body, mimetype=mimetype)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@bp.get("/")
@public_page
def index():
    edition = current_edition_or_404()
    year = edition.year
    badge = drawings.badge(year)
    return render_template(
        "kit/page.html",
        edition=edition,
        logo=drawings.logo(year),
        badge=badge,
        badge_snippet=drawings.embed_code(
            badge,
            absolute(url_for("kit.drawing", year=year, name="badge", fmt="png")),
            absolute(url_for("main.home")),
        ),
        posters=documents.POSTER_SIZES,
    )


@bp.get("/<int:year>/<any(logo, badge):name>.<any(svg, png):fmt>")
def drawing(year: int, name: str, fmt: str):
    edition = _edition_or_404(year)
    picture = DRAWINGS[name](edition.year)
    file_name = f"{'logo' if name == 'logo' else 'badge-je-participe'}-mois-ess-{edition.year}.{fmt}"
    if fmt == "svg":
        return _file(drawings.to_svg(picture), "image/svg+xml", file_name)
    return _file(drawings.to_png(picture), "image/png", file_name)


@bp.get("/<int:year>/affiche-<any(a4, a3):size>.pdf")
def poster(year: int, size: str):
    edition = _edition_or_404(year)
    return _file(
        documents.poster_pdf(edition, size), "application/pdf", f"affiche-mois-ess-{year}-{size}.pdf"
    )


@bp.get("/affichettes/<int:event_id>-<any(a5, a4):size>.pdf")
def flyer(event_id: int, size: str):
    event = event_services.get_public(event_id)
    if event is None:
        abort(404)
    return _file(documents.flyer_pdf(event, size), "application/pdf", documents.flyer_name(event, size))
