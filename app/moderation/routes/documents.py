"""Exports of the region's events and the regional programme (page and PDF)."""

from pathlib import Path

from flask import Response, current_app, render_template, request, url_for
from flask_babel import gettext as _

from app.moderation import bp, documents, services
from app.moderation.routes.queue import queue_params

MIMETYPES = {
    "csv": "text/csv",  # Werkzeug adds "; charset=utf-8" to text types
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _public_url(event) -> str:
    return url_for("events.show", event_id=event.id, slug=event.slug, _external=True)


def _filename(p: services.QueueParams, name: str, ext: str) -> str:
    return f"mois-ess-{p.edition.year}-{p.region.slug if p.region else 'france'}-{name}.{ext}"


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    p = queue_params()
    events = services.all_matching(p)
    if fmt == "csv":
        data = documents.to_csv(events, _public_url)
    else:
        data = documents.to_xlsx(events, _public_url, _("Événements"))
    return _download(data, MIMETYPES[fmt], _filename(p, "evenements", fmt))


def _programme_context():
    p = queue_params()
    events = services.all_matching(p, statuses=("publie",))
    return p, dict(p=p, groups=documents.by_departement(events), total=len(events))


@bp.get("/programme")
def programme():
    _p, context = _programme_context()
    return render_template("moderation/programme.html", **context)


@bp.get("/programme.pdf")
def programme_pdf():
    p, context = _programme_context()
    html = render_template("moderation/programme_document.html", **context)
    stylesheet = Path(current_app.static_folder) / "css" / "programme.css"
    pdf = documents.to_pdf(html, request.url_root, str(stylesheet))
    return _download(pdf, "application/pdf", _filename(p, "programme", "pdf"))


@bp.app_template_global()
def programme_args() -> dict:
    """Edition and region of the current back-office page, for links to the programme."""
    return {k: request.args[k][:80] for k in ("edition", "region") if request.args.get(k)}
