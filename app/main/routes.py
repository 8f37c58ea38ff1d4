from flask import render_template

from app import editions
from app.main import bp
from app.themes.services import themes_with_counts
from app.web.page_cache import public_page


@bp.get("/")
@public_page
def home():
    edition = editions.current_edition()
    from app.partners.services import visible_partners

    context = {
        "edition": edition,
        "phase": None,
        "figures": None,
        "themes": [],
        "partners": visible_partners(),
        "previous": None,
    }
    if edition is not None:
        # Until the edition has published events, its figures are the previous edition's.
        shown = editions.showcase(edition)
        context.update(
            phase=editions.phase(edition),
            figures=editions.key_figures(shown.id),
            themes=themes_with_counts(shown.id),
            previous=shown if shown.id != edition.id else None,
        )
    return render_template("main/home.html", **context)


@bp.get("/fichiers/<name>")
def uploaded_file(name: str):
    """Public images stored by app.web.uploads (event pictures, partner logos)."""
    from flask import abort, send_file

    from app.web import uploads

    path = uploads.path_of(name)
    if path is None:
        abort(404)
    response = send_file(path, max_age=31536000)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/favicon.ico")
def favicon():
    """Browsers and crawlers ask for /favicon.ico whatever the page links (static/favicon.ico)."""
    from flask import current_app, send_from_directory

    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )
