"""Static files with a content hash in their URL (`?v=<hash>`), so browsers and nginx can
cache them for a year: a changed file gets a new URL."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask


def init_app(app: Flask) -> None:
    static_root = Path(app.static_folder)

    @lru_cache(maxsize=512)
    def version(filename: str) -> str | None:
        path = (static_root / filename).resolve()
        if static_root.resolve() not in path.parents or not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]

    @app.url_defaults
    def _hashed_static(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            v = version(values["filename"])
            if v:
                values["v"] = v

    app.get_send_file_max_age = _max_age(app)


def _max_age(app: Flask):
    from flask import request

    def get_send_file_max_age(filename):
        if request.args.get("v"):
            return 31536000  # versioned URL: immutable for a year
        return 3600

    return get_send_file_max_age
