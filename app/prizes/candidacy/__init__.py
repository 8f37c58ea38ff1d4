"""Candidacy to the Prix ESS (/prix/candidature/): routes.py (request handlers), forms.py,
steps.py (the questions, step by step), services.py (drafts, submission, late codes),
workflow.py (the statuses, their transitions and history), attachments.py (the files)."""

from flask import Blueprint

bp = Blueprint("candidacy", __name__)

from app.prizes.candidacy import routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
