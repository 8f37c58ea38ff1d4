"""Reading one cell: theme, kind or audience codes, dates, yes/no answers."""

from __future__ import annotations

import re
from datetime import date, datetime

from app.common.text import match_key
from app.common.time import to_utc
from app.moderation.importer.reading import cell_text
from app.reference import catalog

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def code_of(choices, value: str) -> str | None:
    """The code of the catalogue choice whose code or label the cell names."""
    key = match_key(value)
    for choice in choices:
        if key in (match_key(choice.code), match_key(str(choice.label))):
            return choice.code
    return None


def theme_slug(value: str) -> str | None:
    """The theme named by its number, slug or name."""
    key = match_key(value)
    for t in catalog.THEMES:
        if key in (str(t.number), t.slug.replace("-", " "), match_key(t.name)):
            return t.slug
    return None


_DATE_FORMATS = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y %H h %M",
    "%d/%m/%Y %Hh",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
)


def utc_datetime(value: object, tz: str) -> datetime | None:
    """A local date-time of the file -> naive UTC, or None if unreadable."""
    if isinstance(value, datetime):
        local = value
    elif isinstance(value, date):
        return None  # a day without a time
    else:
        text = cell_text(value)
        local = None
        for fmt in _DATE_FORMATS:
            try:
                local = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if local is None:
            return None
    return to_utc(local, tz)


def yes_no(value: str) -> bool | None:
    key = match_key(value)
    if key in ("", "oui", "o", "vrai", "1", "yes", "x"):
        return True
    if key in ("non", "n", "faux", "0", "no"):
        return False
    return None
