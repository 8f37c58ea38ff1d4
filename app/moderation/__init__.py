from flask import Blueprint

bp = Blueprint("moderation", __name__)

from app.moderation import routes, routes_documents, routes_import  # noqa: E402,F401
