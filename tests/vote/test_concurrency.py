"""One vote per person even when confirmations of the same person race each other: the
unique constraint (edition_id, voter_hash) with INSERT … ON CONFLICT DO NOTHING decides.

The claim is about PostgreSQL (production): that test is skipped without TEST_DATABASE_URL.
The same scenario on SQLite (file database, writers serialised by its lock) runs always."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.models import PendingVote, Vote
from tests import pg
from tests.helpers import body, link_in, outbox
from tests.vote.helpers import open_vote, vote

THREADS = 8


def _race(app, client, db) -> list[str]:
    open_vote()
    for i in range(THREADS):
        vote(client, f"meme.personne+{i}@exemple.fr", f"initiative-{i % 3 + 1}")
    links = [link_in(m, "/prix/vote/confirmer/") for m in outbox()]
    assert len(links) == THREADS
    db.session.remove()
    barrier = threading.Barrier(THREADS)
    pages: list[str] = []
    errors: list[BaseException] = []

    def confirm(link):
        try:
            own = app.test_client()
            barrier.wait()
            response = own.get(link)
            pages.append(body(response))
            assert response.status_code == 200, response.status_code
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=confirm, args=(link,)) for link in links]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return pages


def _check(db, pages):
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Vote.id))) == 1
    assert db.session.scalar(select(func.count(PendingVote.id))) == 0
    assert sum("est enregistré" in p and "Merci" in p for p in pages) == 1
    assert sum("Vous avez déjà voté pour cette édition" in p for p in pages) == THREADS - 1


@pytest.mark.skipif(not pg.enabled(), reason="concurrency claim needs the real PostgreSQL: "
                                            "set TEST_DATABASE_URL to run it")
def test_concurrent_confirmations_postgresql(app, client, db):
    assert db.engine.dialect.name == "postgresql"
    _check(db, _race(app, client, db))


@pytest.mark.skipif(pg.enabled(), reason="SQLite variant; the PostgreSQL one runs instead")
def test_concurrent_confirmations_sqlite(app, client, db):
    assert db.engine.dialect.name == "sqlite"
    _check(db, _race(app, client, db))
