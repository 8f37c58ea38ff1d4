"""The accessibility statement (RGAA "déclaration d'accessibilité"): its conformity level,
shown in the footer of every page as the RGAA requires, and the facts the page states."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

# "totalement conforme" needs a full RGAA audit at 100 %; without one, the automated checks
# below support no more than a partial conformity.
LEVEL = _l("partiellement conforme")
ESTABLISHED = date(2026, 12, 2)
RGAA_VERSION = "4.1.2"
CONTACT_EMAIL = "contact@lemois-ess.org"
TECHNOLOGIES = ("HTML5", "CSS", "SVG", "JavaScript (htmx, Leaflet)", "WAI-ARIA")
TOOLS = (
    "axe-core 4 (Deque) dans Chromium, par les tests automatiques",
    "Nu Html Checker (W3C, vnu) sur les pages publiques, les formulaires et le back-office",
    "Lighthouse (Google), catégorie accessibilité",
    "tests de contraste des couleurs du site et de navigation au clavier",
)
