"""Editorial pages: routes.py, services.py (page rules), markdown.py (sanitised rendering),
accessibility.py (the accessibility statement and its conformity level)."""

from flask import Blueprint

bp = Blueprint("pages", __name__)

from app.pages import routes  # noqa: E402,F401
