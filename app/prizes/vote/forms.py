"""Vote form: nominee, e-mail, anti-robot challenge (proof of work or question), honeypot."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, RadioField, StringField, TextAreaField

from app.common.validators import email, max_length, required, strip


class VoteForm(FlaskForm):
    nominee = RadioField(_l("Votre choix parmi les nommés"), validators=[required], validate_choice=True)
    email = EmailField(
        _l("Votre adresse e-mail"),
        filters=[strip],
        validators=[required, email, max_length(255)],
        description=_l(
            "Nous vous enverrons un lien : votre vote ne compte qu'après "
            "avoir cliqué dessus. Un seul vote par personne."
        ),
    )
    answer = StringField(_l("Question anti-robot"), filters=[strip], validators=[max_length(10)])
    question_token = HiddenField()
    pow = HiddenField()
    # Honeypot: hidden from people and assistive technologies; robots fill it.
    website = StringField(_l("Ne pas remplir ce champ"), validators=[max_length(200)])


class VoidForm(FlaskForm):
    reason = TextAreaField(
        _l("Motif de l'annulation"), filters=[strip], validators=[required, max_length(500)]
    )
