"""Candidacy to the Prix ESS (/prix/candidature/): members of an organisation, confirmed."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.permissions import confirmed_required, is_member
from app.common.time import utcnow
from app.extensions import db
from app.models import Candidacy, CandidacyAttachment, Organisation
from app.prizes.candidacy import attachments, bp, forms, services, workflow
from app.prizes.candidacy.services import CandidacyError
from app.prizes.candidacy.steps import STEPS, category_label, next_step, step
from app.prizes.candidacy.workflow import MEMBER
from app.prizes.loading import candidacy_or_404
from app.web import htmx
from app.web.csrf import form_view
from app.web.filters import time_fr
from app.web.loading import current_edition_or_404, get_or_404
from app.web.transaction import after_commit
from app.web.uploads import UploadError


def _organisation_or_404(organisation_id: int) -> Organisation:
    return get_or_404(Organisation, organisation_id, lambda o: is_member(current_user, o.id))


@bp.get("/")
@confirmed_required
def index():
    edition = current_edition_or_404()
    rows = [(o, services.candidacy_for(o, edition)) for o in current_user.organisations]
    return render_template(
        "prizes/candidacy/index.html",
        edition=edition,
        rows=rows,
        state=services.window(edition),
        message=services.window_message(edition),
        form=forms.ConfirmForm(),
        late_form=forms.LateCodeForm(),
    )


@bp.post("/organisations/<int:organisation_id>")
@confirmed_required
def start(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    try:
        candidacy = services.start(organisation, current_edition_or_404(), current_user)
    except CandidacyError as error:
        flash(str(error), "error")
        return redirect(url_for("candidacy.index"))
    return redirect(url_for("candidacy.edit", candidacy_id=candidacy.id, slug=STEPS[0].slug))


@bp.post("/organisations/<int:organisation_id>/code-tardif")
@form_view
@confirmed_required
def late_code(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    form = forms.LateCodeForm()
    if form.validate_on_submit():
        try:
            candidacy = services.redeem_late_code(
                organisation, current_edition_or_404(), form.code.data, current_user
            )
        except CandidacyError as error:
            form.code.errors.append(str(error))
        else:
            flash(_("Le code est accepté : vous pouvez compléter et déposer votre candidature."), "success")
            return redirect(url_for("candidacy.edit", candidacy_id=candidacy.id, slug=STEPS[0].slug))
    edition = current_edition_or_404()
    rows = [(o, services.candidacy_for(o, edition)) for o in current_user.organisations]
    return render_template(
        "prizes/candidacy/index.html",
        edition=edition,
        rows=rows,
        state=services.window(edition),
        message=services.window_message(edition),
        form=forms.ConfirmForm(),
        late_form=form,
        late_organisation_id=organisation.id,
    ), 422


def _step_context(candidacy, current, form):
    return dict(
        candidacy=candidacy, steps=STEPS, current=current, form=form, next_slug=next_step(current.slug)
    )


@bp.route("/<int:candidacy_id>/etape/<slug>", methods=["GET", "POST"])
@form_view
@confirmed_required
def edit(candidacy_id: int, slug: str):
    candidacy = candidacy_or_404(candidacy_id, MEMBER)
    current = step(slug)
    if current is None:
        abort(404)
    if not services.can_write(candidacy):
        return redirect(url_for("candidacy.summary", candidacy_id=candidacy.id))
    form_class = forms.step_form_class(current)
    if request.method == "GET":
        form = form_class(data=(candidacy.answers or {}).get(slug, {}))
        return render_template("prizes/candidacy/step.html", **_step_context(candidacy, current, form))
    form = form_class()
    if form.validate_on_submit():
        services.save_step(candidacy, slug, form.values())
        flash(_("Étape « %(title)s » enregistrée.", title=current.title), "success")
        following = next_step(slug)
        if request.form.get("go") == "next" and following:
            return redirect(url_for("candidacy.edit", candidacy_id=candidacy.id, slug=following))
        if request.form.get("go") == "next":
            return redirect(url_for("candidacy.attachments_page", candidacy_id=candidacy.id))
        return redirect(url_for("candidacy.edit", candidacy_id=candidacy.id, slug=slug))
    return render_template("prizes/candidacy/step.html", **_step_context(candidacy, current, form)), 422


@bp.post("/<int:candidacy_id>/etape/<slug>/autosave")
@confirmed_required
def autosave(candidacy_id: int, slug: str):
    """htmx autosave of a step (CSRF checked globally): a small status fragment."""
    candidacy = candidacy_or_404(candidacy_id, MEMBER)
    current = step(slug)
    if current is None or not services.can_write(candidacy):
        abort(404)
    form = forms.step_form_class(current)(meta={"csrf": False})
    saved = form.validate()
    if saved:
        services.save_step(candidacy, slug, form.values())
    status = 200 if saved else 422
    fragment = render_template("prizes/candidacy/_autosave.html", saved=saved, time=time_fr(utcnow()))
    if htmx.is_partial_request():
        return fragment, status
    return render_template(
        "prizes/candidacy/autosave_page.html",
        candidacy=candidacy,
        slug=slug,
        saved=saved,
        time=time_fr(utcnow()),
    ), status


@bp.get("/<int:candidacy_id>/recapitulatif")
@confirmed_required
def summary(candidacy_id: int):
    candidacy = candidacy_or_404(candidacy_id, MEMBER)
    return render_template(
        "prizes/candidacy/summary.html",
        candidacy=candidacy,
        steps=STEPS,
        missing=services.missing(candidacy),
        writable=services.can_write(candidacy),
        answer=services.answer,
        category_label=category_label,
        form=forms.ConfirmForm(),
        history=services.applicant_history(candidacy),
    )


@bp.post("/<int:candidacy_id>/deposer")
@confirmed_required
def submit(candidacy_id: int):
    candidacy = candidacy_or_404(candidacy_id, MEMBER)
    try:
        services.submit(
            candidacy,
            current_user,
            link=url_for("candidacy.summary", candidacy_id=candidacy.id, _external=True),
        )
    except CandidacyError as error:
        flash(str(error), "error")
        return redirect(url_for("candidacy.summary", candidacy_id=candidacy.id))
    flash(_("Votre candidature est déposée. Un message de confirmation vous a été envoyé."), "success")
    return redirect(url_for("candidacy.summary", candidacy_id=candidacy.id))


@bp.post("/<int:candidacy_id>/abandonner")
@confirmed_required
def discard(candidacy_id: int):
    candidacy = candidacy_or_404(candidacy_id, MEMBER)
    try:
        services.discard(candidacy, current_user)
    except CandidacyError as error:
        flash(str(error), "error")
        return redirect(url_for("candidacy.summary", candidacy_id=candidacy.id))
    flash(_("Le brouillon de candidature est supprimé."), "success")
    return redirect(url_for("candidacy.index"))


@bp.context_processor
def _labels():
    return {
        "candidacy_status_label": lambda c: workflow.status_label(services.applicant_status(c)),
        "candidacy_action_label": workflow.action_label,
    }


def _attachments_page(candidacy, form, error=None, status=200):
    return render_template(
        "prizes/candidacy/attachments.html",
        candidacy=candidacy,
        steps=STEPS,
        form=form,
        confirm=forms.ConfirmForm(),
        writable=services.can_write(candidacy),
        error=error,
    ), status


@bp.route("/<int:candidacy_id>/pieces-jointes", methods=["GET", "POST"])
@form_view
@confirmed_required
def attachments_page(candidacy_id: int):
    candidacy = candidacy_or_404(candidacy_id, MEMBER)
    form = forms.AttachmentForm()
    if request.method == "GET":
        return _attachments_page(candidacy, form)
    if not services.can_write(candidacy):
        abort(403)
    if form.validate_on_submit():
        try:
            attachments.add(candidacy, form.file.data.stream, form.file.data.filename)
        except UploadError as error:
            form.file.errors.append(str(error))
        else:
            flash(_("Pièce jointe ajoutée."), "success")
            return redirect(url_for("candidacy.attachments_page", candidacy_id=candidacy.id))
    return _attachments_page(candidacy, form, status=422)


@bp.post("/<int:candidacy_id>/pieces-jointes/<int:attachment_id>/supprimer")
@confirmed_required
def delete_attachment(candidacy_id: int, attachment_id: int):
    candidacy = candidacy_or_404(candidacy_id, MEMBER)
    attachment = get_or_404(CandidacyAttachment, attachment_id, lambda a: a.candidacy_id == candidacy.id)
    if not services.can_write(candidacy):
        abort(403)
    after_commit(attachments.delete_file, attachments.remove(candidacy, attachment))
    flash(_("Pièce jointe supprimée."), "success")
    return redirect(url_for("candidacy.attachments_page", candidacy_id=candidacy.id))


@bp.get("/<int:candidacy_id>/pieces-jointes/<int:attachment_id>")
@confirmed_required
def download_attachment(candidacy_id: int, attachment_id: int):
    """Members, the region's CRESS, admins and assigned jurors; 404 for everyone else."""
    candidacy = db.session.get(Candidacy, candidacy_id)
    attachment = db.session.get(CandidacyAttachment, attachment_id)
    if (
        candidacy is None
        or attachment is None
        or attachment.candidacy_id != candidacy.id
        or not attachments.can_read(current_user, candidacy)
    ):
        abort(404)
    path = attachments.path_of(attachment)
    if path is None or not path.exists():
        abort(404)
    response = send_file(
        path, mimetype=attachment.content_type, as_attachment=True, download_name=attachment.original_name
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<int:candidacy_id>/recu.pdf")
@confirmed_required
def receipt(candidacy_id: int):
    """PDF receipt of a submitted candidacy, for its members."""
    candidacy = candidacy_or_404(candidacy_id, MEMBER)
    if candidacy.submitted_at is None:
        abort(404)
    from weasyprint import HTML  # heavy import, only when a receipt is asked for

    html = render_template(
        "prizes/candidacy/receipt.html",
        candidacy=candidacy,
        steps=STEPS,
        answer=services.answer,
        category_label=category_label,
    )
    pdf = HTML(string=html, base_url=request.url_root).write_pdf()
    return (
        pdf,
        200,
        {
            "Content-Type": "application/pdf",
            "Content-Disposition": f'attachment; filename="recu-candidature-{candidacy.id}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )
