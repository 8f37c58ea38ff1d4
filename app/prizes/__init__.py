"""The Prix ESS (/prix/, /prix/candidature/, /cress/prix/, /jury/, /prix/vote/): one package
for the whole prize, from the call for candidacies to the laureates.

routes.py (the public pages: prizes, shortlist, laureates), loading.py (load a candidacy for
the person asking, or 404), and one sub-package per stage: candidacy/ (the applicants' drafts,
attachments, submission and the candidacy workflow), preselection/ (the CRESS evaluation),
jury/ (the national jury and its administration), vote/ (the public vote, Prix de l'impact
local). Every view runs in one transaction (app.web.transaction)."""

from flask import Blueprint

bp = Blueprint("prizes", __name__)

from app.prizes import routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
