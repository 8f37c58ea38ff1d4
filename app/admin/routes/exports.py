"""National exports (CSV, streamed) and the outbox of e-mails (queued, sent, failed)."""

from flask import (
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import _
from flask_babel import lazy_gettext as _l

from app.admin import bp, csv_export
from app.common.exports import csv_response
from app.mail import outbox as mail_outbox
from app.mail import sender

STATUS_LABELS = {
    "queued": _l("En attente"),
    "sending": _l("En cours d'envoi"),
    "sent": _l("Envoyé"),
    "failed": _l("En échec"),
}


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
    return render_template(
        "admin/outbox.html",
        counts=mail_outbox.status_counts(),
        messages=mail_outbox.latest(limit=100),
        labels=STATUS_LABELS,
    )


@bp.post("/outbox/<mail_id>/reessayer")
def outbox_retry(mail_id: str):
    if sender.requeue(mail_id):
        flash(_("Le message est remis dans la file d'envoi."), "success")
    else:
        flash(_("Ce message n'est pas en échec : il n'y a rien à réessayer."), "error")
    return redirect(url_for("admin.outbox"))
