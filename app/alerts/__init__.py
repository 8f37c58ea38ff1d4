"""E-mail alerts on a search (/alertes/): routes.py (subscribe, confirm, unsubscribe, my alerts),
forms.py, services.py (double opt-in, weekly digests), commands.py (flask alerts-send)."""

from flask import Blueprint

bp = Blueprint("alerts", __name__)

from app.alerts import routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
