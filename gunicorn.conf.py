"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.
Each value can be overridden by the environment (GUNICORN_BIND, GUNICORN_WORKERS…)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")


def _cores() -> int:
    """The cores this process may run on (its CPU affinity: a container's cpuset, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return multiprocessing.cpu_count()


# One worker per core, not gunicorn's usual 2×cores+1: a search is answered from memory
# (app.events.engine), CPU work rather than a wait on the database, and more processes than
# cores only make requests queue for a core. Computed searches on 2 cores (bench/, distinct
# URLs, 16 connections): 440/s with a p95 of 150 ms with 5 workers, 630/s and 57 ms with 2.
# The 2 threads of each worker cover the requests that do wait (database, mail outbox).
# Several gunicorn on one machine (moisess@8001 and @8002): share the cores between them.
workers = int(os.environ.get("GUNICORN_WORKERS") or _cores())
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # PDF programmes take a few seconds
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, a safety net against slow memory growth (PDF rendering: 170
# then 180 MB over 25 programmes of 400 events, flat after the fifth). Rarely: a recycle is
# not free. The stopping worker takes no new connection for up to 2 s (gunicorn lets its
# kept-alive ones linger) before its replacement is forked: with one worker per gunicorn, the
# requests nginx sent there meanwhile waited (p95 1 s on the load test's row where it
# happened, 20,000 requests per worker); with several, the connections it held all moved to
# the others for good (13 of 16 on one of two workers, computed searches 634/s -> 474/s).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "200000"))
max_requests_jitter = max_requests // 10
# The app is loaded once in the master, then workers fork from it: a new or recycled worker
# is ready at once instead of importing everything again (about a second of CPU each).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # "" turns it off
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
# gunicorn's control socket (the `gunicornc` tool) only with a path of its own: by default it
# is ~/.gunicorn/gunicorn.ctl for every instance of a user, so the second gunicorn of a machine
# (moisess@8002) took over the first one's, and its thread ran in the master, which forks.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

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
