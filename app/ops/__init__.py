"""Operations endpoints (/healthz): routes.py, and health.py (database and Redis checks)."""

from flask import Blueprint

bp = Blueprint("ops", __name__)

from app.ops import routes  # noqa: E402,F401
