"""Vote confirmation links are bound to a random secret that only their e-mail received:
never to the pending request's id, which SQLite hands to the next request once the newest
row is deleted (a confirmed request is deleted)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import PendingVote, Vote
from app.prizes.vote import services
from tests.helpers import at_once, body, link_in, outbox
from tests.prizes.vote.helpers import open_vote, vote


def _votes(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Vote.id)))


def _pending(db) -> list[PendingVote]:
    db.session.expire_all()
    return db.session.scalars(select(PendingVote)).all()


def test_an_old_link_does_not_confirm_the_next_request_that_got_its_id(client, db):
    """The tester's attack: vote for A (own mailbox), confirm, request a vote for B (someone
    else's address: the new pending row gets the id A's row had on SQLite), open A's old
    link again. B's vote must not be confirmed."""
    open_vote()
    vote(client, "moi@exemple.fr", "initiative-1")
    [mine] = _pending(db)
    own_link = link_in(outbox("moi@exemple.fr")[0], "/prix/vote/confirmer/")
    assert "Merci" in body(client.get(own_link))
    assert _votes(db) == 1

    vote(client, "victime@autre-exemple.fr", "initiative-2")
    [theirs] = _pending(db)
    if db.engine.dialect.name == "sqlite":
        assert theirs.id == mine.id  # the id was handed out again: the scenario is real
    again = client.get(own_link)
    assert again.status_code == 200
    assert "Ce lien a déjà servi : votre vote est déjà enregistré." in body(again)
    assert "Initiative 2" not in body(again)
    assert _votes(db) == 1  # B's vote is not counted
    assert [p.email for p in _pending(db)] == ["victime@autre-exemple.fr"]  # still waiting
    # B's own link (in B's mailbox only) still works.
    theirs_link = link_in(outbox("victime@autre-exemple.fr")[0], "/prix/vote/confirmer/")
    assert "Merci ! Votre vote pour « Initiative 2 » est enregistré." in body(client.get(theirs_link))
    assert _votes(db) == 2


def test_a_signed_token_naming_the_row_id_without_the_secret_is_refused(app, client, db):
    """A link signed with the site's key but carrying only the pending id (the former
    format, or a forgery by whoever learnt the key's output for another id) confirms nothing."""
    from app.platform.links import make_token

    open_vote()
    vote(client, "victime@exemple.fr")
    [pending] = _pending(db)
    for payload in ({"p": pending.id}, {"p": pending.id, "s": ""}, {"p": pending.id, "s": 1}):
        with app.test_request_context():
            forged = make_token(services.CONFIRM, payload)
        response = client.get(f"/prix/vote/confirmer/{forged}")
        assert response.status_code == 400
        assert "Ce lien de confirmation n'est pas valide." in body(response)
    # Whoever read the database (the stored hash) cannot make a working link from it either.
    with app.test_request_context():
        from_hash = make_token(services.CONFIRM, {"s": pending.token_hash})
    assert "Merci" not in body(client.get(f"/prix/vote/confirmer/{from_hash}"))
    assert _votes(db) == 0
    assert [p.email for p in _pending(db)] == ["victime@exemple.fr"]


def test_only_the_hash_of_the_secret_is_stored(client, db):
    open_vote()
    vote(client, "a@exemple.fr")
    [pending] = _pending(db)
    link = link_in(outbox("a@exemple.fr")[0], "/prix/vote/confirmer/")
    token = link.rsplit("/", 1)[1]
    assert len(pending.token_hash) == 64 and pending.token_hash not in token
    from app.platform.links import read_token, secret_hash

    secret = read_token(services.CONFIRM, token, 3600)["s"]
    assert len(secret) >= 43 and secret_hash(secret) == pending.token_hash


def test_the_same_link_clicked_at_once_counts_one_vote(app, client, db):
    open_vote()
    vote(client, "a@exemple.fr", "initiative-3")
    link = link_in(outbox("a@exemple.fr")[0], "/prix/vote/confirmer/")
    db.session.remove()
    responses = at_once(app, [lambda c: lambda: c.get(link) for _ in range(6)])
    pages = [body(r) for r in responses]
    assert [r.status_code for r in responses] == [200] * 6
    assert sum("Merci ! Votre vote pour « Initiative 3 » est enregistré." in p for p in pages) == 1
    assert sum("Ce lien a déjà servi : votre vote est déjà enregistré." in p for p in pages) == 5
    assert _votes(db) == 1 and _pending(db) == []


def test_the_question_of_the_form_without_javascript_serves_once(client, db):
    """The no-JS question's signed token carries a random nonce recorded at its first use:
    the same answered question cannot be posted again for another address."""
    from tests.prizes.vote.helpers import answered_question_form

    open_vote()
    data = answered_question_form(client)
    assert client.post("/prix/vote/", data={**data, "email": "a@exemple.fr"}).status_code == 200
    again = client.post("/prix/vote/", data={**data, "email": "b@exemple.fr"})
    assert again.status_code == 422
    assert "Réponse incorrecte ou expirée" in body(again)
    assert [p.email for p in _pending(db)] == ["a@exemple.fr"]


def test_a_head_probe_of_the_link_does_not_use_it(client, db):
    """Mail scanners and link previewers send HEAD: the link must still work afterwards."""
    open_vote()
    vote(client, "a@exemple.fr", "initiative-2")
    link = link_in(outbox("a@exemple.fr")[0], "/prix/vote/confirmer/")
    probe = client.head(link)
    assert probe.status_code == 200 and probe.get_data() == b""
    assert _votes(db) == 0 and len(_pending(db)) == 1
    assert "Merci ! Votre vote pour « Initiative 2 » est enregistré." in body(client.get(link))
    assert _votes(db) == 1
