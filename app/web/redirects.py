"""Redirect targets taken from the request (`next`) are limited to paths of this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    if not target or len(target) > 500:
        return default
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return default
    if target.startswith("//") or target.startswith("/\\") or "\\" in target:
        return default
    if any(ord(c) < 32 for c in target):
        return default
    return target


def french_redirect_body(response):
    """after_request: a redirect's body in French. Werkzeug writes an English page
    ("Redirecting… You should be redirected automatically…") for flask.redirect, Flask-Login's
    login redirects and its own routing redirects (a missing trailing slash)."""
    location = response.headers.get("Location")
    if not (300 <= response.status_code < 400) or not location:
        return response
    from flask_babel import gettext as _
    from markupsafe import escape

    link = escape(location)
    response.set_data(
        '<!doctype html>\n<html lang="fr">\n<meta charset="utf-8">\n'
        f"<title>{escape(_('Redirection'))}</title>\n"
        f"<p>{escape(_('Cette page se trouve à une autre adresse :'))} "
        f'<a href="{link}">{link}</a></p>\n</html>\n'
    )
    response.content_type = "text/html; charset=utf-8"
    return response
