"""Public vote for the Prix de l'impact local (/prix/vote/): routes.py (request handlers),
forms.py, services.py (vote rules, audit journal), challenge.py (anti-robot checks),
monitor.py (the admin's follow-up), sql.py, cli.py (`flask vote-purge`)."""

from flask import Blueprint

bp = Blueprint("vote", __name__)

from app.prizes.vote import cli, routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
