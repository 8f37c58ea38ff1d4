"""The embeddable widget (/widget/): a light page of the current edition's upcoming events,
with the search's filters, that any site may frame (routes.py, marked @embeddable), and the
generator page that previews it and gives the snippet to copy (services.py: the widget's
options, its events, its URL and snippet)."""

from flask import Blueprint

bp = Blueprint("widget", __name__)

from app.widget import routes  # noqa: E402,F401
