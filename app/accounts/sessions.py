"""Server-side account sessions.

Logging in opens an AccountSession row; Flask-Login's id, kept in the session cookie and in
the remember-me cookie, is "<user id>:<secret>", and the row keeps the secret's SHA-256.
The loader accepts a cookie only while its row exists: logging out deletes the row, so a
copy of either cookie made before is dead; a password or address change deletes the
user's other rows, an admin's deactivation all of them. Rows idle longer than
ACCOUNT_SESSION_IDLE_LIFETIME are refused and pruned.

Functions flush but never commit (the loader's throttled "last seen" stamp excepted: it is
its own short transaction, see _touch)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError

from app.common.time import utcnow
from app.extensions import db
from app.models import AccountSession, User
from app.platform.database import has_write_intent

# "Last seen" is written at most this often per session (a write per request would not do).
TOUCH_INTERVAL = timedelta(minutes=10)
_MAX_ID_LENGTH = 200


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _parse(session_id: str | None) -> tuple[int, str] | None:
    """(user id, secret) from "<id>:<secret>", or None for anything else."""
    if not session_id or len(session_id) > _MAX_ID_LENGTH:
        return None
    user_id, _sep, secret = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= 18 and secret):
        return None
    return int(user_id), secret


def _idle_cutoff():
    return utcnow() - current_app.config["ACCOUNT_SESSION_IDLE_LIFETIME"]


def open_session(user: User, user_agent: str = "") -> None:
    """A new session for `user`, who can then be handed to login_user()."""
    now = utcnow()
    db.session.execute(delete(AccountSession).where(AccountSession.last_seen_at < _idle_cutoff()))
    secret = secrets.token_urlsafe(32)
    db.session.add(
        AccountSession(
            user_id=user.id,
            token_hash=_digest(secret),
            created_at=now,
            last_seen_at=now,
            user_agent=summarize_user_agent(user_agent),
        )
    )
    db.session.flush()
    user.session_secret = secret


def load_user(session_id: str | None) -> User | None:
    """Flask-Login's user loader: the active user whose live session this id names. One
    query on the unique index of the secret's hash, joined with the user."""
    parsed = _parse(session_id)
    if parsed is None:
        return None
    user_id, secret = parsed
    row = db.session.execute(
        select(User, AccountSession.id, AccountSession.last_seen_at)
        .join(AccountSession, AccountSession.user_id == User.id)
        .where(
            AccountSession.token_hash == _digest(secret),
            User.id == user_id,
            User.active.is_(True),
            AccountSession.last_seen_at >= _idle_cutoff(),
        )
    ).first()
    if row is None:
        return None
    user, row_id, last_seen_at = row
    user.session_secret = secret
    if utcnow() - last_seen_at >= TOUCH_INTERVAL:
        _touch(row_id)
    return user


def _touch(row_id: int) -> None:
    """Stamp "last seen" in a short transaction of its own: a page view (GET) does not
    commit. Skipped when this request already holds SQLite's write lock (it would wait for
    itself); a busy database skips it too: the next request will stamp."""
    if has_write_intent():
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(
                update(AccountSession.__table__)
                .where(AccountSession.id == row_id)
                .values(last_seen_at=utcnow())
            )
    except OperationalError:
        current_app.logger.info("account session %s: last seen not stamped (busy)", row_id)


def end_session(session_id: str | None) -> None:
    """Log out: the session's row goes, and with it every copy of its cookies."""
    parsed = _parse(session_id)
    if parsed is not None:
        user_id, secret = parsed
        db.session.execute(
            delete(AccountSession).where(
                AccountSession.user_id == user_id, AccountSession.token_hash == _digest(secret)
            )
        )


def end_other_sessions(user: User, keep: str | None = None) -> None:
    """End every session of `user` but the one `keep` names (its Flask-Login id), if any."""
    query = delete(AccountSession).where(AccountSession.user_id == user.id)
    parsed = _parse(keep)
    if parsed is not None and parsed[0] == user.id:
        query = query.where(AccountSession.token_hash != _digest(parsed[1]))
    db.session.execute(query)


def current_id(user: User) -> str | None:
    """The Flask-Login id of the session `user` was loaded with in this request, if any."""
    return user.get_id() if user.session_secret else None


@dataclass(frozen=True)
class SessionLine:
    """One line of the "Sessions actives" list on the account page."""

    browser: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def listing(user: User) -> list[SessionLine]:
    """The user's live sessions, the one of this request first, then the most recently seen."""
    rows = db.session.scalars(
        select(AccountSession)
        .where(AccountSession.user_id == user.id, AccountSession.last_seen_at >= _idle_cutoff())
        .order_by(AccountSession.last_seen_at.desc(), AccountSession.id.desc())
    )
    mine = _digest(user.session_secret) if user.session_secret else None
    lines = [
        SessionLine(row.user_agent or "?", row.created_at, row.last_seen_at, row.token_hash == mine)
        for row in rows
    ]
    return sorted(lines, key=lambda line: not line.current)


_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def summarize_user_agent(user_agent: str) -> str:
    """ "Firefox · Linux" from a User-Agent header: enough to recognise one's own browsers."""
    user_agent = user_agent or ""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return " · ".join(part for part in (browser, system) if part) or user_agent[:80]
