"""The edition's logo and the « Je participe » badge: one list of shapes per drawing, written
as SVG by a template (templates/kit/drawing.svg) and painted as PNG by Pillow, so that both
files always show the same thing. Colours are the site's (static/css/site.css)."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import render_template
from flask_babel import gettext as _
from PIL import Image, ImageDraw, ImageFont

PRIMARY = "#0a5c5a"
HIGHLIGHT = "#ffd166"
ACCENT = "#c4531b"
WHITE = "#ffffff"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    radius: float = 0


@dataclass(frozen=True)
class Text:
    x: float  # left end of the baseline
    y: float
    size: float
    text: str
    fill: str = WHITE
    bold: bool = False


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    title: str  # the SVG's <title> and the PNG's alt text
    shapes: tuple[Rect | Text, ...]


def _mark(x: float, y: float, unit: float) -> tuple[Rect, ...]:
    """The site's mark (static/favicon.svg): a saffron block on a terracotta one."""
    return (
        Rect(x + 11 * unit, y + 5 * unit, 10 * unit, 11 * unit, HIGHLIGHT, 2 * unit),
        Rect(x + 11 * unit, y + 16 * unit, 10 * unit, 11 * unit, ACCENT, 2 * unit),
        Rect(x + 11 * unit, y + 14 * unit, 10 * unit, 4 * unit, ACCENT),
    )


def logo(year: int) -> Drawing:
    """The logo of the edition of `year` (480 × 200)."""
    return Drawing(
        480,
        200,
        _("Le Mois de l'ESS – novembre %(year)s", year=year),
        (
            Rect(0, 0, 480, 200, PRIMARY, 24),
            *_mark(30, 20, 5),
            Text(170, 78, 40, _("Le Mois"), bold=True),
            Text(170, 122, 40, _("de l'ESS"), bold=True),
            Rect(170, 140, 280, 4, HIGHLIGHT),
            Text(170, 176, 24, _("Novembre %(year)s", year=year), HIGHLIGHT),
        ),
    )


def badge(year: int) -> Drawing:
    """The « Je participe » badge for organisers' websites (300 × 100)."""
    return Drawing(
        300,
        100,
        _("Je participe au Mois de l'ESS %(year)s", year=year),
        (
            Rect(0, 0, 300, 100, PRIMARY, 12),
            *_mark(-4, 14, 2.4),
            Text(76, 38, 17, _("Je participe au"), WHITE),
            Text(76, 64, 21, _("Mois de l'ESS"), WHITE, bold=True),
            Text(76, 86, 13, _("novembre %(year)s", year=year), HIGHLIGHT),
        ),
    )


def _attribute(value: str) -> str:
    """An HTML attribute value between double quotes (apostrophes kept as they are: the code
    is read and pasted by people)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def embed_code(drawing: Drawing, image_url: str, link_url: str) -> str:
    """The HTML to paste in a website: the image, its size and alt text, linking to the site."""
    return (
        f'<a href="{_attribute(link_url)}"><img src="{_attribute(image_url)}" width="{drawing.width}" '
        f'height="{drawing.height}" alt="{_attribute(drawing.title)}"></a>'
    )


def to_svg(drawing: Drawing) -> str:
    return render_template("kit/drawing.svg", d=drawing, font_family=FONT_FAMILY)


@lru_cache(maxsize=32)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)  # Pillow's own font when DejaVu is not installed


def to_png(drawing: Drawing, scale: int = 2) -> bytes:
    """The drawing at `scale` × its size, transparent outside its shapes."""
    image = Image.new("RGBA", (drawing.width * scale, drawing.height * scale), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            box = (
                round(shape.x * scale),
                round(shape.y * scale),
                round((shape.x + shape.width) * scale) - 1,
                round((shape.y + shape.height) * scale) - 1,
            )
            pen.rounded_rectangle(box, radius=round(shape.radius * scale), fill=shape.fill)
        else:
            font = _font(round(shape.size * scale), shape.bold)
            pen.text((shape.x * scale, shape.y * scale), shape.text, font=font, fill=shape.fill, anchor="ls")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
