"""French formatting of the bilan's figures: "14,5 %", "+14,5 %", "2,87"."""

from __future__ import annotations

from app.common.numbers import NBSP, number_fr, percent_fr

__all__ = ["NBSP", "change", "decimal_fr", "percent_fr", "share"]


def share(part: int, whole: int) -> float | None:
    """Percentage of `whole` (None when there is nothing to divide)."""
    return part * 100 / whole if whole else None


def change(before: int, after: int) -> float | None:
    """Growth in percent from `before` to `after` (None when `before` is 0)."""
    return (after - before) * 100 / before if before else None


def decimal_fr(value: float | None, decimals: int = 1) -> str:
    """app.web.filters.number_fr with exactly `decimals` decimals; '—' for no value."""
    return "—" if value is None else number_fr(value, decimals)
