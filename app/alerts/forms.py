"""The alert form (the "S'abonner à cette recherche" block of the search page, /alertes/)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField

from app.common.validators import email, max_length, required, strip


class AlertForm(FlaskForm):
    email = EmailField(
        _l("Votre adresse e-mail"), filters=[strip], validators=[required, email, max_length(255)]
    )
    # The search's URL arguments (app.events.feeds.query_string); normalised again on receipt
    # (unknown values dropped, length checked by the view).
    recherche = HiddenField(filters=[strip])
