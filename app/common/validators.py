"""Form validators and filters with French messages, shared by every form."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, Length, ValidationError

from app.common.numbers import number_fr


def strip(value):
    return value.strip() if isinstance(value, str) else value


required = DataRequired(message=_l("Ce champ est obligatoire."))


def max_length(n: int) -> Length:
    return Length(max=n, message=_l("%(n)s caractères au plus.", n=number_fr(n)))


def is_web_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value.strip()


def web_address(form, field) -> None:
    """Only http(s) links (no javascript:, data:…), with a host."""
    if field.data and not is_web_url(field.data):
        raise ValidationError(_l("Saisissez une adresse web commençant par https:// ou http://."))


email = Email(
    message=_l("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."), check_deliverability=False
)


PHONE_RE = re.compile(r"\+?[0-9][0-9 .()-]{5,28}")


def phone_number(form, field) -> None:
    """A telephone number as people write it: digits, spaces, dots, dashes, a leading +."""
    if field.data and (not PHONE_RE.fullmatch(field.data) or sum(c.isdigit() for c in field.data) < 6):
        raise ValidationError(_l("Saisissez un numéro de téléphone, par exemple 02 99 00 00 00."))
