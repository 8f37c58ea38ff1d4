"""Theme pages (/thematiques/): routes.py, services.py (cached counts per theme)."""

from flask import Blueprint

bp = Blueprint("themes", __name__)

from app.themes import routes  # noqa: E402,F401
