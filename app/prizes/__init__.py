from flask import Blueprint

bp = Blueprint("prizes", __name__)

from app.prizes import routes  # noqa: E402,F401
