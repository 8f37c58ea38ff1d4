"""Open data of the bilan: every table as CSV (French Excel) and the report as JSON.

CSV: UTF-8 with BOM, `;` separator, CRLF line ends, one header row of the stable column
names, decimal comma (14,5), empty cell for « non disponible ». JSON: the same tables with
numbers as numbers and null. The format is documented in README « Données ouvertes du bilan »;
FORMAT_VERSION changes when a column is renamed or removed (adding one does not).
"""

from __future__ import annotations

import csv
import io

from app.bilan.report import Report, Table

FORMAT_VERSION = 1
DECIMALS = {"pct": 1, "dec": 2}


def _json_value(kind: str, value):
    if value is None or kind not in DECIMALS:
        return value
    return round(value, DECIMALS[kind])


def _csv_value(kind: str, value) -> str:
    if value is None:
        return ""
    if kind in DECIMALS:
        return f"{value:.{DECIMALS[kind]}f}".replace(".", ",")
    return str(value)


def table_csv(table: Table) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(c.kind, row.get(c.key)) for c in table.columns])
    return out.getvalue()


def table_data(table: Table) -> dict:
    return {
        "cle": table.key,
        "titre": table.title,
        "note": table.note,
        "colonnes": [{"nom": c.key, "libelle": c.label, "type": c.kind} for c in table.columns],
        "lignes": [{c.key: _json_value(c.kind, row.get(c.key)) for c in table.columns} for row in table.rows],
    }


def report_data(report: Report) -> dict:
    region = report.region
    return {
        "format": "bilan-mois-ess",
        "version": FORMAT_VERSION,
        "edition": report.edition.year,
        "region": {"code": region.slug, "libelle": region.name} if region else None,
        "tables": [table_data(t) for t in report.tables],
    }
