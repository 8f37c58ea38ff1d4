"""CRESS pre-selection of the Prix ESS (/cress/prix/): routes.py (request handlers), forms.py,
services.py (evaluation, pre-selection, nominees of the public vote)."""

from flask import Blueprint

bp = Blueprint("preselection", __name__)

from app.prizes.preselection import routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
