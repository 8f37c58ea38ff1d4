"""One form class per step, built from the questions of app/prizes/candidacy/steps.py.

Saving a draft checks lengths and number bounds only; completeness is checked at submission."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.common.fields import WholeNumberField
from app.common.numbers import number_fr
from app.organisers.forms import MultiCheckboxField
from app.prizes.candidacy.steps import CATEGORIES, Step
from app.web.forms import select_choices

_CACHE: dict[str, type] = {}


def _field(q):
    if q.kind == "integer":
        return IntegerField(
            q.label,
            validators=[
                Optional(),
                NumberRange(
                    min=q.minimum,
                    max=q.maximum,
                    message=_l("Indiquez un nombre entier entre %(min)s et %(max)s."),
                ),
            ],
        )
    if q.kind == "categories":
        return MultiCheckboxField(q.label, choices=select_choices(CATEGORIES), validators=[Optional()])
    length = Length(max=q.max_length, message=_l("%(max)s caractères au plus.", max=number_fr(q.max_length)))
    cls = StringField if q.kind == "text" else TextAreaField
    return cls(q.label, validators=[Optional(), length])


def step_form_class(step: Step) -> type:
    if step.slug not in _CACHE:
        attrs = {q.name: _field(q) for q in step.questions}
        attrs["values"] = lambda self: {q.name: self[q.name].data for q in step.questions}
        attrs["questions"] = step.questions
        _CACHE[step.slug] = type(f"Step_{step.slug}_Form", (FlaskForm,), attrs)
    return _CACHE[step.slug]


class ConfirmForm(FlaskForm):
    """Submission, discard: only the CSRF token."""


class LateCodeForm(FlaskForm):
    code = StringField(
        _l("Code de dépôt tardif"), validators=[Length(min=1, max=64, message=_l("Saisissez le code reçu."))]
    )


class AttachmentForm(FlaskForm):
    file = FileField(
        _l("Fichier (PDF, JPEG ou PNG, 8 Mo au plus)"),
        validators=[FileRequired(message=_l("Choisissez un fichier."))],
    )


class LateCodeGiftForm(FlaskForm):
    """A CRESS (or the national team) gives a late code to an organisation picked by name."""

    organisation = StringField(
        _l("Organisation"),
        validators=[
            InputRequired(message=_l("Saisissez le nom de l'organisation.")),
            Length(max=200, message=_l("200 caractères au plus.")),
        ],
        description=_l("Commencez à taper son nom, puis choisissez-la dans la liste proposée."),
    )
    days = WholeNumberField(
        _l("Validité (en jours)"),
        default=7,
        example=7,
        validators=[
            InputRequired(message=_l("Indiquez une durée.")),
            NumberRange(min=1, max=60, message=_l("Une durée de 1 à 60 jours.")),
        ],
    )


def picked_id(form) -> int | None:
    """The organisation picked among those listed (radio buttons "organisation_id"), if any."""
    value = form.get("organisation_id", "")
    return int(value) if value.isdigit() and len(value) < 10 else None
