"""The public programme (/evenements/): search, event pages.

routes.py (request handlers), services.py (event rules), workflow.py (event states and
transitions), and the search split by concern: search.py (one search function: filters,
facet counts, pages), engine.py (the edition's published events held in memory as bitmaps,
per generation), params.py (URL → criteria), options.py (filter options and their counts),
search_text.py (how French is read), search_index.py (full-text index kept in sync),
spelling.py ("Vouliez-vous dire"), suggestions.py (as you type), feeds.py (the iCalendar and
Atom feeds of any search; its e-mail alerts are app.alerts)."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from app.events import routes  # noqa: E402,F401
