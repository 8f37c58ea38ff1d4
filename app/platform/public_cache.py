"""Cached public figures (home, themes, regions), invalidated when published events change.

A "generation" token is kept in the cache (Redis in production, so shared by every app
server; the process's memory otherwise). Every cached value's key includes it. When a
transaction commits a change to an Event that is published before or after the change
(publication, edit of a published event, cancellation, unpublication, deletion), a new token
is written: the next request of any server computes fresh values. Old entries simply expire.
Changes to the other content shown on public pages as it is (editions and their calendar,
themes, regions, partners, pages, organisations, nominees, prize publications) also give a
new token, for the whole-page cache of app.web.page_cache.

Only plain data (ints, tuples, dicts of ids) is cached, never ORM objects.
"""

from __future__ import annotations

import os
import threading
import uuid
from typing import Any, Callable

from flask import current_app, has_request_context, request
from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from app.extensions import cache

GENERATION_KEY = "public-events-generation"
_FLAG = "public_events_changed"
_MEMO = "moisess.public_generation"
# The token's lifetime: "never expires" (0) would make it the first entry the in-memory and
# file caches evict when they are full (they drop the entries that expire first, and 0 sorts
# first), and every server would then recompute everything. Ten years sort last.
GENERATION_TIMEOUT = 10 * 365 * 24 * 3600


class _RedisToken:
    """The token in Redis, kept in this process's memory until Redis says it changed.

    Every request reads the token, and a round trip cost about 0.5 ms of a computed search
    (Redis has to wake up, or wait for a core while the app servers keep both busy). This
    connection asks Redis to push a message whenever the key changes (RESP3 tracking,
    broadcast mode for this key only, Redis 6+); a read first takes any pending message off
    the socket (no waiting) and asks Redis again only after one. Redis queues the message
    when the key is written, so a server reads the new token as soon as the write is done.
    (redis-py's own client-side cache needs Redis 7.4; Debian ships 7.0.)"""

    def __init__(self, url: str, key: str):
        import redis

        self.key = key
        self.lock = threading.Lock()
        self.token: str | None = None  # None: not known, ask Redis
        self.connection = redis.ConnectionPool.from_url(url, protocol=3).make_connection()
        self.connection.register_connect_callback(self._track)

    def _track(self, connection) -> None:
        connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self.key)
        connection.read_response()

    def _command(self, *args):
        """One command, sent again once on a new connection if the connection was lost (a
        Redis restart, an idle connection closed); GET and SET can be repeated."""
        import redis

        for attempt in (1, 2):
            try:
                # Messages that arrive while reading a reply are about writes done before
                # it: the reply already holds their value.
                self.connection.send_command(*args)
                return self.connection.read_response()
            except (redis.ConnectionError, redis.TimeoutError):
                self.token = None
                self.connection.disconnect()  # the next command reconnects and tracks again
                if attempt == 2:
                    raise

    def get(self) -> str | None:
        with self.lock:
            try:
                while self.token is not None and self.connection.can_read():
                    self.connection.read_response(push_request=True)  # the key changed
                    self.token = None
            except Exception:  # connection lost: messages may have been lost with it
                self.token = None
                self.connection.disconnect()
            if self.token is None:
                value = self._command("GET", self.key)
                self.token = value.decode() if value is not None else None
            return self.token

    def add(self, token: str) -> bool:
        with self.lock:
            self.token = None
            return bool(self._command("SET", self.key, token, "NX", "EX", GENERATION_TIMEOUT))

    def set(self, token: str) -> None:
        with self.lock:
            self.token = None
            self._command("SET", self.key, token, "EX", GENERATION_TIMEOUT)


class _CacheToken:
    """The token in the app's cache (the process's memory, or files shared by the workers)."""

    def get(self) -> str | None:
        return cache.get(GENERATION_KEY)

    def add(self, token: str) -> bool:
        return cache.add(GENERATION_KEY, token, timeout=GENERATION_TIMEOUT)

    def set(self, token: str) -> None:
        cache.set(GENERATION_KEY, token, timeout=GENERATION_TIMEOUT)


def _token_store() -> _RedisToken | _CacheToken:
    """Where this app keeps the token: Redis when it is the cache. One connection per process:
    a forked worker must not share its master's socket."""
    app = current_app._get_current_object()
    if app.config.get("CACHE_TYPE") != "RedisCache":
        return _CacheToken()
    stores = app.extensions.setdefault("public_generation", {})
    store = stores.get(os.getpid())
    if store is None:
        name = app.config.get("CACHE_KEY_PREFIX", "") + "public-generation-token"
        store = stores[os.getpid()] = _RedisToken(app.config["CACHE_REDIS_URL"], name)
    return store


def generation() -> str:
    """The current token, read once per request (a request reads it several times: page
    cache, search engine, reference data)."""
    token = request.environ.get(_MEMO) if has_request_context() else None
    if token is None:
        store = _token_store()
        token = store.get()
        if token is None:
            token = uuid.uuid4().hex
            # add() keeps a token another server may have just written.
            if not store.add(token):
                token = store.get() or token
        if has_request_context():
            request.environ[_MEMO] = token
    return token


def read_with_generation(key: str) -> Any:
    """The value of `key` in the shared cache, read in the same round trip as the generation
    token when the token lives in that cache and this request has not read it yet (one round
    trip instead of two for a cached page)."""
    if not has_request_context() or _MEMO in request.environ:
        return cache.get(key)
    if isinstance(_token_store(), _RedisToken):  # the token is read without a round trip
        generation()
        return cache.get(key)
    token, value = cache.get_many(GENERATION_KEY, key)
    if token is None:
        generation()  # none yet: created as usual
    else:
        request.environ[_MEMO] = token
    return value


def bump() -> None:
    """Invalidate every cached public figure (on every server sharing the cache)."""
    token = uuid.uuid4().hex
    _token_store().set(token)
    if has_request_context():
        request.environ[_MEMO] = token


def key(name: str, *args: Any) -> str:
    """A cache key that changes with the generation of public content."""
    return ":".join(["pub", generation(), name, *map(str, args)])


def etag(*parts: Any) -> str:
    """An HTTP validator (ETag) of public content: changes with the generation and `parts`."""
    import hashlib

    text = "|".join(map(str, (generation(), *parts)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cached(name: str, compute: Callable[[], Any], *args: Any) -> Any:
    key_ = key(name, *args)
    value = cache.get(key_)
    if value is None:
        value = compute()
        cache.set(key_, value)
    return value


_LOCAL: dict[tuple, Any] = {}
_LOCAL_TOKEN: list[str] = [""]


def local(name: str, compute: Callable[[], Any], *args: Any) -> Any:
    """Like cached(), but kept in this process's memory for the current generation: no
    round trip to the shared cache, for small values read by every request (the editions'
    calendar). Values of older generations are dropped as soon as the token changes."""
    token = generation()
    if _LOCAL_TOKEN[0] != token:
        _LOCAL.clear()
        _LOCAL_TOKEN[0] = token
    key_ = (name, *args)
    value = _LOCAL.get(key_)
    if value is None:
        value = _LOCAL[key_] = compute()
    return value


def _public_models() -> tuple[type, ...]:
    """Models shown on public pages as they are (the cached pages of app.web.page_cache)."""
    from app import models

    return (
        models.Edition,
        models.Theme,
        models.Region,
        models.Departement,
        models.Partner,
        models.Page,
        models.Organisation,
        models.Nominee,
        models.PrizePublication,
        models.RegionalPartner,
    )


def _touches_public_content(session: Session) -> bool:
    from app.models import Event, Organisation

    public_models = _public_models()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, public_models):
            # A new organisation shows nowhere until one of its events is published.
            created = obj in session.new and not isinstance(obj, Organisation)
            if created or obj in session.deleted or (obj not in session.new and session.is_modified(obj)):
                return True
            continue
        if not isinstance(obj, Event):
            continue
        history = sa_inspect(obj).attrs.status.history
        statuses = {*history.added, *history.unchanged, *history.deleted, obj.status}
        if "publie" in statuses and (
            obj in session.new or obj in session.deleted or session.is_modified(obj)
        ):
            return True
    return False


def _after_flush(session: Session, _context) -> None:
    if not session.info.get(_FLAG) and _touches_public_content(session):
        session.info[_FLAG] = True


def _after_bulk(execute_state) -> None:
    # UPDATE/DELETE statements on the event table (bulk operations) also invalidate.
    from app.models import Event

    if (
        (execute_state.is_update or execute_state.is_delete)
        and execute_state.bind_mapper is not None
        and execute_state.bind_mapper.class_ is Event
    ):
        execute_state.session.info[_FLAG] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(_FLAG, False):
        try:
            bump()
        except Exception:  # a cache outage must not fail a committed transaction
            from flask import current_app

            current_app.logger.exception("public cache invalidation failed")


def install() -> None:
    """Listen on every session (idempotent)."""
    if sa_event.contains(Session, "after_flush", _after_flush):
        return
    sa_event.listen(Session, "after_flush", _after_flush)
    sa_event.listen(Session, "do_orm_execute", _after_bulk)
    sa_event.listen(Session, "after_commit", _after_commit)
