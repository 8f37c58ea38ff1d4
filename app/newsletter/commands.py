"""flask newsletter-send: send the issues being sent, batch after batch (cron or a worker)."""

from __future__ import annotations

import click
from flask import Flask, current_app

from app.common.numbers import number_fr


def init_app(app: Flask) -> None:
    @app.cli.command("newsletter-send")
    @click.option("--issue", "issue_id", type=click.IntRange(1, 2**31 - 1), help="Seulement cette lettre.")
    @click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Abonnés par lot.")
    def newsletter_send(issue_id: int | None, batch_size: int | None):
        """Queue every remaining message of the issues being sent (one transaction per batch)."""
        from app.extensions import db
        from app.newsletter import sending

        size = batch_size or current_app.config["NEWSLETTER_SEND_BATCH_SIZE"]
        ids = [issue_id] if issue_id else sending.issues_being_sent()
        if not ids:
            click.echo("Aucune lettre en cours d'envoi.")
        for one in ids:
            while True:
                state = sending.send_batch(one, size)
                db.session.commit()
                if state is None:
                    click.echo(f"Lettre n° {one} : introuvable.")
                    break
                click.echo(f"Lettre n° {one} : {number_fr(state.sent)} / {number_fr(state.total)} envoyés.")
                if state.done or not state.claimed:
                    break
            if state is not None and state.done:
                click.echo(f"Lettre n° {one} : envoi terminé ({number_fr(state.sent)} abonnés).")
