"""flask alerts-send: the weekly digests (cron-able, idempotent: a week is sent once)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import click
from flask import Flask, current_app

from app.extensions import db
from app.platform.cli import FrenchUsageError


def init_app(app: Flask) -> None:
    @app.cli.command("alerts-send")
    @click.option("--now", "now_text", default=None, help="Instant UTC (AAAA-MM-JJTHH:MM), pour les essais.")
    def alerts_send(now_text: str | None):
        """Send this week's digest of each confirmed alert (once per alert and week)."""
        from app.alerts import services
        from app.common.time import utcnow

        try:
            now = datetime.fromisoformat(now_text) if now_text else utcnow()
        except ValueError as error:
            message = f"« --now » attend un instant AAAA-MM-JJTHH:MM (reçu : {now_text})."
            raise FrenchUsageError(message, ctx=click.get_current_context()) from error
        counts: Counter[str] = Counter()
        # Links in the messages are absolute: on PUBLIC_URL, as the site's other absolute links.
        with current_app.test_request_context(base_url=current_app.config.get("PUBLIC_URL") or None):
            ids = services.active_alert_ids()
            db.session.rollback()
            for alert_id in ids:
                try:
                    counts[services.send_digest(alert_id, now)] += 1
                    db.session.commit()  # the week's row and its message together
                except Exception:
                    db.session.rollback()
                    counts["failed"] += 1
                    current_app.logger.exception("digest of alert %s failed", alert_id)
        click.echo(
            f"{counts['sent']} alerte(s) envoyée(s), {counts['empty']} sans nouveauté, "
            f"{counts['skipped']} déjà traitée(s), {counts['failed']} en échec."
        )
