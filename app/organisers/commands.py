"""flask survey-invite: invitations and reminders of the organisers' survey (services/survey.py)."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Edition
from app.organisers import bp
from app.organisers.services import survey
from app.platform.cli import FrenchUsageError


@bp.cli.command("survey-invite")
@click.option("--year", type=int, help="Édition (par défaut : celle dont l'enquête est ouverte).")
def survey_invite(year: int | None):
    """Invite the organisers to the survey, remind once a week later (idempotent: cron-able)."""
    if year is None:
        edition = survey.open_edition()
        if edition is None:
            raise FrenchUsageError("aucune enquête n'est ouverte aujourd'hui (indiquez --year).")
    else:
        edition = db.session.scalar(select(Edition).where(Edition.year == year))
        if edition is None:
            raise FrenchUsageError(f"aucune édition {year}.")
    # E-mails carry absolute links: on PUBLIC_URL (production) rather than a request's host.
    base_url = current_app.config.get("PUBLIC_URL") or "http://localhost:5000"
    with current_app.test_request_context("/", base_url=base_url):
        try:
            report = survey.send_invitations(edition)
        except survey.SurveyError as exc:
            click.echo(f"Erreur : {exc}", err=True)
            raise SystemExit(1) from exc
        db.session.commit()
    click.echo(
        f"Enquête {edition.year} : {report.invited} invitation(s) et {report.reminded} rappel(s) envoyés."
    )
    for name in report.without_address:
        click.echo(f"Sans adresse e-mail (ni contact ni membre) : {name}")
