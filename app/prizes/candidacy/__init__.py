from flask import Blueprint

bp = Blueprint("candidacy", __name__)

from app.prizes.candidacy import routes  # noqa: E402,F401
