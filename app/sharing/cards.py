"""Share images (1200×630 PNG, the size OpenGraph and Twitter cards expect) drawn with Pillow
in the site's colours: the site's name, a title, up to two lines (date, place).

A card is stored once under the hash of what it shows (instance/cache/cards/<sha256>.png, or
SHARE_CARD_DIR): the same event gives the same file and ETag until its title, date or place
changes; workers write through a temporary file, so none reads half a PNG."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
VERSION = 1  # bump when the drawing changes: every card is drawn again
PRIMARY = "#0a5c5a"
PRIMARY_DARK = "#074543"
HIGHLIGHT = "#ffd166"
ON_DARK = "#ffffff"
ON_DARK_MUTED = "#d7e7e5"
ACCENT = "#c4531b"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
MARGIN = 80


@dataclass(frozen=True)
class Card:
    title: str
    lines: tuple[str, ...] = ()
    accent: str = ACCENT
    kicker: str = "Le Mois de l'ESS"

    @property
    def key(self) -> str:
        raw = json.dumps([VERSION, self.title, self.lines, self.accent, self.kicker], ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)  # Pillow's own font when DejaVu is not installed


def _wrap(text: str, font, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words or (lines and font.getlength(lines[-1]) > width):
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _color(value: str) -> str:
    return value if len(value) == 7 and value.startswith("#") else ACCENT


def draw(card: Card) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PRIMARY)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 28, HEIGHT), fill=_color(card.accent))
    pen.rectangle((0, HEIGHT - 90, WIDTH, HEIGHT), fill=PRIMARY_DARK)
    width = WIDTH - 2 * MARGIN
    pen.text((MARGIN, 64), card.kicker.upper(), font=_font(34, bold=True), fill=HIGHLIGHT)
    title_font = _font(64 if len(card.title) < 60 else 54, bold=True)
    y = 140
    for line in _wrap(card.title, title_font, width, 4):
        pen.text((MARGIN, y), line, font=title_font, fill=ON_DARK)
        y += int(title_font.size * 1.2)
    y += 24
    for text in card.lines[:2]:
        for line in _wrap(text, _font(36), width, 1):
            pen.text((MARGIN, y), line, font=_font(36), fill=ON_DARK_MUTED)
            y += 50
    footer = "L'économie sociale et solidaire ouvre ses portes"
    pen.text((MARGIN, HEIGHT - 64), footer, font=_font(30), fill=ON_DARK)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _folder() -> Path:
    configured = current_app.config.get("SHARE_CARD_DIR")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "cache" / "cards"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def png(card: Card) -> bytes:
    """The card's PNG, drawn on first use then read from the cache folder."""
    path = _folder() / f"{card.key}.png"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = draw(card)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
    return data
