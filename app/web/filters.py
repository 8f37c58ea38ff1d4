"""Template filters and globals: French formatting through Babel, reference labels."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import Flask, current_app, request, url_for

from app.common.numbers import number_fr, percent_fr
from app.common.time import PARIS
from app.reference import catalog


def aware_local(value: datetime, tz: str | None = None) -> datetime:
    """UTC naive datetime from the database -> aware datetime in the event's time zone."""
    return value.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz) if tz else PARIS)


_FIRST_OF_MONTH = re.compile(
    r"\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
)


@lru_cache(maxsize=4096)  # Babel takes ~0.1 ms a date; a page shows the same few days
def _day_fr(value, pattern: str) -> str:
    """Babel's French date, with '1er' for the first day of a month."""
    return _FIRST_OF_MONTH.sub(r"1er \1", format_date(value, pattern, locale="fr"))


def _time_fr(local: datetime) -> str:
    return f"{local.hour} h" if local.minute == 0 else f"{local.hour} h {local.minute:02d}"


def datetime_fr(value: datetime | None, tz: str | None = None) -> str:
    """'samedi 14 novembre 2026, 14 h 30'."""
    if value is None:
        return ""
    local = aware_local(value, tz)
    return f"{_day_fr(local, 'EEEE d MMMM y')}, {_time_fr(local)}"


def date_fr(value, fmt: str = "EEEE d MMMM y") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = aware_local(value)
    return _day_fr(value, fmt)


def time_fr(value: datetime | None, tz: str | None = None) -> str:
    return "" if value is None else _time_fr(aware_local(value, tz))


def deadline_fr(value: datetime | None, tz: str | None = None) -> str:
    """The end of a window (registration, candidacies, vote, a code's validity), stored as the
    first instant after it: 'samedi 19 décembre 2026 à 23 h 59'. An end at local midnight is
    shown as the previous day at 23 h 59 ("dimanche 20 décembre, 0 h" reads as the wrong day)."""
    if value is None:
        return ""
    local = aware_local(value, tz)
    if local.hour == 0 and local.minute == 0:
        local -= timedelta(minutes=1)
    return f"{_day_fr(local, 'EEEE d MMMM y')} à {_time_fr(local)}"


def opening_fr(value: datetime | None, tz: str | None = None) -> str:
    """The start of a window: 'mercredi 15 avril 2026' when it opens at local midnight
    ("mercredi 15 avril 2026, 0 h" read oddly), else 'mercredi 15 avril 2026 à 9 h'."""
    if value is None:
        return ""
    local = aware_local(value, tz)
    day = _day_fr(local, "EEEE d MMMM y")
    return day if local.hour == 0 and local.minute == 0 else f"{day} à {_time_fr(local)}"


def span_fr(start: datetime, end: datetime, tz: str | None = None) -> str:
    """'samedi 14 novembre 2026, de 14 h à 17 h 30' or a multi-day span."""
    a, b = aware_local(start, tz), aware_local(end, tz)
    if a.date() == b.date():
        day = _day_fr(a, "EEEE d MMMM y")
        return f"{day}, de {_time_fr(a)} à {_time_fr(b)}"
    return f"du {datetime_fr(start, tz)} au {datetime_fr(end, tz)}"


def iso(value: datetime, tz: str | None = None) -> str:
    return aware_local(value, tz).isoformat()


def url_with(**changes) -> str:
    """Current URL with some query arguments changed (None removes them); resets the page."""
    args = request.args.to_dict(flat=False)
    args.pop("page", None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def macros(name: str):
    """The macros of template `name`, as `{% import name as x %}` gives them. For the blocks
    rendered on every search answer (htmx fragments): an import there costs about 30 µs (Jinja
    compares the context's globals with the imported template's each time), this a lookup."""
    return current_app.jinja_env.get_template(name).module


def init_app(app: Flask) -> None:
    app.add_template_filter(datetime_fr)
    app.add_template_filter(date_fr)
    app.add_template_filter(time_fr)
    app.add_template_filter(span_fr)
    app.add_template_filter(deadline_fr)
    app.add_template_filter(opening_fr)
    app.add_template_filter(number_fr)
    app.add_template_filter(percent_fr)
    app.add_template_filter(iso)
    app.add_template_global(url_with)
    app.add_template_global(macros)
    app.add_template_global(catalog.labels(catalog.EVENT_KINDS), "KIND_LABELS")
    app.add_template_global(catalog.labels(catalog.AUDIENCES), "AUDIENCE_LABELS")
    app.add_template_global(catalog.labels(catalog.SCALES), "SCALE_LABELS")
    app.add_template_global(catalog.labels(catalog.ACCESSIBILITY), "ACCESS_LABELS")
    app.add_template_global(catalog.labels(catalog.SCHEDULE_STATUSES), "SCHEDULE_LABELS")
    app.add_template_global(catalog.labels(catalog.PARTNER_WEEKS), "PARTNER_WEEK_LABELS")
    app.add_template_global(catalog.labels(catalog.FAMILIES), "FAMILY_LABELS")
