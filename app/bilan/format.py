"""French formatting of the bilan's figures: "14,5 %", "+14,5 %", "2,87"."""

from __future__ import annotations

from babel.numbers import format_decimal

NBSP = "\u00a0"


def share(part: int, whole: int) -> float | None:
    """Percentage of `whole` (None when there is nothing to divide)."""
    return part * 100 / whole if whole else None


def change(before: int, after: int) -> float | None:
    """Growth in percent from `before` to `after` (None when `before` is 0)."""
    return (after - before) * 100 / before if before else None


def decimal_fr(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "—"
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(round(value, decimals), format=pattern, locale="fr")


def percent_fr(value: float | None, decimals: int = 1, signed: bool = False) -> str:
    """'14,5 %' ; signed: '+14,5 %', '-3,0 %' ; '—' for an undefined percentage."""
    if value is None:
        return "—"
    text = decimal_fr(abs(value), decimals)
    sign = ("+" if value >= 0 else "-") if signed else ("-" if value < 0 else "")
    if text.strip("0,") == "":  # "0,0": no sign for a zero
        sign = "+" if signed else ""
    return f"{sign}{text}{NBSP}%"
