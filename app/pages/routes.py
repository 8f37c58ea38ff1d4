"""Editorial pages: /decouvrir-l-ess, /les-acteurs and /pages/<slug>."""

from flask import abort, render_template

from app.pages import bp, markdown, services


def _show(slug: str):
    page = services.get_page(slug) or abort(404)
    return render_template("pages/show.html", page=page, html=markdown.render(page.body))


@bp.get("/decouvrir-l-ess")
def discover():
    return _show("decouvrir-l-ess")


@bp.get("/les-acteurs")
def actors():
    return _show("les-acteurs")


@bp.get("/pages/<slug>")
def show(slug: str):
    return _show(slug)
