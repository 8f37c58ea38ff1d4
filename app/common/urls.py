"""Query strings built many times: every search answer links to a dozen other searches (its
chips, views and pages) and to its feeds, made of the same few key=value pairs."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote_plus


def query_string(items: Iterable[tuple[str, object]], safe: str = "") -> str:
    """urlencode(items, safe=safe), each pair encoded once per process."""
    return "&".join(_pair(key, str(value), safe) for key, value in items)


@lru_cache(maxsize=8192)
def _pair(key: str, value: str, safe: str) -> str:
    return f"{quote_plus(key, safe)}={quote_plus(value, safe)}"
