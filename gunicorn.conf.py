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
max_requests = 2000  # recycle workers now and then (memory of PDF rendering)
max_requests_jitter = 200
preload_app = False  # each worker opens its own database connections
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # "" turns it off
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

# Several worker processes without Redis: the cache (generation token of public pages,
# cached pages and figures) must be shared by all of them, or a publication seen by one
# worker would leave the others serving stale pages. A folder of the instance does that.
if workers > 1 and not os.environ.get("REDIS_URL"):
    os.environ.setdefault("FLASK_CACHE_TYPE", "FileSystemCache")
