"""Links sent by e-mail: signed, expiring, and bound to a one-time random secret.

Signature (`make_token` / `read_token`): itsdangerous, timestamped, one salt per purpose, so
a token made for one purpose is refused by the others and its age tells "expired" from
"invalid" without a database read.

Secret: a link that acts (confirms, joins, resets…) carries a random secret that only its
e-mail received (`new_secret`, 256 bits, never issued twice). The database keeps only the
SHA-256 of it and finds the row by that hash, never by an id: SQLite gives a deleted row's
id to the next row, so a link naming an id could act on someone else's row.

One-time links (`issue` / `check` / `consume`): rows of one_time_link, with the purpose,
the account or organisation they refer to (foreign keys deleted with them) and the address
the link was sent to. `check` reads without using (a form shown first), `consume` uses in
one UPDATE … WHERE used_at IS NULL, so two clicks at once cannot both succeed. A used link
stays used until it expires and is purged (`flask links-purge`); after that its signature
has expired too. The vote keeps its own table (PendingVote.token_hash) and deletes the row
on confirmation: the same scheme, one indexed DELETE per confirmation."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select, update

from app.common.time import utcnow
from app.extensions import db
from app.models.link import OneTimeLink, new_secret


class TokenError(Exception):
    """The link cannot be used: `kind` is "invalid", "expired" or "used" (`link`: the used
    row, when known)."""

    def __init__(self, kind: str = "invalid", link: OneTimeLink | None = None):
        super().__init__(kind)
        self.kind = kind
        self.link = link

    @property
    def expired(self) -> bool:
        return self.kind == "expired"

    @property
    def used(self) -> bool:
        return self.kind == "used"


# --- signature ------------------------------------------------------------------------------


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"moisess-{purpose}")


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict:
    try:
        data = _serializer(purpose).loads(token or "", max_age=max_age)
    except SignatureExpired as exc:
        raise TokenError("expired") from exc
    except BadSignature as exc:
        raise TokenError() from exc
    if not isinstance(data, dict):
        raise TokenError()
    return data


# --- secret ---------------------------------------------------------------------------------


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def link_token(purpose: str, secret: str) -> str:
    """The token of a link: the secret, signed and timestamped for `purpose`."""
    return make_token(purpose, {"s": secret})


def token_hash(purpose: str, token: str, max_age: int) -> str:
    """The hash of the secret a valid token carries (TokenError otherwise). A token signed
    without a secret (an old link naming a row id) is invalid."""
    secret = read_token(purpose, token, max_age).get("s")
    if not isinstance(secret, str) or len(secret) < 32:
        raise TokenError()
    return secret_hash(secret)


# --- one-time links -------------------------------------------------------------------------


def issue(
    purpose: str,
    max_age: int,
    *,
    user=None,
    organisation=None,
    email: str = "",
    detail: str = "",
    now: datetime | None = None,
) -> str:
    """Record a new one-time link and return its token (to put in the e-mail's URL)."""
    now = now or utcnow()
    secret = new_secret()
    db.session.add(
        OneTimeLink(
            purpose=purpose,
            token_hash=secret_hash(secret),
            user_id=user.id if user else None,
            organisation_id=organisation.id if organisation else None,
            email=email[:255],
            detail=detail[:255],
            created_at=now,
            expires_at=now + timedelta(seconds=max_age),
        )
    )
    db.session.flush()
    return link_token(purpose, secret)


def check(purpose: str, token: str, max_age: int, now: datetime | None = None) -> OneTimeLink:
    """The link's row if it may still be used (nothing is changed); TokenError otherwise."""
    now = now or utcnow()
    hashed = token_hash(purpose, token, max_age)
    link = db.session.scalar(
        select(OneTimeLink).where(OneTimeLink.token_hash == hashed, OneTimeLink.purpose == purpose)
    )
    if link is None:  # its account or organisation was deleted
        raise TokenError()
    if link.used_at is not None:
        raise TokenError("used", link)
    if link.expires_at <= now:
        raise TokenError("expired", link)
    return link


def consume(link: OneTimeLink, now: datetime | None = None) -> None:
    """Use a link found by `check`, in one conditional UPDATE: TokenError("used") when
    another request used it first (the database decides, so only one click can win)."""
    now = now or utcnow()
    won = db.session.execute(
        update(OneTimeLink)
        .where(
            OneTimeLink.token_hash == link.token_hash,
            OneTimeLink.used_at.is_(None),
            OneTimeLink.expires_at > now,
        )
        .values(used_at=now)
        .returning(OneTimeLink.id),
        execution_options={"synchronize_session": False},
    ).first()
    if won is None:
        raise TokenError("used", link)
    db.session.expire(link, ["used_at"])


def use(purpose: str, token: str, max_age: int, now: datetime | None = None) -> OneTimeLink:
    """`check` then `consume`."""
    link = check(purpose, token, max_age, now)
    consume(link, now)
    return link


def revoke(purpose: str, *, user, now: datetime | None = None) -> int:
    """Mark as used every live link of `purpose` of `user` (e.g. reset links once the
    password has changed)."""
    now = now or utcnow()
    return (
        db.session.execute(
            update(OneTimeLink)
            .where(
                OneTimeLink.purpose == purpose, OneTimeLink.user_id == user.id, OneTimeLink.used_at.is_(None)
            )
            .values(used_at=now),
            execution_options={"synchronize_session": False},
        ).rowcount
        or 0
    )


def purge(now: datetime | None = None) -> int:
    """Delete expired links (used or not): their signature has expired too."""
    return (
        db.session.execute(delete(OneTimeLink).where(OneTimeLink.expires_at <= (now or utcnow()))).rowcount
        or 0
    )
