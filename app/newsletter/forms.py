"""Newsletter subscription form (footer and /newsletter/)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField

from app.common.fields import FrenchSelectField
from app.common.validators import email, max_length, required, strip
from app.reference.geography import REGIONS
from app.web.forms import select_choices


def region_choices() -> list[tuple[str, str]]:
    return [("", _l("Toute la France"))] + sorted(((r.slug, r.name) for r in REGIONS), key=lambda c: c[1])


class SubscribeForm(FlaskForm):
    email = EmailField(
        _l("Votre adresse e-mail"), filters=[strip], validators=[required, email, max_length(255)]
    )
    region = FrenchSelectField(
        _l("Votre région (facultatif)"),
        default="",
        description=_l("Votre CRESS pourra vous écrire sur les événements de votre région."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = select_choices(region_choices())
