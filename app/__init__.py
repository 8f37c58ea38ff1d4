"""Application factory of the Mois de l'ESS platform."""

from __future__ import annotations

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import CONFIGS
from app.extensions import babel, cache, csrf, db, install_template_gettext, limiter, login_manager, migrate
from app.platform import ratelimit


def create_app(config: str | None = None, **overrides) -> Flask:
    """`config`: development (default, or APP_CONFIG), testing or production; then
    instance/config.py, FLASK_* environment variables, DATABASE_URL, and `overrides`."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    from app.web import converters

    converters.install(app)
    app.config.from_object(CONFIGS[config or os.environ.get("APP_CONFIG", "development")])
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config.update(overrides)
    _default_database(app)
    app.config.setdefault("CACHE_DIR", os.path.join(app.instance_path, "cache"))
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = ratelimit.sqlite_uri(
            os.path.join(app.instance_path, "ratelimit.sqlite")
        )
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set (environment variable SECRET_KEY).")
    if app.config["PROXY_COUNT"]:
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    _init_extensions(app)
    _register_blueprints(app)
    app.config["BLUEPRINTS"] = frozenset(app.blueprints)

    from app import web
    from app.maps import web as map_web
    from app.platform import cli
    from app.web import errors

    web.init_app(app)
    map_web.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def _default_database(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        path = os.path.join(app.instance_path, "moisess.sqlite")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: "fr", timezone_selector=lambda: "Europe/Paris")
    install_template_gettext(app)
    cache.init_app(app)
    limiter.init_app(app)

    from app.platform import database

    with app.app_context():
        database.init_app(app, db.engine)

    import app.models  # noqa: F401  (register the models on the metadata)
    from app.events import search_index

    search_index.register_listeners()

    from app.platform import public_cache

    public_cache.install()

    from app.mail import sender

    sender.install()

    from flask_babel import lazy_gettext

    from app.accounts.sessions import load_user

    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = lazy_gettext("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"


# Each feature's blueprint and where it is mounted, in registration order.
BLUEPRINTS = (
    ("app.main", None),
    ("app.ops", None),
    ("app.themes", "/thematiques"),
    ("app.events", "/evenements"),
    ("app.regions", "/regions"),
    ("app.accounts", "/compte"),
    ("app.admin", "/admin"),
    ("app.partners", "/partenaires"),
    ("app.pages", None),
    ("app.newsletter", "/newsletter"),
    ("app.organisers", "/espace"),
    ("app.moderation", "/cress"),
    ("app.bilan", "/bilan"),
    ("app.prizes.candidacy", "/prix/candidature"),
    ("app.prizes.preselection", "/cress/prix"),
    ("app.prizes.jury", "/jury"),
    ("app.prizes", "/prix"),
    ("app.prizes.vote", "/prix/vote"),
    ("app.sharing", None),
    ("app.widget", "/widget"),
    ("app.alerts", "/alertes"),
    ("app.kit", "/kit"),
    ("app.api", "/api"),
    ("app.opendata", "/donnees"),
)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for module, prefix in BLUEPRINTS:
        blueprint = import_module(module).bp
        # The vote's commands (flask vote-purge) sit at the top level, not in a group.
        options = {"cli_group": None} if module == "app.prizes.vote" else {}
        app.register_blueprint(blueprint, url_prefix=prefix, **options)
