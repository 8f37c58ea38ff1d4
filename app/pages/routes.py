"""Editorial pages: /decouvrir-l-ess, /les-acteurs and /pages/<slug>; the accessibility statement."""

from flask import abort, render_template

from app.pages import accessibility as accessibility_facts
from app.pages import bp, markdown, services

bp.add_app_template_global(accessibility_facts.LEVEL, "ACCESSIBILITY_LEVEL")


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


@bp.get("/accessibilite")
def accessibility():
    return render_template(
        "pages/accessibility.html",
        level=accessibility_facts.LEVEL,
        established=accessibility_facts.ESTABLISHED,
        rgaa_version=accessibility_facts.RGAA_VERSION,
        contact=accessibility_facts.CONTACT_EMAIL,
        technologies=accessibility_facts.TECHNOLOGIES,
        tools=accessibility_facts.TOOLS,
    )
