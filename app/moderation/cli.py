"""`flask moderation-digest`: the daily digest of each CRESS (cron-ready, once a day at most)."""

import click
from flask import current_app

from app.events import cress_mail
from app.extensions import db
from app.moderation import bp


@bp.cli.command(
    "moderation-digest",
    help="Envoie à chaque CRESS qui l'a choisi le récapitulatif du jour des événements et modifications "
    "en attente (une fois par jour au plus ; rien quand rien n'attend).",
)
def digest_command():
    base_url = current_app.config.get("PUBLIC_URL") or "http://localhost"
    with current_app.test_request_context(base_url=base_url):
        reports = cress_mail.send_digests()
        db.session.commit()
    for report in reports:
        click.echo(
            f"{report.region} : {report.events} événement(s), {report.revisions} modification(s), "
            f"{report.recipients} destinataire(s)."
        )
    click.echo(f"{len(reports)} récapitulatif(s) envoyé(s).")
