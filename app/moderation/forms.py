"""Input of the back-office forms. Decisions are small hand-written forms repeated on every
row of the queue (unique ids per row), so they are read here rather than through WTForms;
the import upload is a Flask-WTF form."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField

from app.events.workflow import TRANSITIONS
from app.web.forms import select_choices

# URL word -> workflow action
DECISION_WORDS = {"publier": "publish", "modifications": "request_changes", "refuser": "refuse"}


@dataclass(frozen=True)
class DecisionInput:
    message: str
    expected_status: str | None
    next: str | None


def decision_input(form) -> DecisionInput:
    expected = form.get("expected_status", "")
    return DecisionInput(
        message=form.get("message", "")[:20000],
        expected_status=expected
        if expected in {s for t in TRANSITIONS.values() for s in t.sources}
        else None,
        next=form.get("next") or None,
    )


def selected_ids(form) -> list[int]:
    return sorted({int(v) for v in form.getlist("ids") if v.isdigit() and len(v) < 10})


class ImportForm(FlaskForm):
    region = SelectField(_l("Région des événements"), choices=[], validate_choice=False)
    file = FileField(
        _l("Fichier CSV ou Excel (.xlsx)"),
        description=_l(
            "2 Mo et 2 000 lignes au plus. Utilisez le modèle : une ligne "
            "par événement, avec les en-têtes de la première ligne."
        ),
    )


class SettingsForm(FlaskForm):
    """A CRESS's choices for its region (app.models.RegionModerationSettings)."""

    minor_changes_live = BooleanField(_l("Publier sans validation les changements mineurs"))
    submission_mail = RadioField(
        _l("E-mails à la CRESS quand un événement est soumis"),
        choices=select_choices(
            [
                ("digest", _l("Un récapitulatif par jour (événements et modifications en attente)")),
                ("each", _l("Un e-mail à chaque soumission")),
                ("none", _l("Aucun e-mail")),
            ]
        ),
        default="digest",
    )
