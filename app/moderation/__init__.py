"""The CRESS back-office (/cress/): routes/ (queue.py, documents.py, imports.py), forms.py,
services.py (queue and decisions), documents.py (exports and programme), importer/ (bulk import)."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from app.moderation import routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
