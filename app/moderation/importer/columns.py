"""The columns of an import file, and the model file offered for download."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

# key, French header, required, max length
COLUMNS = (
    ("titre", _l("Titre"), True, 200),
    ("resume", _l("Résumé"), False, 300),
    ("description", _l("Description"), False, 10000),
    ("thematique", _l("Thématique"), True, 120),
    ("type", _l("Type"), True, 120),
    ("publics", _l("Publics"), False, 500),
    ("debut", _l("Début"), True, 40),
    ("fin", _l("Fin"), True, 40),
    ("lieu", _l("Lieu"), False, 200),
    ("adresse", _l("Adresse"), False, 255),
    ("code_postal", _l("Code postal"), True, 10),
    ("commune", _l("Commune"), True, 120),
    ("gratuit", _l("Gratuit"), False, 10),
    ("organisateur", _l("Organisateur"), True, 200),
    ("contact_nom", _l("Contact"), False, 120),
    ("contact_email", _l("E-mail du contact"), False, 255),
    ("contact_telephone", _l("Téléphone du contact"), False, 30),
    ("inscription", _l("Lien d'inscription"), False, 255),
)
EXAMPLE = {
    "titre": "Portes ouvertes de la recyclerie",
    "resume": "Visite des ateliers et du magasin.",
    "description": "Découvrez comment nos salariés en insertion donnent une seconde vie aux objets.",
    "thematique": "Préserver",
    "type": "Portes ouvertes / visite d'entreprise",
    "publics": "Grand public, Jeunes",
    "debut": "14/11/2026 10:00",
    "fin": "14/11/2026 17:00",
    "lieu": "La Recyclerie",
    "adresse": "12 rue des Ateliers",
    "code_postal": "35000",
    "commune": "Rennes",
    "gratuit": "oui",
    "organisateur": "Association La Recyclerie",
    "contact_nom": "Camille Martin",
    "contact_email": "contact@exemple.fr",
    "contact_telephone": "02 99 00 00 00",
    "inscription": "",
}


def headers() -> list[str]:
    return [str(label) for _k, label, _r, _m in COLUMNS]


def template_rows() -> list[list[str]]:
    return [headers(), [EXAMPLE[key] for key, *_ in COLUMNS]]


def template_csv() -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(template_rows())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Événements"))
    for row in template_rows():
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
