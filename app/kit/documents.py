"""Printable documents of the kit (WeasyPrint, like the bilan's PDF): the edition's posters
(A4, A3) and each published event's flyer (A5, A4) with a QR code to its public page.

The QR code is built by segno from the exact absolute address of the page (`event_url`,
PUBLIC_URL when set) and embedded as SVG, so it stays sharp at any print size."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from flask import render_template, request, url_for
from flask_babel import gettext as _

from app.events.services import place_line
from app.kit import drawings
from app.models import Edition, Event
from app.sharing.services import absolute

# Page formats of the documents: CSS size and name in URLs and file names.
FLYER_SIZES = {"a5": "A5", "a4": "A4"}
POSTER_SIZES = {"a4": "A4", "a3": "A3"}
SUMMARY_LENGTH = 320


def event_url(event: Event) -> str:
    return absolute(url_for("events.show", event_id=event.id, slug=event.slug))


def qr_code(data: str) -> segno.QRCode:
    """The QR code of `data` (medium error correction: readable when slightly damaged)."""
    return segno.make(data, error="m", micro=False)


def qr_svg_uri(data: str) -> str:
    return qr_code(data).svg_data_uri(scale=4, border=2, dark="#1f2328")


def short_text(event: Event, length: int = SUMMARY_LENGTH) -> str:
    """The event's summary, else the start of its description cut at a word."""
    text = " ".join((event.summary or event.description or "").split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


@dataclass(frozen=True)
class Flyer:
    event: Event
    size: str  # CSS page size: A5 or A4
    url: str
    qr: str  # data URI of the QR code's SVG
    summary: str
    place: str


def flyer(event: Event, size: str) -> Flyer:
    url = event_url(event)
    place = place_line(event) if event.in_person else _("En ligne")
    return Flyer(event, FLYER_SIZES[size], url, qr_svg_uri(url), short_text(event), place)


def _pdf(html: str) -> bytes:
    import weasyprint  # imported here: it is slow to import and only the PDFs need it

    return weasyprint.HTML(string=html, base_url=request.url_root).write_pdf()


def flyer_pdf(event: Event, size: str) -> bytes:
    logo = drawings.to_svg(drawings.logo(event.edition.year))
    return _pdf(render_template("kit/flyer.html", f=flyer(event, size), logo=svg_uri(logo)))


def flyer_name(event: Event, size: str) -> str:
    return f"affichette-{event.id}-{event.slug}-{size}.pdf"


def poster_pdf(edition: Edition, size: str) -> bytes:
    url = absolute(url_for("events.search_page"))
    logo = drawings.to_svg(drawings.logo(edition.year))
    return _pdf(
        render_template(
            "kit/poster.html",
            edition=edition,
            size=POSTER_SIZES[size],
            url=url,
            qr=qr_svg_uri(url),
            logo=svg_uri(logo),
        )
    )


def svg_uri(svg: str) -> str:
    from urllib.parse import quote

    return "data:image/svg+xml;charset=utf-8," + quote(svg)
