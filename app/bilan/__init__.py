from flask import Blueprint

bp = Blueprint("bilan", __name__)

from app.bilan import routes  # noqa: E402,F401
