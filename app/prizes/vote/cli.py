"""`flask vote-purge`: delete expired pending votes (and their e-mail addresses)."""

import click

from app.extensions import db
from app.prizes.vote import bp, services


@bp.cli.command("vote-purge", help="Supprime les demandes de vote non confirmées et expirées.")
def purge_command():
    n = services.purge()
    db.session.commit()
    click.echo(f"{n} demande(s) de vote expirée(s) supprimée(s).")
