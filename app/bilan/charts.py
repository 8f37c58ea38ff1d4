"""Charts of the bilan as inline SVG built on the server (no JavaScript, printable).

Each chart is an `<svg role="img">` labelled by its `<title>` and `<desc>`; the desc states
every value, and the page shows the same data as a table beside the chart. Colours are dark
enough for 3:1 against white (graphics) and for white text (the themes' own colours).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.bilan.format import decimal_fr, percent_fr

BAR = "#1d4e89"
# Eight dark, distinct hues (slices side by side must differ), all >= 3:1 on white.
PALETTE = ("#1d4e89", "#8a3b12", "#6b3fa0", "#0f6b5c", "#9b1d42", "#5b4a00", "#2f5d1f", "#3c4a5c")
TEXT = "#1f1f1f"
WIDTH = 720
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


@dataclass(frozen=True)
class Item:
    label: str
    value: float
    text: str  # the value as shown ("1 234", "2,05")
    color: str = BAR


def items_of(table) -> list[Item]:
    """The chart's items from a report table (its `label` and `value` columns)."""
    kind = table.column(table.value).kind
    items = []
    for i, row in enumerate(table.rows):
        value = row.get(table.value) or 0
        text = (
            decimal_fr(value, 2)
            if kind == "dec"
            else percent_fr(value)
            if kind == "pct"
            else decimal_fr(value, 0)
        )
        color = row.get("couleur") or (PALETTE[i % len(PALETTE)] if table.chart == "pie" else BAR)
        items.append(Item(str(row[table.label]), value, text, color))
    return items


def render(table, chart_id: str) -> Markup:
    items = items_of(table)
    draw = {"bar": bar_chart, "columns": column_chart, "pie": pie_chart}[table.chart]
    return draw(items, table.title, chart_id)


def _open(chart_id: str, title: str, items: list[Item], height: float, kind: str = "") -> str:
    """The `<svg>` and its title/desc; `kind` ("dense") lets the CSS keep small text readable."""
    css = f"chart chart--{kind}" if kind else "chart"
    desc = " ; ".join(f"{i.label} : {i.text}" for i in items) or _("Aucune donnée.")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" role="img" '
        f'id="{chart_id}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" {FONT} font-size="13">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def _lines(label: str, width: int = 34) -> list[str]:
    """At most two lines of about `width` characters (the second one shortened if needed)."""
    if len(label) <= width:
        return [label]
    cut = label.rfind(" ", 0, width + 1)
    cut = cut if cut > 0 else width
    rest = label[cut:].strip()
    return [label[:cut], rest if len(rest) <= width else rest[: width - 1] + "…"]


def bar_chart(items: list[Item], title: str, chart_id: str) -> Markup:
    """Horizontal bars: labels on the left, values at the end of the bars."""
    row, left, right = 30, 250, 80
    height = max(1, len(items)) * row + 10
    top = max((i.value for i in items), default=0) or 1
    parts = [_open(chart_id, title, items, height)]
    for n, item in enumerate(items):
        y = 5 + n * row
        lines = _lines(item.label)
        for k, line in enumerate(lines):
            dy = row / 2 + (k - (len(lines) - 1) / 2) * 14 + 4
            parts.append(
                f'<text x="{left - 8}" y="{y + dy:.1f}" text-anchor="end" fill="{TEXT}">{escape(line)}</text>'
            )
        length = (WIDTH - left - right) * item.value / top
        parts.append(
            f'<rect x="{left}" y="{y + 6}" width="{length:.1f}" height="{row - 12}" fill="{item.color}"/>'
        )
        parts.append(
            f'<text x="{left + length + 6:.1f}" y="{y + row / 2 + 4:.1f}" '
            f'fill="{TEXT}">{escape(item.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(items: list[Item], title: str, chart_id: str) -> Markup:
    """Vertical columns (editions, brackets): values above, labels below."""
    height, base, top_margin = 260, 220, 24
    top = max((i.value for i in items), default=0) or 1
    step = WIDTH / max(1, len(items))
    width = min(80, step * 0.7)
    size = 11 if step < 50 else 13
    parts = [_open(chart_id, title, items, height, "dense" if size < 13 else "")]
    parts.append(f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{TEXT}"/>')
    for n, item in enumerate(items):
        x = n * step + (step - width) / 2
        h = (base - top_margin) * item.value / top
        middle = x + width / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{width:.1f}" height="{h:.1f}" fill="{item.color}"/>'
        )
        parts.append(
            f'<text x="{middle:.1f}" y="{base - h - 6:.1f}" text-anchor="middle" '
            f'font-size="{size}" fill="{TEXT}">{escape(item.text)}</text>'
        )
        parts.append(
            f'<text x="{middle:.1f}" y="{base + 18}" text-anchor="middle" '
            f'font-size="{size}" fill="{TEXT}">{escape(item.label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def pie_chart(items: list[Item], title: str, chart_id: str) -> Markup:
    """A ring with a legend (label, value and share), slices in catalogue order."""
    total = sum(i.value for i in items)
    legend = 26
    height = max(240, len(items) * legend + 20)
    cx, cy, r, hole = 120, height / 2, 100, 55
    parts = [_open(chart_id, title, items, height)]
    angle = -math.pi / 2
    for item in items:
        if not total or not item.value:
            continue
        sweep = 2 * math.pi * item.value / total
        if sweep >= 2 * math.pi - 1e-9:
            parts.append(
                f'<circle cx="{cx}" cy="{cy}" r="{(r + hole) / 2}" fill="none" '
                f'stroke="{item.color}" stroke-width="{r - hole}"/>'
            )
            break
        end = angle + sweep
        large = 1 if sweep > math.pi else 0
        p = [
            (cx + rad * math.cos(a), cy + rad * math.sin(a))
            for rad, a in ((r, angle), (r, end), (hole, end), (hole, angle))
        ]
        parts.append(
            f'<path d="M{p[0][0]:.2f},{p[0][1]:.2f} A{r},{r} 0 {large} 1 {p[1][0]:.2f},'
            f"{p[1][1]:.2f} L{p[2][0]:.2f},{p[2][1]:.2f} A{hole},{hole} 0 {large} 0 "
            f'{p[3][0]:.2f},{p[3][1]:.2f} Z" fill="{item.color}" stroke="#fff" '
            f'stroke-width="1.5"/>'
        )
        angle = end
    if not total:
        parts.append(
            f'<circle cx="{cx}" cy="{cy}" r="{(r + hole) / 2}" fill="none" '
            f'stroke="#767676" stroke-width="{r - hole}"/>'
        )
    y0 = cy - len(items) * legend / 2
    for n, item in enumerate(items):
        y = y0 + n * legend
        share = percent_fr(item.value * 100 / total) if total else "—"
        parts.append(f'<rect x="260" y="{y + 5:.1f}" width="16" height="16" fill="{item.color}"/>')
        parts.append(
            f'<text x="284" y="{y + 18:.1f}" fill="{TEXT}">{escape(item.label)} : '
            f"{escape(item.text)} ({escape(share)})</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
