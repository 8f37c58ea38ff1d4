"""Input of the back-office forms. Decisions are small hand-written forms repeated on every
row of the queue (unique ids per row), so they are read here rather than through WTForms;
the import upload is a Flask-WTF form."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from app.common.fields import MultiCheckboxField, WholeNumberField
from app.common.validators import email, max_length, phone_number, required, strip, web_address
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


# --- The CRESS space: the regional page, its partners, département delegates ----------------


class RegionPageForm(FlaskForm):
    """What the CRESS writes on its region's public page (/regions/<slug>)."""

    cress_name = StringField(_l("Nom de la CRESS"), filters=[strip], validators=[required, max_length(160)])
    cress_presentation = TextAreaField(
        _l("Présentation"),
        filters=[strip],
        validators=[max_length(5000)],
        description=_l(
            "En Markdown : **gras**, *italique*, listes avec « - », liens [texte](https://…). "
            "Les balises HTML et les scripts sont retirés."
        ),
    )
    cress_email = EmailField(
        _l("Adresse e-mail de contact"), filters=[strip], validators=[Optional(), max_length(255), email]
    )
    cress_phone = StringField(
        _l("Téléphone"),
        filters=[strip],
        validators=[Optional(), max_length(30), phone_number],
        description=_l("Par exemple 02 99 00 00 00 ou +33 2 99 00 00 00."),
    )
    cress_website = StringField(
        _l("Site web"),
        filters=[strip],
        validators=[Optional(), max_length(255), web_address],
        description=_l("Adresse commençant par https:// ou http://."),
    )
    cress_address = StringField(_l("Adresse postale"), filters=[strip], validators=[max_length(255)])
    cress_city = StringField(_l("Ville du siège"), filters=[strip], validators=[max_length(120)])


class RegionalPartnerForm(FlaskForm):
    name = StringField(_l("Nom du partenaire"), filters=[strip], validators=[required, max_length(150)])
    url = StringField(
        _l("Site web du partenaire"),
        filters=[strip],
        validators=[Optional(), max_length(255), web_address],
        description=_l("Adresse commençant par https:// ou http://."),
    )
    logo = FileField(
        _l("Logo"),
        description=_l("Image PNG, JPEG ou WebP, 2 Mo au plus ; la transparence des PNG est conservée."),
    )
    remove_logo = BooleanField(_l("Retirer le logo actuel"))
    position = WholeNumberField(
        _l("Ordre d'affichage"),
        default=0,
        validators=[
            InputRequired(message=_l("Saisissez un nombre entier, par exemple 10.")),
            NumberRange(min=0, max=9999, message=_l("Saisissez un nombre entre 0 et 9999.")),
        ],
        description=_l("Les plus petits nombres s'affichent en premier."),
    )


class DelegateForm(FlaskForm):
    email = EmailField(
        _l("Adresse e-mail du délégué"),
        filters=[strip],
        validators=[required, max_length(255), email],
        description=_l(
            "Si la personne a déjà un compte sur le site, elle devient déléguée tout de suite ; "
            "sinon, elle reçoit une invitation à créer son compte."
        ),
    )
    departements = MultiCheckboxField(
        _l("Départements confiés"),
        choices=[],
        validators=[InputRequired(message=_l("Cochez au moins un département."))],
    )

    def set_departements(self, departements) -> None:
        self.departements.choices = select_choices((d.code, d.label) for d in departements)
