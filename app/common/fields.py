"""Form fields with French messages: dates and times typed in Europe/Paris local time and
stored as naive UTC, whole numbers, selects."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DateTimeLocalField, IntegerField, SelectField, SelectMultipleField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.common.time import to_local, to_utc


class _KeepParseError:
    """A value that cannot be read keeps its own message (DataRequired would replace it)."""

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


class ParisDateTimeField(_KeepParseError, DateTimeLocalField):
    """`<input type="datetime-local">` in Paris time; `.data` is naive UTC."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(
            label, validators, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs
        )

    def process_data(self, value):
        self.data = to_local(value) if isinstance(value, datetime) else value

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        for fmt in self.format:
            try:
                self.data = datetime.strptime(text, fmt)
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(_l("Saisissez une date et une heure valides, par exemple 15/04/2026 00:00."))

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%Y-%m-%dT%H:%M") if self.data else ""

    @property
    def utc(self) -> datetime | None:
        return to_utc(self.data) if self.data else None


class FrenchDateField(_KeepParseError, DateField):
    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = datetime.strptime(valuelist[0].strip(), "%Y-%m-%d").date()
        except ValueError:
            self.data = None
            raise ValueError(_l("Saisissez une date valide, par exemple 01/11/2026.")) from None


class WholeNumberField(_KeepParseError, IntegerField):
    """An integer field with one French message when the text is not a number."""

    def __init__(self, label=None, validators=None, example: int = 10, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.example = example

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Saisissez un nombre entier, par exemple %(n)d.", n=self.example)) from None


class FrenchSelectField(SelectField):
    """A select whose unknown values get a French message."""

    def pre_validate(self, form) -> None:
        if self.data not in {str(choice.value) for choice in self.choices}:
            raise ValidationError(_l("Choisissez une valeur de la liste."))


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (an unknown value gets a French message)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        known = {str(choice.value) for choice in self.choices or []}
        if any(str(value) not in known for value in self.data or []):
            raise ValidationError(_l("Choisissez parmi les valeurs de la liste."))
