"""Forms of the national administration (French labels and messages)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import (
    InputRequired,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from app.admin import services
from app.common.fields import FrenchDateField, FrenchSelectField, ParisDateTimeField, WholeNumberField
from app.common.validators import email, max_length, required, strip, web_address
from app.web.forms import select_choices


class EditionForm(FlaskForm):
    year = WholeNumberField(
        _l("Année"),
        example=2026,
        validators=[
            InputRequired(message=_l("Saisissez l'année, par exemple 2026.")),
            NumberRange(min=2000, max=2100, message=_l("L'année doit être comprise entre 2000 et 2100.")),
        ],
    )
    title = StringField(_l("Titre"), filters=[strip], validators=[required, max_length(200)])
    month_start = FrenchDateField(_l("Premier jour du Mois"), validators=[required])
    month_end = FrenchDateField(_l("Dernier jour du Mois"), validators=[required])
    candidacy_open = ParisDateTimeField(_l("Ouverture des candidatures"), validators=[required])
    candidacy_close = ParisDateTimeField(_l("Clôture des candidatures"), validators=[required])
    registration_open = ParisDateTimeField(
        _l("Ouverture des inscriptions d'événements"), validators=[required]
    )
    registration_close = ParisDateTimeField(
        _l("Clôture des inscriptions d'événements"), validators=[required]
    )
    vote_open = ParisDateTimeField(_l("Ouverture du vote du public"), validators=[required])
    vote_close = ParisDateTimeField(_l("Clôture du vote du public"), validators=[required])

    DATETIME_FIELDS = (
        "candidacy_open",
        "candidacy_close",
        "registration_open",
        "registration_close",
        "vote_open",
        "vote_close",
    )

    def values(self) -> dict:
        """The columns of Edition, instants converted to UTC."""
        data = {
            "year": self.year.data,
            "title": self.title.data,
            "month_start": self.month_start.data,
            "month_end": self.month_end.data,
        }
        data.update({name: self[name].utc for name in self.DATETIME_FIELDS})
        return data


_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def readable_on_white_text(form, field) -> None:
    if not field.data or not _COLOR.match(field.data):
        raise ValidationError(_l("Saisissez une couleur au format #RRVVBB, par exemple #0a5c5a."))
    ratio = services.contrast_with_white(field.data)
    if ratio < services.MIN_CONTRAST:
        raise ValidationError(
            _l(
                "Contraste insuffisant avec le texte blanc : %(ratio)s:1 (4,5:1 au moins). "
                "Choisissez une couleur plus foncée.",
                ratio=f"{ratio:.2f}".replace(".", ","),
            )
        )


class ThemeForm(FlaskForm):
    name = StringField(_l("Nom"), filters=[strip], validators=[required, max_length(120)])
    description = TextAreaField(_l("Présentation"), filters=[strip], validators=[max_length(5000)])
    topics_text = TextAreaField(
        _l("Sujets"), filters=[strip], validators=[max_length(3000)], description=_l("Un sujet par ligne.")
    )
    color = StringField(
        _l("Couleur"),
        filters=[strip],
        validators=[readable_on_white_text],
        description=_l(
            "Format #RRVVBB. Le texte blanc posé sur cette couleur doit atteindre un contraste de 4,5:1."
        ),
    )


class RegionForm(FlaskForm):
    cress_name = StringField(_l("Nom de la CRESS"), filters=[strip], validators=[required, max_length(160)])
    cress_website = StringField(
        _l("Site web de la CRESS"), filters=[strip], validators=[Optional(), max_length(255), web_address]
    )
    cress_email = EmailField(
        _l("Adresse e-mail de la CRESS"), filters=[strip], validators=[Optional(), max_length(255), email]
    )
    cress_city = StringField(_l("Ville du siège"), filters=[strip], validators=[max_length(120)])
    cress_presentation = TextAreaField(
        _l("Présentation de la CRESS"), filters=[strip], validators=[max_length(5000)]
    )


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Rechercher par nom ou adresse e-mail"), filters=[strip], validators=[max_length(200)])


class RolesForm(FlaskForm):
    is_admin = BooleanField(_l("Administrateur national"))
    is_jury = BooleanField(_l("Membre du jury des Prix ESS"))
    moderated_region = FrenchSelectField(_l("Modérateur CRESS de la région"), choices=[])
    active = BooleanField(
        _l("Compte actif"),
        description=_l("Un compte désactivé ne peut plus se connecter ; ses sessions ouvertes sont fermées."),
    )

    def set_region_choices(self, regions) -> None:
        self.moderated_region.choices = select_choices(
            [("", _l("Aucune"))] + [(r.slug, r.name) for r in regions]
        )


class PageForm(FlaskForm):
    slug = StringField(
        _l("Adresse de la page"),
        filters=[strip],
        validators=[
            required,
            max_length(120),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                message=_l(
                    "Lettres minuscules sans accent, chiffres et tirets seulement, par exemple les-acteurs."
                ),
            ),
        ],
        description=_l(
            "La page sera publiée à l'adresse /pages/ suivie de ce nom (les pages "
            "decouvrir-l-ess et les-acteurs ont leur propre adresse)."
        ),
    )
    title = StringField(_l("Titre"), filters=[strip], validators=[required, max_length(200)])
    body = TextAreaField(
        _l("Texte (Markdown)"),
        validators=[max_length(50000)],
        description=_l(
            "Syntaxe Markdown : ## Intertitre, **gras**, *italique*, [lien](https://…), listes "
            "avec « - ». Le HTML dangereux (scripts…) est retiré à l'affichage."
        ),
    )
    published = BooleanField(_l("Publiée"), default=True)


class DeleteForm(FlaskForm):
    """Only the CSRF token: confirms a deletion."""
