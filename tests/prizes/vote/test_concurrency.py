"""One vote per person even when confirmations of the same person race each other: the
unique constraint (edition_id, voter_hash) with INSERT … ON CONFLICT DO NOTHING decides.

The claim is about PostgreSQL (production): that test is skipped without TEST_DATABASE_URL.
The same scenario on SQLite (file database, writers serialised by its lock) runs always."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import PendingVote, Vote, VoteAudit
from tests import pg
from tests.helpers import at_once, body, link_in, outbox
from tests.prizes.vote.helpers import (
    open_vote,
    page_fields,
    pending_links,
    solve_pow,
    vote,
)

THREADS = 8


def _race(app, client, db) -> list[str]:
    open_vote()
    for i in range(THREADS):
        vote(client, f"meme.personne+{i}@exemple.fr", f"initiative-{i % 3 + 1}")
    links = [link_in(m, "/prix/vote/confirmer/") for m in outbox()]
    assert len(links) == THREADS
    db.session.remove()
    responses = at_once(app, [lambda c, link=link: lambda: c.get(link) for link in links])
    assert [r.status_code for r in responses] == [200] * THREADS
    return [body(r) for r in responses]


def _check(db, pages):
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Vote.id))) == 1
    assert db.session.scalar(select(func.count(PendingVote.id))) == 0
    assert sum("est enregistré" in p and "Merci" in p for p in pages) == 1
    assert sum("Vous avez déjà voté pour cette édition" in p for p in pages) == THREADS - 1


@pytest.mark.skipif(
    not pg.enabled(), reason="concurrency claim needs the real PostgreSQL: set TEST_DATABASE_URL to run it"
)
def test_concurrent_confirmations_postgresql(app, client, db):
    assert db.engine.dialect.name == "postgresql"
    _check(db, _race(app, client, db))


@pytest.mark.skipif(pg.enabled(), reason="SQLite variant; the PostgreSQL one runs instead")
def test_concurrent_confirmations_sqlite(app, client, db):
    assert db.engine.dialect.name == "sqlite"
    _check(db, _race(app, client, db))


# --- many distinct voters at once ---------------------------------------------------------

VOTERS = 30


def test_many_voters_confirming_at_once_are_all_counted(app, db):
    """30 people click their confirmation links at the same moment: no error page, and
    exactly one counted vote each (none lost, none doubled)."""
    edition, nominees = open_vote()
    links = pending_links(edition, nominees, VOTERS)
    db.session.remove()
    responses = at_once(app, [lambda c, link=link: lambda: c.get(link) for link in links])
    assert sorted(r.status_code for r in responses) == [200] * VOTERS
    assert all("est enregistré" in body(r) for r in responses)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Vote.id))) == VOTERS
    assert db.session.scalar(select(func.count(func.distinct(Vote.voter_hash)))) == VOTERS
    assert db.session.scalar(select(func.count(PendingVote.id))) == 0
    assert (
        db.session.scalar(select(func.count(VoteAudit.id)).where(VoteAudit.outcome == "vote compté"))
        == VOTERS
    )


def test_domain_limit_holds_when_requests_arrive_together(app, db):
    """Vote requests read (edition, nominees, the domain's count) before they write: on SQLite
    each must hold the write lock from its start, or a concurrent commit makes its write fail
    at once (SQLITE_BUSY_SNAPSHOT); on PostgreSQL the requests of one domain take turns (an
    advisory lock until the commit). Either way the hourly limit per domain is exact."""
    open_vote()
    app.config["VOTE_DOMAIN_HOURLY_LIMIT"] = 5
    db.session.remove()

    def request(client, i):
        fields = page_fields(client.get("/prix/vote/").get_data(as_text=True))
        data = {
            "csrf_token": fields["csrf_token"],
            "question_token": fields["question_token"],
            "nominee": "initiative-1",
            "email": f"personne{i}@asso.fr",
            "website": "",
            "answer": "",
            "pow": solve_pow(fields["pow_data"]),
        }
        return lambda: client.post("/prix/vote/", data=data)

    responses = at_once(app, [lambda c, i=i: request(c, i) for i in range(20)])
    assert sorted(r.status_code for r in responses) == [200] * 5 + [422] * 15
    assert sum("Trop de votes viennent d'adresses en « asso.fr »" in body(r) for r in responses) == 15
    db.session.expire_all()
    assert db.session.scalar(select(func.count(PendingVote.id))) == 5
    assert len(outbox()) == 5
