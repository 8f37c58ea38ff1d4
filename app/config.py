"""Configuration classes. Values can be overridden by instance/config.py and by
environment variables prefixed with FLASK_ (e.g. FLASK_SECRET_KEY), plus DATABASE_URL."""

from __future__ import annotations

import os
from datetime import timedelta


class Base:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # SQLite only: how long a transaction waits for the write lock before "database is locked"
    # (then a 503 page asking to retry).
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "5000"))
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    SUPPORTED_LOCALES = ("fr",)
    WTF_CSRF_TIME_LIMIT = 3600 * 8
    # CSRF is checked on every unsafe request by app/web/csrf.py (inside forms for form views).
    WTF_CSRF_CHECK_DEFAULT = False
    # Redis (REDIS_URL) shares rate-limit counters and cached fragments between app servers;
    # without it, the cache lives in each process's memory (see gunicorn.conf.py).
    REDIS_URL = os.environ.get("REDIS_URL") or ""
    CACHE_TYPE = "RedisCache" if REDIS_URL else "SimpleCache"
    CACHE_REDIS_URL = REDIS_URL
    CACHE_KEY_PREFIX = "moisess:"
    CACHE_DEFAULT_TIMEOUT = 300
    CACHE_THRESHOLD = 5000  # entries kept by the in-memory or file cache (not Redis)
    # Whole public pages for anonymous visitors (app/web/page_cache.py); 0 disables.
    PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "60"))
    # Where: "shared" (the cache above), "local" (each process's memory, at most
    # PAGE_CACHE_LOCAL_BYTES of HTML) or "auto": local when the shared cache is files.
    PAGE_CACHE_STORE = os.environ.get("PAGE_CACHE_STORE", "auto")
    PAGE_CACHE_LOCAL_BYTES = 32 << 20
    # Map background (app/maps/basemap.py): "offline" (local vector background), "ign" (Plan
    # IGN v2 tiles) or "osm"; FLASK_MAP_TILES_URL (+ _ATTRIBUTION) names another tile server.
    MAP_BASEMAP = "offline"
    # Without Redis, create_app() counts in a SQLite file of the instance, shared by the
    # processes of this server (app/platform/ratelimit.py); memory:// would count per process.
    RATELIMIT_STORAGE_URI = REDIS_URL
    RATELIMIT_KEY_PREFIX = "moisess"
    RATELIMIT_HEADERS_ENABLED = True
    # Public address of the site ("https://www.lemois-ess.org"): canonical URLs, share cards,
    # sitemap.xml and robots.txt use it; without it, the address of each request.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    SURVEY_DAYS = 62  # the organisers' survey stays open this many days after the Month
    SEARCH_PAGE_SIZE = 20
    # Words of the events' titles, most frequent first, whose events each worker's search
    # engine reads as it starts (shared between workers through the cache): 0 for none.
    SEARCH_PRELOAD_WORDS = 200
    SEARCH_MAX_QUERY_LENGTH = 200
    # Number of reverse proxies in front of the app (for ProxyFix); 0 when served directly.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Server-side sessions (app/accounts/sessions.py): one unused this long is ended, and a
    # remembered login lasts as long.
    ACCOUNT_SESSION_IDLE_LIFETIME = timedelta(days=30)
    REMEMBER_COOKIE_DURATION = ACCOUNT_SESSION_IDLE_LIFETIME
    # E-mail: SMTP when MAIL_SERVER is set, else .eml files in MAIL_OUTBOX_DIR (instance/outbox).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Le Mois de l'ESS <ne-pas-repondre@lemois-ess.fr>"
    )
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", "")
    # Messages are rows of the outbox table, delivered after the commit (app/mail/sender.py):
    # "inline" right after each commit, by the process that committed (development, tests);
    # "worker" by the `flask mail-worker` process (production).
    MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY", "inline")
    MAIL_BATCH_SIZE = 100
    MAIL_LEASE_SECONDS = 300  # a claimed message is sent by its sender within this time, or retried
    MAIL_SMTP_TIMEOUT = 20
    MAIL_MAX_ATTEMPTS = 8  # then "failed" (retried from /admin/outbox)
    MAIL_RETRY_DELAY_SECONDS = 60  # doubled after each failure…
    MAIL_RETRY_MAX_DELAY_SECONDS = 6 * 3600  # …up to this
    MAIL_PURGE_DAYS = int(os.environ.get("MAIL_PURGE_DAYS", "7"))  # sent messages kept (personal data)
    # Uploaded files (logos, event images) live outside static/, under random names.
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", "")
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    # Lifetimes of the links sent by e-mail (seconds).
    CONFIRM_LINK_MAX_AGE = 3 * 24 * 3600
    RESET_LINK_MAX_AGE = 3600
    # Limits on sensitive forms (Flask-Limiter syntax), per client address.
    RATELIMIT_LOGIN = "10 per minute;60 per hour"
    RATELIMIT_SIGNUP = "5 per minute;30 per hour"
    RATELIMIT_RESET = "5 per minute;20 per hour"
    RATELIMIT_AUTOCOMPLETE = "120 per minute"
    RATELIMIT_NEWSLETTER = "5 per minute;30 per hour"
    # The public JSON API (/api/v1/…), per client address.
    RATELIMIT_API = "120 per minute;3000 per hour"
    # Newsletter links: confirmation (double opt-in) and unsubscription (kept valid long).
    NEWSLETTER_CONFIRM_MAX_AGE = 7 * 24 * 3600
    NEWSLETTER_UNSUBSCRIBE_MAX_AGE = 2 * 365 * 24 * 3600
    # Newsletter issues: subscribers queued per batch (a progress page request, flask newsletter-send).
    NEWSLETTER_SEND_BATCH_SIZE = int(os.environ.get("NEWSLETTER_SEND_BATCH_SIZE", "200"))
    # Public vote (/prix/vote/): salt of the voters' hashes (set it in production!),
    # confirmation link lifetime, per-IP and per-domain limits, anti-robot challenges.
    VOTE_HASH_SALT = os.environ.get("VOTE_HASH_SALT", "")
    VOTE_CONFIRM_MAX_AGE = 48 * 3600
    RATELIMIT_VOTE = "10 per minute;50 per hour"
    VOTE_DOMAIN_HOURLY_LIMIT = int(os.environ.get("VOTE_DOMAIN_HOURLY_LIMIT", "300"))
    # The webmail services most French voters use: a vote call relayed by a partner can
    # bring thousands of them within an hour.
    VOTE_WEBMAIL_HOURLY_LIMIT = int(os.environ.get("VOTE_WEBMAIL_HOURLY_LIMIT", "6000"))
    VOTE_WEBMAIL_DOMAINS = frozenset(
        (
            "gmail.com orange.fr wanadoo.fr free.fr sfr.fr neuf.fr laposte.net hotmail.fr "
            "hotmail.com outlook.fr outlook.com live.fr yahoo.fr yahoo.com icloud.com me.com "
            "bbox.fr aol.com gmx.fr proton.me protonmail.com"
        ).split()
    )
    VOTE_NOMINEES = 15
    VOTE_CHALLENGE_MAX_AGE = 20 * 60
    VOTE_POW_MAX_NUMBER = 100_000

    # Feeds of a search (iCalendar, Atom) and e-mail alerts (app/alerts/).
    FEED_UID_DOMAIN = "lemois-ess.org"  # event UIDs, whatever the host serving the feed
    FEED_MAX_EVENTS = 500
    FEED_MAX_AGE = 900  # seconds a feed may be kept by clients and proxies
    RATELIMIT_ALERTS = "5 per minute;30 per hour"
    ALERT_CONFIRM_MAX_AGE = 7 * 24 * 3600
    ALERT_LINK_MAX_AGE = 2 * 365 * 24 * 3600  # unsubscribe and "my alerts" links


class Development(Base):
    DEBUG = False
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-change-me")


class Testing(Base):
    TESTING = True
    SECRET_KEY = "testing-secret"
    WTF_CSRF_ENABLED = True
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    CACHE_TYPE = "NullCache"
    VOTE_HASH_SALT = "testing-vote-salt"
    MAIL_DELIVERY = "inline"  # tests read the messages right after the request
    VOTE_POW_MAX_NUMBER = 2000
    # Cheap password hashing in tests only (production keeps argon2-cffi's defaults).
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8192


class Production(Base):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # The "__Host-" prefix: browsers keep such a cookie only if it is Secure, for Path=/ and
    # without Domain, so no subdomain or plain-http page can plant or overwrite it.
    SESSION_COOKIE_NAME = "__Host-session"
    REMEMBER_COOKIE_NAME = "__Host-remember"
    MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY", "worker")
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {"development": Development, "testing": Testing, "production": Production}
