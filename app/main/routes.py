from flask import render_template

from app import editions
from app.main import bp
from app.themes.services import themes_with_counts


@bp.get("/")
def home():
    edition = editions.current_edition()
    context = {"edition": edition, "phase": None, "figures": None, "themes": []}
    if edition is not None:
        context.update(
            phase=editions.phase(edition),
            figures=editions.key_figures(edition.id),
            themes=themes_with_counts(edition.id),
        )
    return render_template("main/home.html", **context)
