"""Web plumbing shared by every blueprint: htmx rendering (htmx.py), template filters, security
headers, CSRF, error pages (errors.py), uploaded images (uploads.py), one transaction per
request (transaction.py), the whole-page cache (page_cache.py), loading helpers."""

from flask import Flask

from app.web import assets, csrf, filters, head, redirects, security


def init_app(app: Flask) -> None:
    filters.init_app(app)
    security.init_app(app)
    csrf.init_app(app)
    assets.init_app(app)
    head.install(app)
    app.after_request(redirects.french_redirect_body)
