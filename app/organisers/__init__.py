"""The organisers' space (/espace/): routes/ (space.py, events.py), forms.py and services/
(organisations.py, events.py, places.py, survey.py), commands.py (flask survey-invite);
event states are in app/events/workflow.py."""

from flask import Blueprint

# cli_group=None: its commands (flask survey-invite) sit at the top level.
bp = Blueprint("organisers", __name__, cli_group=None)

from app.organisers import commands, routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
