"""Signed, expiring links sent by e-mail. Each purpose has its own salt, so a token made
for one purpose is refused by the others."""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class TokenError(Exception):
    """The link is invalid or expired; `expired` tells which."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"moisess-{purpose}")


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict:
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenError(expired=True) from exc
    except BadSignature as exc:
        raise TokenError() from exc
    if not isinstance(data, dict):
        raise TokenError()
    return data


def fingerprint(value: str) -> str:
    """Short digest of a secret (e.g. a password hash): a token carrying it dies when it changes."""
    return hashlib.sha256(value.encode()).hexdigest()[:20]
