"""flask mail-send (one batch, cron-able), mail-worker (the delivery process), mail-purge."""

from __future__ import annotations

import signal
import threading

import click
from flask import Flask, current_app

from app.platform.cli import _not_negative


def init_app(app: Flask) -> None:
    @app.cli.command("mail-send")
    def mail_send():
        """Deliver the messages that are due, once (batches until none is left)."""
        from app.mail import sender

        total = sender.Report()
        while True:
            report = sender.deliver()
            for name in ("claimed", "sent", "retried", "failed", "released"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
            if report.claimed < current_app.config["MAIL_BATCH_SIZE"] or not report.sent:
                break
        click.echo(
            f"{total.sent} message(s) envoyé(s), {total.retried} à réessayer, {total.failed} en échec."
        )

    @app.cli.command("mail-worker")
    @click.option(
        "--interval",
        default=1.0,
        show_default=True,
        type=float,
        help="Attente (s) entre deux recherches de messages à envoyer.",
    )
    def mail_worker(interval: float):
        """Deliver the outbox continuously until SIGTERM or SIGINT (systemd: moisess-mail)."""
        from app.mail import sender

        stop = threading.Event()

        def _stop(_signum, _frame):
            stop.set()  # the current message is finished and recorded first

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        click.echo("Envoi des e-mails : en attente de messages (SIGTERM pour arrêter).")
        sender.run_worker(stop, interval=interval)
        click.echo("Envoi des e-mails arrêté.")

    @app.cli.command("mail-purge")
    @click.option(
        "--days",
        type=int,
        default=None,
        callback=_not_negative,
        help="Âge (jours) au-delà duquel un message envoyé est effacé (défaut : MAIL_PURGE_DAYS).",
    )
    def mail_purge(days: int | None):
        """Delete sent messages older than N days (they hold addresses and personal links)."""
        from app.mail import sender

        days = current_app.config["MAIL_PURGE_DAYS"] if days is None else days
        n = sender.purge_sent(days)
        click.echo(f"{n} message(s) envoyé(s) depuis plus de {days} jour(s) effacé(s).")
