from flask import Blueprint

bp = Blueprint("preselection", __name__)

from app.preselection import routes  # noqa: E402,F401
