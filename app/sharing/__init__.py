"""Sharing and search engines: OpenGraph / Twitter card tags and canonical URLs (services.py),
the generated share images (cards.py), sitemap.xml and robots.txt (routes.py)."""

from flask import Blueprint

bp = Blueprint("sharing", __name__)

from app.sharing import routes  # noqa: E402,F401
