"""The public programme (/evenements/): search, event pages.

routes.py (request handlers), services.py (event rules), workflow.py (event states and
transitions), and the search split by concern: search.py (one search function), params.py
(URL → criteria), options.py and facets.py (filter options and counts), search_index.py
(full-text index kept in sync)."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from app.events import routes  # noqa: E402,F401
