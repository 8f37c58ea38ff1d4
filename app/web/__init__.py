"""Web plumbing shared by every blueprint: htmx rendering, template filters, security headers."""

from flask import Flask

from app.web import assets, csrf, filters, head, security


def init_app(app: Flask) -> None:
    filters.init_app(app)
    security.init_app(app)
    csrf.init_app(app)
    assets.init_app(app)
    head.install(app)
