"""Redirect targets taken from the request (`next`) are limited to paths of this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    if not target or len(target) > 500:
        return default
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return default
    if target.startswith("//") or target.startswith("/\\") or "\\" in target:
        return default
    if any(ord(c) < 32 for c in target):
        return default
    return target
