"""Public vote under load: confirmed votes per second with 50 concurrent clients.

A werkzeug server (threaded, in a child process) serves the app on a free loopback port;
50 client threads open the confirmation links of pending votes. Each of PEOPLE voters has
two pending requests (two spellings of the same address), so half of the confirmations must
be refused by the unique constraint: the script then counts duplicates (must be 0).
Runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set.
Run: `.venv/bin/python bench/vote_bench.py` (prints figures; not a timed test).
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLIENTS = 50
PEOPLE = int(os.environ.get("VOTE_BENCH_PEOPLE", "1500"))
CONFIG = {
    "CACHE_TYPE": "NullCache",
    "RATELIMIT_ENABLED": False,
    "MAIL_OUTBOX_DIR": tempfile.mkdtemp(prefix="vote-bench-outbox-"),
    "SERVER_NAME": None,
    "VOTE_HASH_SALT": "bench-salt",
}


def make_app(url: str):
    from app import create_app

    return create_app("development", SQLALCHEMY_DATABASE_URI=url, **CONFIG)


def prepare(url: str) -> list[str]:
    """Migrated database, reference data, an open vote with 15 nominees, pending votes."""
    from flask_migrate import upgrade

    from app.common.time import utcnow
    from app.extensions import db
    from app.models import Edition, Nominee, Region
    from app.prizes.vote import services
    from app.reference import loader

    app = make_app(url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        loader.load_all()
        from app.demo import calendar

        now = utcnow()
        edition = Edition(
            **{
                **calendar.edition_row(2026),
                "vote_open": now - timedelta(hours=1),
                "vote_close": now + timedelta(hours=2),
            }
        )
        db.session.add(edition)
        db.session.flush()
        region = db.session.query(Region).first()
        nominees = [
            Nominee(edition_id=edition.id, name=f"Nommé {i}", slug=f"nomme-{i}", region_id=region.id)
            for i in range(15)
        ]
        db.session.add_all(nominees)
        db.session.flush()
        tokens = [
            services.new_pending(edition.id, nominees[p % 15].id, spelling, "exemple.fr", now)
            for p in range(PEOPLE)
            for spelling in (f"votant{p}@exemple.fr", f"Votant{p}+bis@Exemple.fr")
        ]
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return tokens


def serve(url: str, port: int) -> None:
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    make_server("127.0.0.1", port, make_app(url), threaded=True).serve_forever()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(port: int, tokens: list[str]) -> tuple[float, dict[str, int], list[float]]:
    import random

    random.Random(1).shuffle(tokens)
    queue = list(tokens)
    lock = threading.Lock()
    outcomes: dict[str, int] = {}
    durations: list[float] = []

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                token = queue.pop()
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/prix/vote/confirmer/{token}", timeout=60
                ) as response:
                    text = response.read().decode()
                    kind = (
                        "counted"
                        if "est enregistré" in text and "Merci" in text
                        else "already voted"
                        if "déjà voté" in text
                        else "other 200"
                    )
            except urllib.error.HTTPError as error:
                kind = f"HTTP {error.code}"
            except OSError as error:
                kind = f"error {type(error).__name__}"
            with lock:
                outcomes[kind] = outcomes.get(kind, 0) + 1
                durations.append(time.perf_counter() - began)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, outcomes, sorted(durations)


def count(url: str) -> tuple[int, int]:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Vote

    app = make_app(url)
    with app.app_context():
        votes = db.session.scalar(select(func.count(Vote.id)))
        duplicates = db.session.scalar(
            select(func.count()).select_from(
                select(Vote.voter_hash)
                .group_by(Vote.edition_id, Vote.voter_hash)
                .having(func.count(Vote.id) > 1)
                .subquery()
            )
        )
        db.engine.dispose()
    return votes, duplicates


def run(label: str, url: str) -> None:
    tokens = prepare(url)
    port = free_port()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(url, port), daemon=True)
    server.start()
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        elapsed, outcomes, durations = hammer(port, tokens)
    finally:
        server.terminate()
        server.join(5)
    votes, duplicates = count(url)
    print(
        f"{label}: {len(tokens)} confirmations ({PEOPLE} people × 2 spellings), {CLIENTS} clients, "
        f"{elapsed:.1f} s"
    )
    print(
        f"  confirmed votes/s: {outcomes.get('counted', 0) / elapsed:.0f}   "
        f"requests/s: {len(tokens) / elapsed:.0f}   outcomes: {outcomes}"
    )
    print(
        f"  request time (s): median {durations[len(durations) // 2]:.2f}   "
        f"p99 {durations[int(len(durations) * 0.99)]:.2f}   max {durations[-1]:.2f}"
    )
    print(f"  votes in the database: {votes} (expected {PEOPLE}); duplicates: {duplicates}")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="vote-bench-"))
    run("SQLite", f"sqlite:///{folder / 'vote.sqlite'}")
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        from tests import pg

        name = f"vote_bench_{uuid.uuid4().hex[:8]}"
        pg.create_database(name)
        try:
            run("PostgreSQL", pg.url(name))
        finally:
            pg.drop_database(name)


if __name__ == "__main__":
    main()
