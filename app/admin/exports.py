"""National exports (CSV, streamed) and the outbox of development e-mails."""

from datetime import date

from flask import Response, render_template, stream_with_context

from app.admin import bp, csv_export
from app.mail import outbox_messages


def csv_response(lines, name: str) -> Response:
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{date.today():%Y-%m-%d}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/exports/")
def exports():
    return render_template("admin/exports.html")


@bp.get("/exports/evenements.csv")
def export_events():
    return csv_response(csv_export.event_lines(), "mois-ess-evenements")


@bp.get("/exports/organisations.csv")
def export_organisations():
    return csv_response(csv_export.organisation_lines(), "mois-ess-organisations")


@bp.get("/outbox")
def outbox():
    return render_template("admin/outbox.html", messages=outbox_messages(limit=100))
