"""French error pages (HTML, or a short fragment for htmx requests)."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.platform.database import is_lock_error

RETRY_AFTER_SECONDS = 5


def init_app(app: Flask) -> None:
    def page(code: int):
        return render_template(f"errors/{code}.html"), code

    @app.errorhandler(400)
    def bad_request(_e):
        return page(400)

    @app.errorhandler(CSRFError)
    def csrf_error(_e):
        return render_template("errors/400.html", csrf=True), 400

    @app.errorhandler(403)
    def forbidden(_e):
        return page(403)

    @app.errorhandler(404)
    def not_found(_e):
        return page(404)

    @app.errorhandler(405)
    def method_not_allowed(_e):
        return page(405)

    @app.errorhandler(413)
    def too_large(_e):
        return page(413)

    @app.errorhandler(429)
    def too_many(_e):
        return page(429)

    @app.errorhandler(OperationalError)
    def database_busy(error):
        # SQLite's write lock still taken after the busy timeout: ask to retry, no trace.
        if not is_lock_error(error):
            raise error
        db.session.rollback()
        return render_template("errors/503.html"), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    @app.errorhandler(500)
    def server_error(_e):
        db.session.rollback()
        return page(500)
