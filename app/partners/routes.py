"""Public page of the partners (/partenaires/)."""

from flask import render_template

from app.partners import bp, services


@bp.get("/")
def index():
    return render_template("partners/index.html", partners=services.visible_partners())
