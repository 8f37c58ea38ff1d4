"""The outbox: messages are written in the transaction that causes them and delivered after
its commit, once, over one SMTP connection, with retries (a real SMTP server: tests/smtp.py)."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import event, func, select

from app.common.time import utcnow
from app.extensions import db
from app.mail import send_mail, sender, transports
from app.models import OutgoingMail
from tests import factories as f
from tests.helpers import outbox
from tests.smtp import free_port


def _queue(n: int, prefix: str = "dest") -> list[str]:
    """n messages to prefix1@… prefixn@…, written and committed without delivery."""
    addresses = [f"{prefix}{i}@exemple.fr" for i in range(1, n + 1)]
    for address in addresses:
        send_mail(address, f"Message pour {address}", "newsletter_already", unsubscribe="http://localhost/x")
    db.session.commit()
    return addresses


def _rows() -> dict[str, OutgoingMail]:
    db.session.rollback()  # a fresh snapshot (SQLite keeps one per transaction)
    return {m.recipient: m for m in db.session.scalars(select(OutgoingMail))}


def test_a_rolled_back_transaction_sends_nothing(app, smtp_server):
    user = f.user("nouvelle@exemple.fr")
    send_mail(
        user.email,
        "Confirmez votre adresse e-mail",
        "confirm_email",
        user=user,
        url="http://localhost/compte/confirmer/abc",
    )
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0
    assert smtp_server.received == [] and smtp_server.connections == 0
    # The same message in a transaction that commits leaves once, at the commit.
    user = f.user("nouvelle@exemple.fr")
    send_mail(
        user.email,
        "Confirmez votre adresse e-mail",
        "confirm_email",
        user=user,
        url="http://localhost/compte/confirmer/abc",
    )
    assert smtp_server.received == []
    db.session.commit()
    assert [r.recipients for r in smtp_server.received] == [["nouvelle@exemple.fr"]]
    assert _rows()["nouvelle@exemple.fr"].status == "sent"


def test_a_rolled_back_savepoint_drops_only_its_messages(app):
    send_mail("garde@exemple.fr", "Gardé", "newsletter_already", unsubscribe="http://localhost/x")
    savepoint = db.session.begin_nested()
    send_mail("annule@exemple.fr", "Annulé", "newsletter_already", unsubscribe="http://localhost/x")
    savepoint.rollback()
    assert outbox() == []  # nothing before the real commit
    db.session.commit()
    assert [m.to for m in outbox()] == ["garde@exemple.fr"]
    assert set(_rows()) == {"garde@exemple.fr"}


def test_no_mail_server_writes_eml_files_named_by_the_message_id(app):
    message = send_mail(
        "fichier@exemple.fr", "Un sujet", "newsletter_already", unsubscribe="http://localhost/x"
    )
    db.session.commit()
    [row] = _rows().values()
    assert message["Message-ID"].startswith(f"<{row.id}@")
    [written] = outbox()
    assert written.id.endswith(row.id) and written.subject == "Un sujet"
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None


def test_a_refusal_of_message_3_of_10_delays_only_that_one(app, smtp_server):
    app.config["MAIL_DELIVERY"] = "worker"  # the request only writes; we deliver below
    addresses = _queue(10)
    smtp_server.refuse["dest3@exemple.fr"] = [451, "4.2.1 Boite pleine, reessayez", 1]
    start = utcnow()
    report = sender.deliver(now=start)
    assert (report.sent, report.retried, report.failed) == (9, 1, 0)
    assert sorted(r.recipients[0] for r in smtp_server.received) == sorted(
        a for a in addresses if a != "dest3@exemple.fr"
    )
    third = _rows()["dest3@exemple.fr"]
    assert (third.status, third.attempts) == ("queued", 1)
    assert "451" in third.last_error and "Boite pleine" in third.last_error
    assert third.next_attempt_at >= start + timedelta(seconds=60)
    # Before the back-off is over, nothing is sent again.
    assert sender.deliver(now=start + timedelta(seconds=30)).claimed == 0
    report = sender.deliver(now=start + timedelta(seconds=120))
    assert (report.claimed, report.sent) == (1, 1)
    assert sorted(r.recipients[0] for r in smtp_server.received) == sorted(addresses)
    assert {m.status for m in _rows().values()} == {"sent"}
    # Nothing is ever sent twice, however often the sender runs.
    assert sender.deliver(now=start + timedelta(days=1)).claimed == 0
    assert len(smtp_server.received) == 10


def test_ten_messages_of_a_batch_share_one_smtp_connection(app, smtp_server):
    app.config["MAIL_DELIVERY"] = "worker"
    _queue(10)
    assert sender.deliver().sent == 10
    assert len(smtp_server.received) == 10 and smtp_server.connections == 1


def test_a_commit_with_several_messages_delivers_them_over_one_connection(app, smtp_server):
    _queue(5)  # inline delivery (testing configuration), right after the commit
    assert len(smtp_server.received) == 5 and smtp_server.connections == 1


def test_a_permanent_refusal_fails_at_once_and_is_not_retried(app, smtp_server):
    app.config["MAIL_DELIVERY"] = "worker"
    _queue(2)
    smtp_server.refuse["dest1@exemple.fr"] = [550, "5.1.1 Adresse inconnue", None]
    start = utcnow()
    assert sender.deliver(now=start).failed == 1
    row = _rows()["dest1@exemple.fr"]
    assert row.status == "failed" and "550 5.1.1 Adresse inconnue" in row.last_error
    assert sender.deliver(now=start + timedelta(days=2)).claimed == 0
    assert [r.recipients for r in smtp_server.received] == [["dest2@exemple.fr"]]


def test_a_message_is_failed_after_the_last_attempt(app, smtp_server):
    app.config.update(MAIL_DELIVERY="worker", MAIL_MAX_ATTEMPTS=3)
    _queue(1)
    smtp_server.refuse["dest1@exemple.fr"] = [421, "4.3.0 Service indisponible", None]
    moment = utcnow()
    for attempt in range(1, 4):
        assert sender.deliver(now=moment).claimed == 1
        row = _rows()["dest1@exemple.fr"]
        assert row.attempts == attempt
        moment = row.next_attempt_at + timedelta(seconds=1)
    assert row.status == "failed" and "421" in row.last_error
    assert smtp_server.received == []


def test_an_unreachable_server_leaves_every_message_for_later(app, smtp_server):
    app.config.update(MAIL_DELIVERY="worker")
    _queue(3)
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    report = sender.deliver()
    assert (report.claimed, report.retried) == (3, 3)
    assert all(m.status == "queued" and "connexion SMTP impossible" in m.last_error for m in _rows().values())


def test_a_crash_between_send_and_record_resends_only_that_message(app, smtp_server):
    app.config["MAIL_DELIVERY"] = "worker"
    addresses = _queue(4)
    start = utcnow()
    lease = timedelta(seconds=app.config["MAIL_LEASE_SECONDS"])
    # A sender claims the batch, sends the first message, and dies before recording it.
    claimed = sender.claim(now=start, lease=lease, limit=10)
    channel = transports.transport()
    channel.send(claimed[0])
    channel.close()
    assert len(smtp_server.received) == 1
    # While the lease runs, no other sender touches these messages.
    assert sender.deliver(now=start + lease - timedelta(seconds=1)).claimed == 0
    report = sender.deliver(now=start + lease + timedelta(seconds=1))
    assert (report.claimed, report.sent) == (4, 4)
    counts = {a: len(smtp_server.to(a)) for a in addresses}
    assert counts == {claimed[0].recipient: 2, **{a: 1 for a in addresses if a != claimed[0].recipient}}
    # The duplicate is the same message (same Message-ID): a server can recognise it.
    first, again = smtp_server.to(claimed[0].recipient)
    assert first.message_id == again.message_id


def test_two_senders_at_once_never_send_a_message_twice(app, smtp_server):
    app.config.update(MAIL_DELIVERY="worker", MAIL_BATCH_SIZE=4)
    addresses = _queue(40)
    reports: list[sender.Report] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run():
        try:
            with app.app_context():
                barrier.wait()
                while (report := sender.deliver()).claimed:
                    reports.append(report)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(r.recipients[0] for r in smtp_server.received) == sorted(addresses)
    assert sum(r.sent for r in reports) == 40
    assert {m.status for m in _rows().values()} == {"sent"}


def test_a_request_writes_its_message_with_one_insert(app):
    app.config["MAIL_DELIVERY"] = "worker"
    statements: list[str] = []

    def _record(_conn, _cursor, statement, *_args):
        if "outgoing_mail" in statement:
            statements.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", _record)
    try:
        _queue(1)
    finally:
        event.remove(db.engine, "before_cursor_execute", _record)
    assert statements == ["INSERT"]


def test_purge_deletes_only_sent_messages_older_than_the_limit(app, smtp_server):
    app.config["MAIL_DELIVERY"] = "worker"
    _queue(3)
    smtp_server.refuse["dest3@exemple.fr"] = [550, "5.1.1 Adresse inconnue", None]
    sent_at = utcnow()
    sender.deliver(now=sent_at)
    assert sender.purge_sent(7, now=sent_at + timedelta(days=6)) == 0
    assert sender.purge_sent(7, now=sent_at + timedelta(days=8)) == 2
    assert set(_rows()) == {"dest3@exemple.fr"}  # the failed one stays for the admin


def test_a_stopping_sender_hands_back_the_messages_it_has_not_tried(app, smtp_server):
    app.config["MAIL_DELIVERY"] = "worker"
    _queue(3)
    stop = threading.Event()
    stop.set()  # SIGTERM arrived: nothing more is sent, the claimed messages go back
    report = sender.deliver(stop=stop)
    assert (report.claimed, report.sent, report.released) == (3, 0, 3)
    assert {(m.status, m.attempts, m.claimed_until) for m in _rows().values()} == {("queued", 0, None)}
    assert sender.deliver().sent == 3 and len(smtp_server.received) == 3


def test_an_outbox_folder_that_cannot_be_written_keeps_the_message_for_later(app, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    app.config["MAIL_OUTBOX_DIR"] = str(blocker)  # mkdir fails: the delivery cannot start
    send_mail("plus.tard@exemple.fr", "Bonjour", "newsletter_already", unsubscribe="http://x/")
    db.session.commit()  # the commit itself succeeds; the message waits in the table
    [row] = _rows().values()
    assert (row.status, row.attempts, row.claimed_until) == ("queued", 0, None)
    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    assert sender.deliver().sent == 1
    assert [m.to for m in outbox()] == ["plus.tard@exemple.fr"]
