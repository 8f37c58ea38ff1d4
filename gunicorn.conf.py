"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.
Each value can be overridden by the environment (GUNICORN_BIND, GUNICORN_WORKERS…)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # PDF programmes take a few seconds
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory of PDF rendering). Not too often: under a burst of
# 1,000 requests/s a recycle every 2,000 requests was a restart every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# The app is loaded once in the master, then workers fork from it: a new or recycled worker
# is ready at once instead of importing everything again (about a second of CPU each).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # "" turns it off
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

# Several worker processes without Redis: the cache (generation token of public pages,
# cached pages and figures) must be shared by all of them, or a publication seen by one
# worker would leave the others serving stale pages. A folder of the instance does that.
# (Rate limits need nothing here: without Redis, create_app() always counts them in
# instance/ratelimit.sqlite, shared by the workers; see app/platform/ratelimit.py.)
if workers > 1 and not os.environ.get("REDIS_URL"):
    os.environ.setdefault("FLASK_CACHE_TYPE", "FileSystemCache")


def _dispose_connections(flask_app, close: bool) -> None:
    """Drop the app's pooled database connections (`close`: closing them too; a forked worker
    must not, as they belong to the master)."""
    from app.extensions import db

    with flask_app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=close)


def post_fork(server, worker):
    """Each worker opens its own database connections: none opened by the master (closed by
    when_ready after its warm-up) may be shared across processes."""
    if preload_app:
        _dispose_connections(server.app.wsgi(), close=False)


def when_ready(server):
    """With the app preloaded, the master warms the search engine (snapshot, cards, frequent
    words) before it forks any worker: every worker, and every worker recycled later
    (max_requests), is born with it instead of spending seconds of CPU rendering 20,000 cards
    while it already serves searches. Then the master closes its database connections, which
    no worker may share."""
    if not preload_app:
        return
    from app.events import engine

    flask_app = server.app.wsgi()
    report = engine.warm(flask_app)
    if report:
        server.log.info("search engine warmed before forking: %s", report)
    _dispose_connections(flask_app, close=True)


def post_worker_init(worker):
    """The worker catches up, in the background, with what changed since the master warmed
    the search engine (a publication since: its snapshot, the cards that changed); without a
    preloaded app it builds everything here (about 5 s at 20,000 events) rather than in its
    first search."""
    import threading

    from app.events import engine

    def catch_up():
        report = engine.warm(worker.wsgi)
        if report:
            worker.log.info("search engine: %s", report)

    threading.Thread(target=catch_up, daemon=True).start()
