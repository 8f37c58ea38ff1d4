"""Public pages of the Prix ESS (/prix/): the prizes, rules and calendar, the published
shortlist of 50 (printable) and the published laureates."""

from __future__ import annotations

from flask import abort, render_template

from app.common.time import utcnow
from app.extensions import db
from app.models import PrizePublication
from app.prizes import bp
from app.prizes.candidacy.steps import CATEGORIES, category_label
from app.prizes.jury import services
from app.web.loading import current_edition_or_404


def _published(edition_id: int) -> PrizePublication | None:
    return db.session.get(PrizePublication, edition_id)


@bp.get("/")
def index():
    edition = current_edition_or_404()
    pub = _published(edition.id)
    return render_template(
        "prizes/index.html",
        edition=edition,
        categories=CATEGORIES,
        shortlist_published=bool(pub and pub.shortlist_published_at),
        laureates_published=bool(pub and pub.laureates_published_at),
    )


@bp.get("/les-50")
def shortlist():
    edition = current_edition_or_404()
    pub = _published(edition.id)
    if not (pub and pub.shortlist_published_at):
        abort(404)
    return render_template(
        "prizes/shortlist.html",
        edition=edition,
        candidacies=services.shortlist(edition.id),
        category_label=category_label,
    )


@bp.get("/laureats")
def laureates():
    edition = current_edition_or_404()
    pub = _published(edition.id)
    if not (pub and pub.laureates_published_at):
        return render_template(
            "prizes/laureates_pending.html",
            edition=edition,
            announcement=services.laureates_announcement(edition, utcnow()),
        )
    return render_template(
        "prizes/laureates.html",
        edition=edition,
        laureates=services.laureates(edition.id),
        category_label=category_label,
    )
