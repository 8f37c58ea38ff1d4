from flask import Blueprint

bp = Blueprint("organisers", __name__)

from app.organisers import event_routes, routes  # noqa: E402,F401
