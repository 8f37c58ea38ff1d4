"""The read-only JSON API (/api/v1/…): events with the search page's filters, one event,
themes, regions, départements, editions; its OpenAPI document and French documentation page.

routes.py (views, ETag, CORS, rate limit, JSON errors), services.py (parameters, pages),
serialize.py (schema.org Event and the other objects), openapi.py (the OpenAPI 3.1 document)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from app.api import routes  # noqa: E402,F401
