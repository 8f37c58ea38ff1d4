"""Configuration classes. Values can be overridden by instance/config.py and by
environment variables prefixed with FLASK_ (e.g. FLASK_SECRET_KEY), plus DATABASE_URL."""

from __future__ import annotations

import os


class Base:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    SUPPORTED_LOCALES = ("fr",)
    WTF_CSRF_TIME_LIMIT = 3600 * 8
    CACHE_TYPE = "SimpleCache"
    CACHE_DEFAULT_TIMEOUT = 300
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    SEARCH_PAGE_SIZE = 20
    SEARCH_MAX_QUERY_LENGTH = 200
    # Number of reverse proxies in front of the app (for ProxyFix); 0 when served directly.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True


class Development(Base):
    DEBUG = False
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-change-me")


class Testing(Base):
    TESTING = True
    SECRET_KEY = "testing-secret"
    WTF_CSRF_ENABLED = True
    RATELIMIT_ENABLED = False
    CACHE_TYPE = "NullCache"


class Production(Base):
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {"development": Development, "testing": Testing, "production": Production}
