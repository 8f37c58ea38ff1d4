from flask import abort, render_template

from app import editions
from app.common.time import utcnow
from app.events.programme import ProgrammeCount
from app.themes import bp, services
from app.web.page_cache import public_page


@bp.get("/")
@public_page
def index():
    edition = editions.current_edition()
    themes = services.themes_with_counts(edition.id) if edition else []
    return render_template("themes/index.html", themes=themes, edition=edition)


@bp.get("/<slug>")
@public_page
def show(slug: str):
    theme = services.get_by_slug(slug) or abort(404)
    edition = editions.current_edition()
    counts = {tc.theme.id: tc.programme for tc in services.themes_with_counts(edition.id)} if edition else {}
    events = services.upcoming_events(theme, edition.id, utcnow()) if edition else []
    return render_template(
        "themes/show.html",
        theme=theme,
        count=counts.get(theme.id, ProgrammeCount(0)),
        events=events,
        edition=edition,
    )
