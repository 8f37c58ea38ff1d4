"""URL converters. Ids live in 64-bit signed columns (SQLite INTEGER, PostgreSQL BIGINT at
most): werkzeug's `<int:…>` is unbounded, and a larger number reaches the database, which
raises OverflowError (SQLite) or a numeric error (PostgreSQL) — a 500. The bounded
converter replaces "int" for every route at once: a value out of range does not match,
so the answer is 404."""

from __future__ import annotations

import builtins

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_INT = 2**63 - 1
MIN_INT = -(2**63)


class BoundedIntConverter(IntegerConverter):
    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = None, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits,
                         min=MIN_INT if min is None else builtins.max(min, MIN_INT),
                         max=MAX_INT if max is None else builtins.min(max, MAX_INT),
                         signed=signed)


def install(app: Flask) -> None:
    """Call before any route is added: a rule binds its converters when it joins the map."""
    app.url_map.converters["int"] = BoundedIntConverter
