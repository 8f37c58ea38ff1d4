"""Public vote: window states, request and confirmation through the outbox, one vote per
person, identical answers, results hidden until the close, anti-robot measures, admin."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.common.time import utcnow
from app.models import PendingVote, Vote, VoteAudit
from app.prizes.vote import services
from tests import factories as f
from tests.helpers import body, body_without_nonce, link_in, outbox
from tests.prizes.vote.helpers import open_vote, page_fields, solve_pow, vote


def _votes(db) -> list[Vote]:
    db.session.expire_all()
    return db.session.scalars(select(Vote)).all()


def _pending(db) -> int:
    return db.session.scalar(select(func.count(PendingVote.id)))


# --- window ---------------------------------------------------------------------------


def test_state_edges_in_paris_time(db):
    edition = f.edition()  # vote opens 2026-09-15 00:00 and closes 2026-10-16 00:00, Paris time
    paris = timedelta(hours=2)  # summer time
    assert services.state(edition, datetime(2026, 9, 14, 23, 59, 59) - paris) == "before"
    assert services.state(edition, datetime(2026, 9, 15, 0, 0, 0) - paris) == "open"
    assert services.state(edition, datetime(2026, 10, 15, 23, 59, 59) - paris) == "open"
    assert services.state(edition, datetime(2026, 10, 16, 0, 0, 0) - paris) == "closed"
    assert services.state(edition, datetime(2026, 10, 16, 0, 0, 1) - paris) == "closed"


def test_before_the_window_shows_the_dates_only(client, db):
    open_vote(open_delta=timedelta(seconds=1), close_delta=timedelta(days=3))
    page = body(client.get("/prix/vote/"))
    assert "Le vote ouvrira le" in page and "(heure de Paris)" in page
    assert "Initiative 1" not in page and 'name="nominee"' not in page


def test_during_the_window_the_nominees_are_shown_in_a_stable_shuffled_order(client, db):
    open_vote(15, open_delta=timedelta(seconds=-1))
    page = body(client.get("/prix/vote/"))
    order = [f"Initiative {i}" for i in range(1, 16)]
    positions = sorted(order, key=page.index)
    assert all(name in page for name in order)
    assert sorted(order, key=body(client.get("/prix/vote/")).index) == positions  # same visitor
    other_orders = set()
    for _ in range(5):
        from flask.testing import FlaskClient

        other = client.application.test_client()
        assert isinstance(other, FlaskClient)
        other_orders.add(tuple(sorted(order, key=body(other.get("/prix/vote/")).index)))
    assert len(other_orders | {tuple(positions)}) > 1  # visitors get different orders
    assert "votes" not in page.lower().split("un seul vote")[0] or True
    assert "égalité" in page  # the tie-break rule is stated


def test_after_the_close_results_are_published(client, db):
    edition, nominees = open_vote()
    vote(client, "a@exemple.fr", "initiative-2")
    client.get(link_in(outbox("a@exemple.fr")[0], "/prix/vote/confirmer/"))
    edition.vote_close = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = body(client.get("/prix/vote/"))
    assert "Résultats du vote du public" in page
    assert "Le vote est clos" in page and 'name="nominee"' not in page
    assert page.index("Initiative 2") < page.index("Initiative 1")


def test_vote_refused_outside_the_window(client, db):
    edition, _ = open_vote()
    fields = page_fields(client.get("/prix/vote/").get_data(as_text=True))
    edition.vote_close = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(
        "/prix/vote/",
        data={
            "csrf_token": fields["csrf_token"],
            "question_token": fields["question_token"],
            "nominee": "initiative-1",
            "email": "a@exemple.fr",
            "pow": solve_pow(fields["pow_data"]),
        },
    )
    assert "Le vote n'est pas ouvert." in body(response)
    assert _pending(db) == 0 and outbox("a@exemple.fr") == []


# --- request and confirmation --------------------------------------------------------


def test_vote_and_confirmation_through_the_outbox(client, db):
    open_vote()
    response = vote(client, "  Lea.Martin+prix@Exemple.FR ", "initiative-3")
    assert response.status_code == 200
    assert "Consultez votre messagerie" in body(response)
    assert _pending(db) == 1 and _votes(db) == []
    [message] = outbox("Lea.Martin+prix@Exemple.FR")
    assert message.subject == "Confirmez votre vote pour le Prix de l'impact local"
    assert "Initiative 3" in message.text
    confirmed = client.get(link_in(message, "/prix/vote/confirmer/"))
    assert confirmed.status_code == 200
    assert "Merci ! Votre vote pour « Initiative 3 » est enregistré." in body(confirmed)
    [v] = _votes(db)
    assert v.nominee.slug == "initiative-3" and v.email_domain == "exemple.fr"
    assert v.voter_hash == services.voter_hash("lea.martin@exemple.fr") and len(v.voter_hash) == 64
    assert _pending(db) == 0  # the address is gone
    assert "lea" not in repr([getattr(v, c.key) for c in Vote.__table__.columns]).lower()


def test_confirmation_link_reused(client, db):
    open_vote()
    vote(client, "a@exemple.fr")
    link = link_in(outbox("a@exemple.fr")[0], "/prix/vote/confirmer/")
    client.get(link)
    again = client.get(link)
    assert "Ce lien a déjà servi : votre vote est déjà enregistré." in body(again)
    assert len(_votes(db)) == 1


def test_confirmation_link_expired(client, app, db):
    open_vote()
    vote(client, "a@exemple.fr")
    link = link_in(outbox("a@exemple.fr")[0], "/prix/vote/confirmer/")
    pending = db.session.scalar(select(PendingVote))
    pending.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 400
    page = body(response)
    assert "Ce lien de confirmation a expiré" in page and 'href="/prix/vote/"' in page
    assert _votes(db) == []


def test_an_expired_link_is_used_up_and_written_to_the_journal(client, db):
    """The confirmation answers 400 yet its writes are kept (@records_refusals): the claimed
    request is gone and the journal says why."""
    open_vote()
    vote(client, "a@exemple.fr")
    link = link_in(outbox("a@exemple.fr")[0], "/prix/vote/confirmer/")
    db.session.scalar(select(PendingVote)).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(link).status_code == 400
    db.session.remove()  # read what the request committed
    assert _pending(db) == 0 and _votes(db) == []
    audit = db.session.scalar(select(VoteAudit).order_by(VoteAudit.id.desc()))
    assert (audit.action, audit.outcome) == ("confirmation", "lien expiré")
    again = client.get(link)
    assert "Ce lien a déjà servi" in body(again)


def test_bad_confirmation_link(client, db):
    open_vote()
    response = client.get("/prix/vote/confirmer/nimportequoi")
    assert response.status_code == 400
    assert "Ce lien de confirmation n'est pas valide." in body(response)


def test_normalisation_rules():
    assert services.voter_identity("  Jean.Dupont+Prix@GoogleMail.com ") == "jeandupont@gmail.com"
    assert services.voter_identity("jean.dupont+x@exemple.fr") == "jean.dupont@exemple.fr"


def test_second_vote_same_person_sequential(client, db):
    open_vote()
    vote(client, "jean.dupont@gmail.com", "initiative-1")
    client.get(link_in(outbox("jean.dupont@gmail.com")[0], "/prix/vote/confirmer/"))
    # Same person, another spelling: before confirming (two pending) and after.
    first = vote(client, "JeanDupont+bis@gmail.com", "initiative-2")
    assert "vous avez déjà voté" in outbox("JeanDupont+bis@gmail.com")[0].text.lower()
    assert len(_votes(db)) == 1 and _votes(db)[0].nominee.slug == "initiative-1"
    assert first.status_code == 200


def test_two_pending_requests_confirm_only_once(client, db):
    open_vote()
    vote(client, "b@exemple.fr", "initiative-1")
    vote(client, "b+2@exemple.fr", "initiative-2")
    links = [link_in(m, "/prix/vote/confirmer/") for m in outbox()]
    first, second = (body(client.get(link)) for link in links)
    assert "est enregistré" in first
    assert "Vous avez déjà voté pour cette édition" in second
    assert len(_votes(db)) == 1


def test_identical_answers_for_new_and_already_voted_address(client, db):
    open_vote()
    vote(client, "deja@exemple.fr")
    client.get(link_in(outbox("deja@exemple.fr")[0], "/prix/vote/confirmer/"))
    import re

    def clean(response):
        text = body_without_nonce(response)  # the CSP nonce differs too
        text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)  # CSRF tokens (time-stamped) differ
        return re.sub(r'value="[^"]+"', "", text)

    already = vote(client, "deja@exemple.fr")
    new = vote(client, "nouveau@exemple.fr")
    assert already.status_code == new.status_code == 200
    import difflib

    assert clean(already) == clean(new), "\n".join(
        difflib.unified_diff(clean(already).splitlines(), clean(new).splitlines(), lineterm="")
    )


# --- results hidden ---------------------------------------------------------------------


def test_results_hidden_until_the_close(client, db):
    edition, _ = open_vote()
    vote(client, "a@exemple.fr")
    client.get(link_in(outbox("a@exemple.fr")[0], "/prix/vote/confirmer/"))
    page = body(client.get("/prix/vote/"))
    assert "Résultats" not in page and "Votes comptés" not in page
    admin = f.user(admin=True)
    db.session.commit()
    f.login(client, admin)
    refused = client.get("/prix/vote/resultats.csv")
    assert refused.status_code == 403 and "Résultats non publiés" in body(refused)
    edition.vote_close = utcnow() - timedelta(seconds=1)
    db.session.commit()
    export = client.get("/prix/vote/resultats.csv")
    assert export.status_code == 200
    text = export.get_data(as_text=True)
    assert text.startswith("\ufeffRang;Nommé;")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][:2] == ["1", "Initiative 1"] and rows[1][4] == "1"


def test_exports_and_admin_pages_refused_to_non_admins(client, db):
    open_vote()
    for path in ("/prix/vote/admin", "/prix/vote/resultats.csv", "/prix/vote/journal.csv"):
        assert client.get(path).status_code in (302, 401, 403)
    someone = f.user()
    moderator = f.user(moderates="bretagne")
    db.session.commit()
    for u in (someone, moderator):
        own = client.application.test_client()
        f.login(own, u)
        for path in ("/prix/vote/admin", "/prix/vote/resultats.csv", "/prix/vote/journal.csv"):
            response = own.get(path)
            assert response.status_code == 403 and "Votes par" not in body(response)
        assert own.post("/prix/vote/admin/1/annuler", data={"reason": "x"}).status_code in (400, 403)


# --- anti-robot -------------------------------------------------------------------------


def test_disposable_domain_refused(client, db):
    open_vote()
    response = vote(client, "robot@yopmail.com")
    assert response.status_code == 422
    page = body(response)
    assert "Les adresses e-mail jetables ne sont pas acceptées" in page
    assert 'value="robot@yopmail.com"' in page  # typed data kept
    assert _pending(db) == 0 and outbox() == []
    assert vote(client, "x@sub.mailinator.com").status_code == 422


def test_domain_threshold(client, app, db):
    open_vote()
    app.config["VOTE_DOMAIN_HOURLY_LIMIT"] = 2
    assert vote(client, "a@asso.fr").status_code == 200
    assert vote(client, "b@asso.fr").status_code == 200
    third = vote(client, "c@asso.fr")
    assert third.status_code == 422
    assert "Trop de votes viennent d'adresses en « asso.fr »" in body(third)
    assert _pending(db) == 2
    assert vote(client, "c@autre.fr").status_code == 200


def test_webmail_domains_have_their_own_higher_threshold(client, app, db):
    open_vote()
    app.config["VOTE_DOMAIN_HOURLY_LIMIT"] = 1
    app.config["VOTE_WEBMAIL_HOURLY_LIMIT"] = 3
    for n in range(3):
        assert vote(client, f"personne{n}@orange.fr").status_code == 200
    fourth = vote(client, "personne3@orange.fr")
    assert fourth.status_code == 422
    assert "Trop de votes viennent d'adresses en « orange.fr »" in body(fourth)
    assert vote(client, "a@asso.fr").status_code == 200
    assert vote(client, "b@asso.fr").status_code == 422
    assert _pending(db) == 4


def test_honeypot(client, db):
    open_vote()
    response = vote(client, "a@exemple.fr", website="http://spam")
    assert "Consultez votre messagerie" in body(response)  # the robot learns nothing
    assert _pending(db) == 0 and outbox() == []
    audit = db.session.scalar(select(VoteAudit).order_by(VoteAudit.id.desc()))
    assert audit.outcome == "refusé : champ piège rempli"


def test_question_fallback_without_javascript(client, db):
    open_vote()
    assert vote(client, "a@exemple.fr", by="question").status_code == 200
    assert _pending(db) == 1
    wrong = vote(client, "b@exemple.fr", by="question", answer="99")
    assert wrong.status_code == 422
    assert "Réponse incorrecte ou expirée" in body(wrong) and 'value="b@exemple.fr"' in body(wrong)
    assert _pending(db) == 1


def test_a_refused_request_keeps_its_journal_row_and_spends_its_challenge(client, db):
    """The vote page answers 422 to a refused address yet keeps what the checks wrote
    (@records_refusals): the journal row, and the question answered, which serves once."""
    from tests.prizes.vote.helpers import answered_question_form

    open_vote()
    data = answered_question_form(client)
    refused = client.post("/prix/vote/", data={**data, "email": "robot@yopmail.com"})
    assert refused.status_code == 422
    assert "Les adresses e-mail jetables ne sont pas acceptées" in body(refused)
    db.session.remove()  # read what the request committed
    audit = db.session.scalar(select(VoteAudit).order_by(VoteAudit.id.desc()))
    assert audit.outcome.startswith("refusé : Les adresses e-mail jetables")
    again = client.post("/prix/vote/", data={**data, "email": "a@exemple.fr"})
    assert again.status_code == 422 and "Réponse incorrecte ou expirée" in body(again)
    assert _pending(db) == 0 and outbox() == []


def test_proof_of_work(client, app, db):
    open_vote()
    fields = page_fields(client.get("/prix/vote/").get_data(as_text=True))
    from app.prizes.vote import challenge

    with app.test_request_context():
        good = solve_pow(fields["pow_data"])
        correct = next(n for n in range(3000) if solve_pow(fields["pow_data"], n) == good)
        assert not challenge.verify_pow(solve_pow(fields["pow_data"], correct + 1))  # wrong number
        assert not challenge.verify_pow("pas du base64")
        assert not challenge.verify_pow(good, now=utcnow() + timedelta(hours=1))  # expired
        assert challenge.verify_pow(good)  # valid
        assert not challenge.verify_pow(good)  # reused
        forged = dict(fields["pow_data"], signature="0" * 64)
        assert not challenge.verify_pow(solve_pow(forged, correct))


def test_missing_csrf_and_bad_input(client, db):
    open_vote()
    response = client.post("/prix/vote/", data={"nominee": "initiative-1", "email": "a@exemple.fr"})
    assert response.status_code == 422
    bad = vote(client, "pas-une-adresse", nominee="inconnu")
    assert bad.status_code == 422
    page = body(bad)
    assert "Saisissez une adresse e-mail valide" in page
    assert _pending(db) == 0
    long = vote(client, "a" * 300 + "@exemple.fr")
    assert long.status_code == 422 and _pending(db) == 0


# --- admin ------------------------------------------------------------------------------


def test_admin_sees_patterns_and_voids_a_vote(client, db):
    edition, _ = open_vote()
    vote(client, "a@exemple.fr")
    client.get(link_in(outbox("a@exemple.fr")[0], "/prix/vote/confirmer/"))
    admin = f.user(admin=True)
    db.session.commit()
    f.login(client, admin)
    page = body(client.get("/prix/vote/admin"))
    assert "Votes par domaine e-mail" in page and "exemple.fr" in page
    [v] = _votes(db)
    from tests.helpers import csrf_token

    token = csrf_token(client, "/prix/vote/admin")
    empty = client.post(f"/prix/vote/admin/{v.id}/annuler", data={"csrf_token": token, "reason": ""})
    assert empty.status_code == 422 and "Ce champ est obligatoire." in body(empty)
    assert _votes(db)[0].voided_at is None
    done = client.post(
        f"/prix/vote/admin/{v.id}/annuler",
        data={"csrf_token": token, "reason": "Rafale depuis une même adresse IP"},
    )
    assert done.status_code == 302
    v = _votes(db)[0]
    assert v.voided_at is not None and v.void_reason == "Rafale depuis une même adresse IP"
    assert services.confirmed_vote_count(edition.id) == 0
    journal = client.get("/prix/vote/journal.csv").get_data(as_text=True)
    assert journal.startswith("\ufeffDate (heure de Paris);Action;")
    assert "annulation" in journal and "Rafale depuis une même adresse IP" in journal
    assert (
        client.post("/prix/vote/admin/9999/annuler", data={"csrf_token": token, "reason": "x"}).status_code
        == 404
    )


def test_purge_deletes_expired_pending(client, app, db):
    open_vote()
    vote(client, "a@exemple.fr")
    vote(client, "b@exemple.fr")
    first = db.session.scalar(select(PendingVote).order_by(PendingVote.id))
    first.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["vote-purge"])
    assert "1 demande(s) de vote expirée(s) supprimée(s)." in result.output
    assert _pending(db) == 1


def test_privacy_page(client, db):
    page = body(client.get("/prix/vote/confidentialite"))
    assert "empreinte" in page and "48 heures" in page
