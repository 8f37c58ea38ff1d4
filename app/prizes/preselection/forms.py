from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional


class EvaluationForm(FlaskForm):
    score = IntegerField(
        _l("Note de la CRESS (sur 20)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=20, message=_l("Indiquez une note entière de 0 à 20.")),
        ],
    )
    comment = TextAreaField(
        _l("Commentaire (interne)"),
        validators=[Optional(), Length(max=3000, message=_l("3000 caractères au plus."))],
    )
    preselect = BooleanField(_l("Pré-sélectionner pour la liste nationale des 50"))


class NominationForm(FlaskForm):
    commune = StringField(
        _l("Commune"), validators=[Optional(), Length(max=120, message=_l("120 caractères au plus."))]
    )
    summary = TextAreaField(
        _l("Présentation pour le vote du public"),
        validators=[Length(min=1, max=1500, message=_l("Entre 1 et 1500 caractères."))],
    )
