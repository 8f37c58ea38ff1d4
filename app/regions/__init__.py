"""Regional pages (/regions/): routes.py, services.py (cached counts and map points)."""

from flask import Blueprint

bp = Blueprint("regions", __name__)

from app.regions import routes  # noqa: E402,F401
