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
    shown = editions.showcase(edition)  # the previous edition until this one has events
    themes = services.themes_with_counts(shown.id) if shown else []
    previous = shown if shown and shown.id != edition.id else None
    return render_template("themes/index.html", themes=themes, edition=edition, previous=previous)


@bp.get("/<slug>")
@public_page
def show(slug: str):
    theme = services.get_by_slug(slug) or abort(404)
    edition = editions.current_edition()
    shown = editions.showcase(edition)  # the previous edition until this one has events
    counts = {tc.theme.id: tc.programme for tc in services.themes_with_counts(shown.id)} if shown else {}
    events = services.upcoming_events(theme, shown.id, utcnow()) if shown else []
    return render_template(
        "themes/show.html",
        theme=theme,
        count=counts.get(theme.id, ProgrammeCount(0)),
        events=events,
        edition=edition,
        previous=shown if shown and shown.id != edition.id else None,
    )
