"""Numbers the French way, through Babel: '1\u202f618' (narrow no-break space), '18,75',
'14,5\u00a0%'. The one place that formats a number for people (pages, e-mails, messages);
exposed to templates as the filters `number_fr` and `percent_fr` (app.web.filters)."""

from __future__ import annotations

from babel.numbers import format_decimal

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: the French thousands separator


def number_fr(value, decimals: int | None = None) -> str:
    """A number the French way (Babel): '1\u202f618', '18,75'. Without `decimals`, up to three
    decimals as needed; with it, exactly that many ('14,0'). None is shown as 0."""
    if decimals is None:
        if type(value) is int and value >= 0:  # the common case, as Babel writes it, 20× faster
            return f"{value:,}".replace(",", NNBSP)
        return format_decimal(value or 0, locale="fr")
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(round(value or 0, decimals), format=pattern, locale="fr")


def percent_fr(value: float | None, decimals: int = 1, signed: bool = False) -> str:
    """'14,5\u00a0%' ; signed: '+14,5\u00a0%', '-3,0\u00a0%' ; '—' for an undefined percentage."""
    if value is None:
        return "—"
    text = number_fr(abs(value), decimals)
    sign = ("+" if value >= 0 else "-") if signed else ("-" if value < 0 else "")
    if text.strip("0,") == "":  # "0,0": no sign for a zero
        sign = "+" if signed else ""
    return f"{sign}{text}{NBSP}%"
