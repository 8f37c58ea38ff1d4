"""Public vote for the Prix de l'impact local (/prix/vote/)."""

from flask import Blueprint

bp = Blueprint("vote", __name__)

from app.prizes.vote import cli, routes  # noqa: E402,F401
