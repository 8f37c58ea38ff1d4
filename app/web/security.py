"""Security headers of every response, set in this one place: Content-Security-Policy with a
per-request script/style nonce, Permissions-Policy, nosniff, Referrer-Policy, framing.

Templates put `nonce="{{ csp_nonce() }}"` on every inline <script> and <style>; the nonce is
drawn once per request (page_cache puts a fresh one into a cached page, as it does for the
CSRF token). Scripts: only our own files ('self') and nonced inline scripts — no
'unsafe-inline', no 'unsafe-eval' (htmx runs with allowEval: false and takes the nonce from
its meta config for the inline scripts of swapped fragments, e.g. a map).

Styles: <style> elements need the nonce too (style-src-elem falls back to style-src), but
style="" attributes are allowed by `style-src-attr 'unsafe-inline'`. They carry data-driven
values the templates cannot know in advance (theme colours chosen in the admin, as CSS custom
properties) and Folium/Leaflet build popups with style attributes; CSS in an attribute cannot
run script, and the text it could come from is escaped. Browsers without style-src-attr
(older than 2022) ignore the attributes — a cosmetic loss — but never inline <style>.
"""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Callable, Sequence

from flask import Flask, Response, current_app, has_request_context, request

from app.maps.basemap import tile_origins

NONCE_KEY = "moisess.csp_nonce"
# geolocation stays open to our own pages for a future "near me" search.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
    "encrypted-media=(), fullscreen=(self), geolocation=(self), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)


class _RandomBytes:
    """Bytes of the operating system's random source (os.urandom), read 4 KiB at a time and
    each handed out once. Reading 16 bytes per response was a system call per response, and
    a thread leaving the interpreter lock for one waits up to 5 ms to get it back while
    another thread of the worker computes (py-spy: 18 % of a worker's samples on distinct
    searches under load)."""

    def __init__(self, size: int = 4096):
        self.size = size
        self._buffer = b""
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def take(self, n: int) -> bytes:
        with self._lock:
            if self._pid != os.getpid():  # a forked worker never reuses its parent's bytes
                self._buffer, self._pid = b"", os.getpid()
            if len(self._buffer) < n:
                self._buffer = os.urandom(self.size)
            taken, self._buffer = self._buffer[:n], self._buffer[n:]
        return taken


_random = _RandomBytes()


def new_nonce() -> str:
    """128 random bits, URL-safe (as secrets.token_urlsafe(16))."""
    return base64.urlsafe_b64encode(_random.take(16)).rstrip(b"=").decode("ascii")


def csp_nonce() -> str:
    """The nonce of the current response: drawn on first use, then the same all request.
    Kept in the request's WSGI environ, which no two requests share (an app context may be)."""
    if not has_request_context():
        return new_nonce()  # e.g. a template rendered by a CLI command
    environ = request.environ
    if NONCE_KEY not in environ:
        environ[NONCE_KEY] = new_nonce()
    return environ[NONCE_KEY]


def embeddable(view: Callable) -> Callable:
    """Mark a view whose page may be framed by other sites (a widget for partners):
    its frame-ancestors come from EMBED_FRAME_ANCESTORS instead of 'self'."""
    view.embeddable = True
    return view


def _is_embeddable() -> bool:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return bool(getattr(view, "embeddable", False))


def content_security_policy(nonce: str, frame_ancestors: str, tile_origins: Sequence[str] = ()) -> str:
    # data: for small icons inlined by Leaflet's CSS; map tiles only from the configured
    # basemap's host(s) (app/maps/basemap.py).
    images = ["'self'", "data:", *tile_origins]
    directives = {
        "default-src": "'self'",
        "script-src": f"'nonce-{nonce}' 'self'",
        "style-src": f"'nonce-{nonce}' 'self'",
        "style-src-attr": "'unsafe-inline'",
        "img-src": " ".join(images),
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _security_headers(response: Response) -> Response:
        embedded = _is_embeddable()
        ancestors = app.config.get("EMBED_FRAME_ANCESTORS", "*") if embedded else "'self'"
        response.headers["Content-Security-Policy"] = content_security_policy(
            csp_nonce(), ancestors, tile_origins(app.config)
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if not embedded:
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response
