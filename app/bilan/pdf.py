"""The bilan as a printable PDF report (WeasyPrint): cover, summary, sections, charts, tables."""

from __future__ import annotations

from flask import render_template, request

from app.bilan import charts
from app.bilan.report import Report


def render_pdf(report: Report, title: str) -> bytes:
    import weasyprint  # imported here: it is slow to import and only the PDF needs it

    html = render_template("bilan/pdf.html", report=report, title=title, chart=charts.render)
    return weasyprint.HTML(string=html, base_url=request.url_root).write_pdf()
