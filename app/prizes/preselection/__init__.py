from flask import Blueprint

bp = Blueprint("preselection", __name__)

from app.prizes.preselection import routes  # noqa: E402,F401
