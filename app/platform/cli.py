"""Flask commands: reference data, demo data, search index, translations."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db

ROOT = Path(__file__).resolve().parents[2]  # the project (app/platform/cli.py)


class FrenchUsageError(click.UsageError):
    """A usage error worded entirely in French (click's own prefix is English)."""

    def show(self, file=None) -> None:
        name = self.ctx.command_path if self.ctx else "flask"
        click.echo(f"Erreur : {self.format_message()}\nVoir « {name} --help ».", file=file, err=True)


def _not_negative(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 0:
        raise FrenchUsageError(
            f"« {param.opts[0]} » doit être un nombre positif ou nul (reçu : {value}).", ctx=ctx
        )
    return value


def init_app(app: Flask) -> None:
    @app.cli.command("reference-data")
    def reference_data():
        """Load or update themes, regions and départements (idempotent)."""
        from app.reference import loader

        loader.load_all()
        db.session.commit()
        click.echo("Données de référence à jour.")

    @app.cli.command("demo-data")
    @click.option(
        "--events",
        "n_events",
        default=1800,
        show_default=True,
        type=int,
        callback=_not_negative,
        help="Nombre d'événements de l'édition courante.",
    )
    @click.option(
        "--organisations",
        "n_organisations",
        type=int,
        callback=_not_negative,
        help="Nombre d'organisations (par défaut : 0,62 par événement).",
    )
    @click.option(
        "--votes",
        "n_votes",
        type=int,
        callback=_not_negative,
        help="Nombre de votes confirmés de l'édition courante, même avant la clôture "
        "du vote (par défaut : 800 à 1 500 une fois le vote clos).",
    )
    @click.option("--seed", default=2026, show_default=True, type=int)
    @click.option("--if-empty", is_flag=True, help="Ne rien faire si des événements existent.")
    @click.option(
        "--history/--no-history",
        default=True,
        show_default=True,
        help="Éditions passées depuis 2008 (pour le bilan et sa progression).",
    )
    def demo_data(
        n_events: int,
        n_organisations: int | None,
        n_votes: int | None,
        seed: int,
        if_empty: bool,
        history: bool,
    ):
        """Replace the events with a realistic, reproducible demo edition."""
        from app.demo import generator
        from app.models import Event
        from app.reference import loader

        if if_empty and db.session.query(Event.id).limit(1).first() is not None:
            click.echo("Des événements existent déjà : données de démonstration conservées.")
            return
        started = time.perf_counter()
        loader.load_all()
        try:
            summary = generator.generate(
                events=n_events, seed=seed, history=history, organisations=n_organisations, votes=n_votes
            )
        except ValueError as error:
            db.session.rollback()
            raise FrenchUsageError(str(error), ctx=click.get_current_context()) from error
        db.session.commit()
        click.echo(f"{summary} en {time.perf_counter() - started:.1f} s.")

    @app.cli.command("links-purge")
    def links_purge():
        """Delete the expired one-time links (used or not)."""
        from app.platform import links

        n = links.purge()
        db.session.commit()
        click.echo(f"{n} lien(s) expiré(s) supprimé(s).")

    @app.cli.command("search-reindex")
    def search_reindex():
        """Rebuild the full-text index of events."""
        from app.events import search_index

        search_index.reindex(db.session.connection())
        db.session.commit()
        click.echo("Index de recherche reconstruit.")

    translate = AppGroup("translate", help="Translation catalogues (Babel).")

    def _pybabel(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)

    @translate.command("extract")
    def extract():
        _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-o", "messages.pot", ".")

    @translate.command("update")
    def update():
        extract.callback()
        _pybabel("update", "-i", "messages.pot", "-d", "app/translations")

    @translate.command("compile")
    def compile_():
        _pybabel("compile", "-f", "-d", "app/translations")

    app.cli.add_command(translate)

    from app.mail import commands as mail_commands

    mail_commands.init_app(app)

    from app.newsletter import commands as newsletter_commands

    newsletter_commands.init_app(app)
    from app.alerts import commands as alert_commands

    alert_commands.init_app(app)
