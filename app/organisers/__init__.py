from flask import Blueprint

bp = Blueprint("organisers", __name__)

from app.organisers import routes  # noqa: E402,F401
