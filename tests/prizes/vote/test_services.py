"""The vote request's screening as one service call: honeypot, anti-robot challenge, address;
each refusal in the journal, None when the request may go on (no HTTP involved)."""

from __future__ import annotations

from sqlalchemy import select

from app.models import PendingVote, VoteAudit
from app.prizes.vote import challenge, services
from tests.prizes.vote.helpers import open_vote, solve_pow


def _journal(db):
    return [a.outcome for a in db.session.scalars(select(VoteAudit).order_by(VoteAudit.id))]


def test_screen_request_refuses_in_order_and_journals_each_refusal(app, db):
    edition, nominees = open_vote()
    nominee = nominees[0]
    solved = solve_pow(challenge.new_pow())

    robot = services.screen_request(
        edition, nominee, "a@exemple.fr", "10.0.0.1", honeypot="http://spam", pow=solved
    )
    assert robot.silent and robot.field == "website"

    wrong = services.screen_request(
        edition, nominee, "a@exemple.fr", "10.0.0.1", pow="", question_token="x", answer="3"
    )
    assert (wrong.field, wrong.silent) == ("answer", False)
    assert wrong.message == "Réponse incorrecte ou expirée : répondez à la nouvelle question."

    disposable = services.screen_request(edition, nominee, "a@yopmail.com", "10.0.0.1", pow=solved)
    assert disposable.field == "email" and "jetables" in disposable.message

    assert (
        services.screen_request(
            edition, nominee, "b@exemple.fr", "10.0.0.1", pow=solve_pow(challenge.new_pow())
        )
        is None
    )
    db.session.commit()
    assert _journal(db) == [
        "refusé : champ piège rempli",
        "refusé : défi anti-robot",
        "refusé : " + disposable.message[:150],
    ]
    assert db.session.scalar(select(PendingVote.id)) is None  # screening records no vote


def test_a_spent_proof_of_work_is_refused(app, db):
    edition, nominees = open_vote()
    solved = solve_pow(challenge.new_pow())
    assert services.screen_request(edition, nominees[0], "a@exemple.fr", None, pow=solved) is None
    again = services.screen_request(edition, nominees[0], "a@exemple.fr", None, pow=solved)
    assert again is not None and again.field == "answer"
