"""Partners page (/partenaires/): routes.py, forms.py, services.py (partner rules)."""

from flask import Blueprint

bp = Blueprint("partners", __name__)

from app.partners import routes  # noqa: E402,F401
