"""Exports (CSV for French Excel, XLSX) and the regional programme (page and PDF)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import load_workbook
from pypdf import PdfReader

from tests import factories as f
from tests.helpers import body


def test_csv_export_opens_in_french_excel(client, world, db):
    f.login(client, world.moderator)
    response = client.get("/cress/export.csv?statut=tous&tri=date")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="mois-ess-2026-bretagne-evenements.csv"' in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:4] == ["Identifiant", "Statut", "Programmation", "Titre"]
    for name in ("Début", "Commune", "Organisateur", "E-mail du contact", "Téléphone de la structure"):
        assert name in header
    data = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert [d["Titre"] for d in data] == [
        "Forum de l'emploi solidaire",
        "Marché des producteurs",
        "Atelier réparation de vélos",
    ]
    atelier = data[2]
    assert atelier["Début"] == "20/11/2026 10:00"  # 9:00 UTC is 10:00 in Paris
    assert atelier["Statut"] == "Soumis à la CRESS"
    assert atelier["E-mail du contact"] == "lea@recyclerie.fr"
    assert atelier["Département"] == "Ille-et-Vilaine (35)"
    assert data[1]["Page publique"].endswith(f"/evenements/{world.published.id}-marche-des-producteurs")


def test_csv_export_applies_filters_and_neutralises_formulas(client, world, db):
    f.event(
        world.edition,
        '=HYPERLINK("http://x")',
        status="soumis",
        departement="29",
        commune="Brest",
        postcode="29200",
    )
    db.session.commit()
    f.login(client, world.moderator)
    rows = list(
        csv.reader(
            io.StringIO(client.get("/cress/export.csv?departement=29&tri=date").data.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    titles = [r[3] for r in rows[1:]]
    assert titles == ["Forum de l'emploi solidaire", '\'=HYPERLINK("http://x")']


def test_xlsx_export(client, world, db):
    f.login(client, world.moderator)
    response = client.get("/cress/export.xlsx?statut=tous&tri=date")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[3] == "Titre" and "Organisateur" in header
    assert [r[3] for r in rows[1:]] == [
        "Forum de l'emploi solidaire",
        "Marché des producteurs",
        "Atelier réparation de vélos",
    ]
    start = rows[3][header.index("Début")]
    assert start == datetime(2026, 11, 20, 10, 0)


def test_programme_page_by_departement_only_published(client, world, db):
    cancelled = f.event(
        world.edition, "Conférence annulée", status="publie", departement="35", schedule_status="annule"
    )
    db.session.commit()
    f.login(client, world.moderator)
    response = client.get("/cress/programme")
    page = body(response)
    assert "Programme – Bretagne" in page
    assert "Marché des producteurs" in page and "Conférence annulée" in page
    assert "Atelier réparation de vélos" not in page  # submitted, not published
    assert page.index("Ille-et-Vilaine (35)") < page.index("Morbihan (56)")
    assert page.index("Conférence annulée") < page.index("Marché des producteurs")
    assert "programme__event--cancelled" in page and "Annulé" in page
    assert world.published.theme.color in page  # theme colour on each event
    assert cancelled.id


def test_programme_pdf(client, world, db):
    f.event(
        world.edition,
        "Ciné-débat coopératif",
        status="publie",
        departement="29",
        commune="Brest",
        postcode="29200",
    )
    db.session.commit()
    f.login(client, world.moderator)
    response = client.get("/cress/programme.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    text = " ".join(text.split())
    for expected in (
        "Finistère (29)",
        "Morbihan (56)",
        "Ciné-débat coopératif",
        "Marché des producteurs",
        "Programme – Bretagne",
    ):
        assert expected in text, expected
    assert "Atelier réparation de vélos" not in text
