"""Open data (/donnees/): every edition's published events as CSV (French spreadsheets) and
JSON under the Licence Ouverte 2.0, with their data dictionary, and a link to the API.

columns.py (the one definition of the columns), services.py (editions offered, rows streamed
in batches), routes.py (the page and the downloads)."""

from flask import Blueprint

bp = Blueprint("opendata", __name__)

from app.opendata import routes  # noqa: E402,F401
