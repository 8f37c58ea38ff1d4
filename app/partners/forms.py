"""Partner form of the national administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from app.common.fields import WholeNumberField
from app.common.validators import max_length, required, strip, web_address


class PartnerForm(FlaskForm):
    name = StringField(_l("Nom"), filters=[strip], validators=[required, max_length(150)])
    logo = FileField(
        _l("Logo"),
        description=_l("Image PNG, JPEG ou WebP, 2 Mo au plus ; la transparence des PNG est conservée."),
    )
    remove_logo = BooleanField(_l("Retirer le logo actuel"))
    url = StringField(
        _l("Site web"),
        filters=[strip],
        validators=[Optional(), max_length(255), web_address],
        description=_l("Adresse commençant par https:// ou http://."),
    )
    description = TextAreaField(_l("Présentation"), filters=[strip], validators=[max_length(2000)])
    position = WholeNumberField(
        _l("Ordre d'affichage"),
        default=0,
        validators=[
            InputRequired(message=_l("Saisissez un nombre entier, par exemple 10.")),
            NumberRange(min=0, max=9999, message=_l("Saisissez un nombre entre 0 et 9999.")),
        ],
        description=_l("Les plus petits nombres s'affichent en premier."),
    )
    visible = BooleanField(_l("Afficher sur le site"), default=True)
