"""The communication kit (/kit/): the edition's logo (SVG, PNG), posters (A4, A3 PDF), the
« Je participe au Mois de l'ESS » badge for organisers' websites, and a printable flyer (A5,
A4 PDF, with a QR code to its page) for each published event.

routes.py (request handlers), drawings.py (logo and badge: one set of shapes drawn as SVG
from a template and as PNG with Pillow), documents.py (posters and flyers with WeasyPrint,
QR codes with segno)."""

from flask import Blueprint

bp = Blueprint("kit", __name__)

from app.kit import routes  # noqa: E402,F401
