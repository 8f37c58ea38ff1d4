"""Accounts (/compte/): sign-up, confirmation, login, sessions, passwords, e-mail change.

routes.py (request handlers), forms.py, services.py (account rules), and domain modules:
sessions.py (server-side sessions), passwords.py (Argon2 hashing), permissions.py (who may
do what, asked by every back-office view)."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from app.accounts import routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
