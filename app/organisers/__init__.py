"""The organisers' space (/espace/): routes/ (space.py, events.py), forms.py and services/
(organisations.py, events.py, places.py); event states are in app/events/workflow.py."""

from flask import Blueprint

bp = Blueprint("organisers", __name__)

from app.organisers import routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
