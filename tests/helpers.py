"""Helpers for view tests: CSRF tokens read from real pages, outbox messages, links in them."""

from __future__ import annotations

import re

from flask import current_app

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no csrf_token on {path}"
    return match.group(1) or match.group(2)


def outbox(to: str | None = None):
    from app.mail import outbox_messages

    with current_app.app_context():
        return outbox_messages(to)


def link_in(message, path_prefix: str) -> str:
    """The path of the first link of `message` that starts with `path_prefix`."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"[^\s\"<]*)", message.text)
    assert match, f"no link {path_prefix} in: {message.text}"
    return match.group(1)


def body(response) -> str:
    """The response text with HTML entities decoded (Jinja escapes apostrophes)."""
    import html

    return html.unescape(response.get_data(as_text=True))
