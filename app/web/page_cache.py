"""Whole-page cache of public pages for anonymous visitors (each process's memory; the
generation token in Redis in production).

`@public_page` on a GET view stores its HTML response, with the public generation token
(app.platform.public_cache) it was computed at, under a key made of the host, the path with
its query string and the htmx headers that change the answer (full page or fragment): in
the process's memory (`LocalStore`, bounded in bytes), or in the shared cache with
PAGE_CACHE_STORE=shared (the token and the page then read in one round trip). A page of
another generation is not served. Any commit touching public content gives a new
generation, so every process of every app server computes fresh pages at once;
`PAGE_CACHE_TIMEOUT` (seconds, 0 disables) also bounds what depends on the clock (campaign
phase, "à venir").

Never cached: signed-in visitors, visitors with a message waiting (flash), other methods
or statuses, very long URLs. The page's CSRF token belongs to the visitor's session: it is
stored as a placeholder and each visitor's own token is put back when the page is served;
the Content-Security-Policy nonce likewise, so each response has a fresh one matching its header.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from functools import wraps
from typing import Any, Callable

from flask import Response, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from app.extensions import cache
from app.platform import public_cache
from app.web import htmx
from app.web.security import csp_nonce

CSRF_PLACEHOLDER = "__page-cache-csrf-token__"
NONCE_PLACEHOLDER = "__page-cache-csp-nonce__"
VARIANT_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target")
KEPT_HEADERS = ("Vary", "Cache-Control", "Content-Language")
MAX_URL_LENGTH = 600


def public_page(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        key = _key()
        if key is None:
            return view(*args, **kwargs)
        entry = _get(key)
        if entry is not None and entry[0] == public_cache.generation():
            return _replay(entry)
        response = current_app.make_response(view(*args, **kwargs))
        entry = _entry(response)
        if entry is not None:
            _set(key, entry)
            response.headers["X-Page-Cache"] = "miss"
        return response

    return wrapper


def _key() -> str | None:
    timeout = current_app.config.get("PAGE_CACHE_TIMEOUT", 0)
    if request.method != "GET" or not timeout or len(request.full_path) > MAX_URL_LENGTH:
        return None
    if "_flashes" in session or current_user.is_authenticated:
        return None
    variant = "|".join(htmx.header(name) for name in VARIANT_HEADERS)
    # The host is part of the key: without PUBLIC_URL, canonical and share URLs are built from
    # it, and a forged Host header must not reach other visitors through the cache. The
    # generation is not: it is kept in the entry (read with the token in one round trip) and
    # a page of an older generation is never served (the next one overwrites it).
    return ":".join(("page", request.host, request.full_path, variant))


def _entry(response: Response) -> tuple | None:
    if (
        response.status_code != 200
        or response.direct_passthrough
        or response.mimetype != "text/html"
        or "Set-Cookie" in response.headers
    ):
        return None
    html = response.get_data(as_text=True)
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if token:
        html = html.replace(token, CSRF_PLACEHOLDER)
    html = html.replace(csp_nonce(), NONCE_PLACEHOLDER)
    headers = [(name, value) for name, value in response.headers.items() if name in KEPT_HEADERS]
    return public_cache.generation(), html, headers


def _replay(entry: tuple) -> Response:
    _generation, html, headers = entry
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, generate_csrf())
    if NONCE_PLACEHOLDER in html:
        html = html.replace(NONCE_PLACEHOLDER, csp_nonce())
    response = Response(html, 200, headers=headers, mimetype="text/html")
    response.headers["X-Page-Cache"] = "hit"
    return response


class LocalStore:
    """Pages in this process's memory: at most `budget` bytes of HTML, each for `timeout`
    seconds, the least recently used dropped first. Safe across a worker's threads."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[str, tuple[float, int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            expires, size, value = found
            if expires <= time.monotonic():
                del self._entries[key]
                self.size -= size
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: tuple, timeout: int) -> None:
        size = len(value[1])
        if size > self.budget:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._entries[key] = (time.monotonic() + timeout, size, value)
            self.size += size
            while self.size > self.budget:
                _, (_, dropped, _) = self._entries.popitem(last=False)
                self.size -= dropped

    def __len__(self) -> int:
        return len(self._entries)


def store():
    """The page store of this app (see the module's docstring)."""
    app = current_app._get_current_object()
    found = app.extensions.get("page_store")
    if found is None:
        kind = app.config.get("PAGE_CACHE_STORE", "auto")
        if kind == "auto":
            # Each process keeps its pages: a page costs a few milliseconds to compute, once
            # per generation and process, while keeping it in Redis cost a write of every
            # computed page and a transfer of tens of kilobytes for every cached one (the
            # load bench's computed searches on the Redis stack: 283/s, then 358/s local).
            kind = "shared" if app.config.get("CACHE_TYPE") == "NullCache" else "local"
        found = LocalStore(app.config.get("PAGE_CACHE_LOCAL_BYTES", 32 << 20)) if kind == "local" else cache
        app.extensions["page_store"] = found
    return found


def _get(key: str):
    try:
        found = store()
        return public_cache.read_with_generation(key) if found is cache else found.get(key)
    except Exception:  # a cache outage serves fresh pages, it does not fail them
        current_app.logger.exception("page cache read failed")
        return None


def _set(key: str, entry: tuple) -> None:
    try:
        store().set(key, entry, timeout=current_app.config["PAGE_CACHE_TIMEOUT"])
    except Exception:
        current_app.logger.exception("page cache write failed")
