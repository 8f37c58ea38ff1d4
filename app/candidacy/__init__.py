from flask import Blueprint

bp = Blueprint("candidacy", __name__)

from app.candidacy import routes  # noqa: E402,F401
