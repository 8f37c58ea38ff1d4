"""flask newsletter-send: send the issues being sent, batch after batch (cron or a worker)."""

from __future__ import annotations

import click
from flask import Flask, current_app

from app.common.numbers import number_fr


def send_issue(issue_id: int, size: int) -> None:
    """Every remaining batch of one issue, each committed on its own."""
    from app.extensions import db
    from app.newsletter import sending

    while True:
        state = sending.send_batch(issue_id, size)
        db.session.commit()
        if state is None:
            click.echo(f"Lettre n° {issue_id} : introuvable.")
            return
        click.echo(f"Lettre n° {issue_id} : {number_fr(state.sent)} / {number_fr(state.total)} envoyés.")
        if state.done:
            click.echo(f"Lettre n° {issue_id} : envoi terminé ({number_fr(state.sent)} abonnés).")
        if state.done or not state.claimed:
            return


def init_app(app: Flask) -> None:
    @app.cli.command("newsletter-send")
    @click.option("--issue", "issue_id", type=click.IntRange(1, 2**31 - 1), help="Seulement cette lettre.")
    @click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Abonnés par lot.")
    def newsletter_send(issue_id: int | None, batch_size: int | None):
        """Queue every remaining message of the issues being sent (one transaction per batch)."""
        from app.newsletter import sending

        size = batch_size or current_app.config["NEWSLETTER_SEND_BATCH_SIZE"]
        ids = [issue_id] if issue_id else sending.issues_being_sent()
        if not ids:
            click.echo("Aucune lettre en cours d'envoi.")
        # The messages' links (unsubscribe, events) are absolute: on the public address.
        with current_app.test_request_context(base_url=current_app.config.get("PUBLIC_URL") or None):
            for one in ids:
                send_issue(one, size)
