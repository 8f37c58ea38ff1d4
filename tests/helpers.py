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


def body_without_nonce(response) -> str:
    """`body(response)` without its Content-Security-Policy nonce (fresh in every response,
    cached pages included) nor its CSRF tokens (signed with the second they were made), to
    compare two responses of the same page."""
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    return _CSRF_VALUE.sub(r"\1", body(response).replace(nonce, ""))


# In forms (value="…") and in htmx's request headers (hx-headers='{"X-CSRFToken": "…"}').
_CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value="|"X-CSRFToken": ")[^"]*')


def forget_user_between_requests(app) -> None:
    """Tests hold an app context, which requests reuse: Flask-Login's cached user (in `g`)
    and CSRF token (in `g`) would leak from one client to another. Each request must read
    them from its own cookie, as in production."""
    from flask import g

    @app.before_request
    def _reset_login_cache():
        g.pop("_login_user", None)
        g.pop("csrf_token", None)  # Flask-WTF's cached token, per session in real life
        g.pop("csrf_valid", None)  # set by a global CSRF check; must not leak to the next request


def at_once(app, requests) -> list:
    """Run each `request(client)` in its own thread with its own client, all released
    together; return the responses (an exception fails the test)."""
    import threading

    barrier = threading.Barrier(len(requests))
    responses: list = []
    errors: list[BaseException] = []

    def run(request):
        try:
            own = app.test_client()
            prepared = request(own)
            barrier.wait()
            responses.append(prepared())
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert len(responses) == len(requests)
    return responses


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict):
    """The real gunicorn with gunicorn.conf.py and wsgi:app, as deployed, in the project folder."""
    import subprocess
    import sys
    from pathlib import Path

    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
