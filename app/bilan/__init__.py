"""The bilan of an edition (/bilan/): key figures, tables, charts, PDF and open data.

routes.py (request handlers) and domain modules instead of one services.py:
queries.py (SQL aggregations), report.py (the report assembled from them), survey.py (the
organisers' survey section), prizes.py (the Prix ESS figures), charts.py (inline SVG),
format.py (French number formats), exports.py (CSV/JSON), pdf.py (WeasyPrint), access.py
(who may see a region's detailed report)."""

from flask import Blueprint

bp = Blueprint("bilan", __name__)

from app.bilan import routes  # noqa: E402,F401
