"""Anti-robot challenges served by our own site, without third parties.

- Proof of work in the style of ALTCHA: the server picks a random salt and a secret number
  in [0, max]; it sends sha256(salt + number) signed with HMAC; the browser
  (static/js/vote-pow.js) finds the number by trying them all and posts it back.
- Without JavaScript: a simple arithmetic question whose expected answer is signed.
Both expire and are single use (their salt is recorded in vote_used_challenge)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from base64 import b64decode
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete

from app.common.time import utcnow
from app.extensions import db
from app.models import UsedChallenge
from app.platform.links import TokenError, make_token, read_token
from app.prizes.vote.sql import insert_ignore

QUESTION = "vote-question"
NUMBERS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]


def _key() -> bytes:
    return current_app.config["SECRET_KEY"].encode()


def _sign(text: str) -> str:
    return hmac.new(_key(), text.encode(), hashlib.sha256).hexdigest()


def new_pow(now=None) -> dict:
    now = now or utcnow()
    expires = int((now + timedelta(seconds=current_app.config["VOTE_CHALLENGE_MAX_AGE"])).timestamp())
    salt = f"{secrets.token_hex(12)}?expires={expires}"
    number = secrets.randbelow(current_app.config["VOTE_POW_MAX_NUMBER"] + 1)
    challenge = hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
    return {
        "algorithm": "SHA-256",
        "challenge": challenge,
        "salt": salt,
        "signature": _sign(challenge),
        "maxnumber": current_app.config["VOTE_POW_MAX_NUMBER"],
    }


def _spend(salt: str, expires_at) -> bool:
    """Record the salt; False when it had already been used."""
    return insert_ignore(UsedChallenge.__table__, {"salt": salt[:64], "expires_at": expires_at}) == 1


def verify_pow(payload: str, now=None) -> bool:
    """`payload`: base64 JSON {algorithm, challenge, number, salt, signature} (ALTCHA's form)."""
    now = now or utcnow()
    try:
        data = json.loads(b64decode(payload, validate=True)) if payload else None
        salt, number = str(data["salt"]), int(data["number"])
        challenge, signature = str(data["challenge"]), str(data["signature"])
        expires = int(salt.rsplit("?expires=", 1)[1])
    except (ValueError, KeyError, TypeError, IndexError):
        return False
    if not hmac.compare_digest(_sign(challenge), signature):
        return False
    if hashlib.sha256(f"{salt}{number}".encode()).hexdigest() != challenge:
        return False
    from datetime import datetime

    if expires < now.timestamp():
        return False
    return _spend(salt, datetime.utcfromtimestamp(expires))


def new_question() -> tuple[str, str]:
    a, b = secrets.randbelow(8) + 1, secrets.randbelow(8) + 1
    token = make_token(QUESTION, {"n": secrets.token_hex(12), "a": a + b})
    return _("Combien font %(a)s plus %(b)s ? (répondez en chiffres)", a=NUMBERS[a], b=NUMBERS[b]), token


def verify_question(token: str, answer: str, now=None) -> bool:
    now = now or utcnow()
    max_age = current_app.config["VOTE_CHALLENGE_MAX_AGE"]
    try:
        data = read_token(QUESTION, token or "", max_age)
    except TokenError:
        return False
    try:
        if int((answer or "").strip()) != int(data.get("a")):
            return False
    except (TypeError, ValueError):
        return False
    return _spend("q:" + str(data.get("n")), now + timedelta(seconds=max_age))


def purge_used(now=None) -> int:
    return (
        db.session.execute(delete(UsedChallenge).where(UsedChallenge.expires_at < (now or utcnow()))).rowcount
        or 0
    )
