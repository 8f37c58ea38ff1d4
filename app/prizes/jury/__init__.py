"""National jury of the Prix ESS (/jury/): routes/ (jurors.py for the jurors' space, admin.py
for the national administration), forms.py, services.py (shortlist, criteria, scores,
rankings, laureates, publication)."""

from flask import Blueprint

bp = Blueprint("jury", __name__)

from app.prizes.jury.routes import admin, jurors  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
