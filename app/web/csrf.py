"""CSRF on every unsafe request. Views built on a FlaskForm validate the token inside the
form instead (mark them with @form_view): a missing or expired token then shows the form
again with what the user typed and a French message, rather than an error page."""

from __future__ import annotations

from flask import Flask, request

from app.extensions import csrf

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def form_view(view):
    view.csrf_in_form = True
    return view


def init_app(app: Flask) -> None:
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False

    @app.before_request
    def _protect():
        if request.method not in UNSAFE_METHODS or not app.config.get("WTF_CSRF_ENABLED", True):
            return
        view = app.view_functions.get(request.endpoint)
        if view is not None and getattr(view, "csrf_in_form", False):
            return
        csrf.protect()
