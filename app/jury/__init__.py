from flask import Blueprint

bp = Blueprint("jury", __name__)

from app.jury import admin_routes, routes  # noqa: E402,F401
