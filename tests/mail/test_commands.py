"""flask mail-send, mail-purge, and the mail-worker process (production delivery)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.mail import send_mail
from app.models import OutgoingMail

ROOT = Path(__file__).resolve().parents[2]


def _queue(addresses: list[str]) -> None:
    for address in addresses:
        send_mail(address, "Bonjour", "newsletter_already", unsubscribe="http://localhost/x")
    db.session.commit()


def _statuses() -> dict[str, str]:
    db.session.rollback()
    return {m.recipient: m.status for m in db.session.scalars(select(OutgoingMail))}


def test_mail_send_delivers_the_waiting_messages_once(app, smtp_server):
    app.config["MAIL_DELIVERY"] = "worker"
    _queue(["a@exemple.fr", "b@exemple.fr", "c@exemple.fr"])
    assert smtp_server.received == []
    result = app.test_cli_runner().invoke(args=["mail-send"])
    assert result.exit_code == 0, result.output
    assert "3 message(s) envoyé(s), 0 à réessayer, 0 en échec." in result.output
    result = app.test_cli_runner().invoke(args=["mail-send"])
    assert "0 message(s) envoyé(s)" in result.output
    assert len(smtp_server.received) == 3 and smtp_server.connections == 1


def test_mail_purge_deletes_sent_messages_and_refuses_a_negative_age(app):
    _queue(["a@exemple.fr"])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mail-purge", "--days", "-1"])
    assert result.exit_code == 2
    assert "« --days » doit être un nombre positif ou nul (reçu : -1)." in result.output
    assert _statuses() == {"a@exemple.fr": "sent"}
    result = runner.invoke(args=["mail-purge"])
    assert "0 message(s) envoyé(s) depuis plus de 7 jour(s) effacé(s)." in result.output
    result = runner.invoke(args=["mail-purge", "--days", "0"])
    assert "1 message(s) envoyé(s) depuis plus de 0 jour(s) effacé(s)." in result.output
    assert _statuses() == {}


def test_the_worker_process_delivers_committed_messages_and_stops_on_sigterm(
    app, fresh_database_url, tmp_path
):
    app.config["MAIL_DELIVERY"] = "worker"  # as in production: requests only write
    folder = tmp_path / "outbox"
    env = {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "APP_CONFIG": "production",
        "DATABASE_URL": fresh_database_url,
        "SECRET_KEY": "worker-test",
        "REDIS_URL": "",
        "MAIL_SERVER": "",
        "MAIL_OUTBOX_DIR": str(folder),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "mail-worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _queue(["a@exemple.fr", "b@exemple.fr"])
        deadline = time.monotonic() + 30
        while len(list(folder.glob("*.eml"))) < 2 and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.1)
        assert len(list(folder.glob("*.eml"))) == 2
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, output
    assert "Envoi des e-mails arrêté." in output and "Traceback" not in output
    assert _statuses() == {"a@exemple.fr": "sent", "b@exemple.fr": "sent"}
