"""URL converters. Every id and year lives in an INTEGER column: 64-bit on SQLite, but
32-bit on PostgreSQL (SERIAL). werkzeug's `<int:…>` is unbounded, and a larger number
reaches the database, which raises OverflowError (SQLite, beyond 2**63) or "integer out of
range" (PostgreSQL, beyond 2**31) — a 500. The bounded converter replaces "int" for every
route at once, with the smaller of the two limits: a value out of range does not match,
so the answer is 404 on both databases."""

from __future__ import annotations

import builtins

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_INT = 2**31 - 1  # PostgreSQL INTEGER
MIN_INT = -(2**31)


class BoundedIntConverter(IntegerConverter):
    def __init__(
        self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed: bool = False
    ) -> None:
        super().__init__(
            map,
            fixed_digits=fixed_digits,
            min=MIN_INT if min is None else builtins.max(min, MIN_INT),
            max=MAX_INT if max is None else builtins.min(max, MAX_INT),
            signed=signed,
        )


def install(app: Flask) -> None:
    """Call before any route is added: a rule binds its converters when it joins the map."""
    app.url_map.converters["int"] = BoundedIntConverter
