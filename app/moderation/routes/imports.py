"""Bulk import of events by a CRESS: upload, preview (line-by-line errors), confirmation."""

from datetime import datetime

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app import editions
from app.common.numbers import number_fr
from app.extensions import db
from app.models import Region
from app.moderation import bp, forms, importer, services
from app.web.forms import select_choices
from app.web.transaction import after_commit


def _import_form() -> forms.ImportForm:
    form = forms.ImportForm()
    if current_user.is_admin:
        form.region.choices = select_choices((r.slug, r.name) for r in services.regions_list())
        if request.method == "GET" and current_user.moderated_region:
            form.region.data = current_user.moderated_region.slug
    else:
        del form.region
    return form


def _form_page(form, status: int = 200):
    return render_template(
        "moderation/import.html", form=form, columns=importer.COLUMNS, edition=editions.current_edition()
    ), status


@bp.get("/import")
def import_upload():
    return _form_page(_import_form())


@bp.post("/import")
def import_check():
    form = _import_form()
    edition = editions.current_edition()
    if edition is None:
        abort(404)
    try:
        slug = form.region.data if "region" in form else request.form.get("region")
        region = services.resolve_region(current_user, slug)
    except services.OutOfRegion:
        abort(403)
    if region is None:
        form.region.errors = [_("Choisissez la région des événements.")]
        return _form_page(form, 422)
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        form.file.errors = [_("Choisissez un fichier CSV ou Excel (.xlsx).")]
        return _form_page(form, 422)
    try:
        rows = importer.read_table(upload.stream.read(importer.MAX_BYTES + 1))
    except importer.ImportFileError as exc:
        form.file.errors = [str(exc)]
        return _form_page(form, 422)
    preview = importer.check(rows, region, edition, upload.filename)
    token = importer.save_preview(preview, current_user)
    return redirect(url_for(".import_preview", token=token))


def _preview(token: str):
    preview = importer.load_preview(token, current_user)
    if preview is None:
        return None, None
    region = db.session.get(Region, preview.region_id)
    if region is None or not services.can_moderate_region(current_user, region.id):
        abort(403)
    return preview, region


@bp.get("/import/<token>")
def import_preview(token: str):
    preview, region = _preview(token)
    if preview is None:
        flash(
            _("Cet aperçu d'import a expiré ou a déjà été importé : déposez le fichier à nouveau."), "warning"
        )
        return redirect(url_for(".import_upload"))
    return render_template(
        "moderation/import_preview.html",
        preview=preview,
        region=region,
        token=token,
        sample=[dict(r, starts=datetime.fromisoformat(r["starts_at"])) for r in preview.rows[:100]],
    )


@bp.post("/import/<token>/confirmer")
def import_confirm(token: str):
    preview, region = _preview(token)
    if preview is None:
        flash(
            _("Cet aperçu d'import a expiré ou a déjà été importé : rien n'a été importé de nouveau."),
            "warning",
        )
        return redirect(url_for(".import_upload"))
    if not preview.importable:
        flash(
            _(
                "Ce fichier contient des erreurs : corrigez-les et déposez-le à nouveau. Rien n'a "
                "été importé."
            ),
            "error",
        )
        return redirect(url_for(".import_preview", token=token))
    try:
        created = importer.import_rows(preview, current_user)
        db.session.flush()  # a line imported meanwhile by someone else is refused here
    except IntegrityError:  # the same lines imported at the same moment by someone else
        db.session.rollback()
        flash(_("Ces lignes viennent d'être importées par ailleurs : rien n'a été importé."), "warning")
        return redirect(url_for(".import_upload"))
    after_commit(importer.discard_preview, token)
    flash(
        ngettext(
            "%(n)s événement importé et publié.",
            "%(n)s événements importés et publiés.",
            len(created),
            n=number_fr(len(created)),
        ),
        "success",
    )
    return redirect(url_for(".queue", statut="publie", tri="inscription", sens="desc", region=region.slug))


@bp.get("/import/modele.csv", defaults={"fmt": "csv"})
@bp.get("/import/modele.xlsx", defaults={"fmt": "xlsx"})
def import_template(fmt: str):
    from app.moderation.routes.documents import MIMETYPES

    data = importer.template_csv() if fmt == "csv" else importer.template_xlsx()
    return Response(
        data,
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="modele-import-evenements.{fmt}"'},
    )
