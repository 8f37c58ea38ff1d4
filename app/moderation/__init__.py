"""The CRESS back-office (/cress/): routes/ (queue.py, documents.py, imports.py), forms.py,
services.py (queue and decisions), documents.py (exports and programme), importer/ (bulk import),
cli.py (flask moderation-digest)."""

from flask import Blueprint

# cli_group=None: `flask moderation-digest` sits at the top level.
bp = Blueprint("moderation", __name__, cli_group=None)

from app.moderation import cli, routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
