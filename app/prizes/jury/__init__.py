from flask import Blueprint

bp = Blueprint("jury", __name__)

from app.prizes.jury.routes import admin, jurors  # noqa: E402,F401
