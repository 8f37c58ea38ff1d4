"""National administration of the Prix ESS (/jury/admin/): one admin guard for every route."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.permissions import admin_required
from app.common.exports import csv_lines, csv_response, xlsx_bytes, xlsx_response
from app.common.numbers import number_fr
from app.extensions import db
from app.models import Candidacy, Criterion, JuryAssignment, User
from app.prizes.candidacy.forms import LateCodeGiftForm, picked_id
from app.prizes.candidacy.services import give_late_code_by_name
from app.prizes.candidacy.steps import CATEGORIES, category_label
from app.prizes.jury import bp, exports, forms, services
from app.prizes.jury.services import JuryError
from app.web.csrf import form_view
from app.web.loading import current_edition_or_404, get_or_404


def _page(edition, criterion_form=None, assignment_form=None, late_form=None, late_choices=(), status=200):
    return render_template(
        "prizes/jury/admin.html",
        edition=edition,
        pub=services.publication(edition.id),
        candidates=services.candidates_for_shortlist(edition.id),
        shortlisted=len(services.shortlist(edition.id)),
        size=services.SHORTLIST_SIZE,
        categories=CATEGORIES,
        criteria={c: services.criteria(c) for c, _l in CATEGORIES},
        assignments=services.assignments(edition.id),
        category_label=category_label,
        criterion_form=criterion_form or forms.CriterionForm(formdata=None),
        assignment_form=assignment_form or forms.AssignmentForm(formdata=None),
        late_form=late_form or LateCodeGiftForm(formdata=None),
        late_choices=late_choices,
        empty=forms.EmptyForm(),
        pending=len(services.pending_messages(edition.id)),
    ), status


@bp.get("/admin/")
@admin_required
def admin():
    return _page(current_edition_or_404())


@bp.post("/admin/liste/<int:candidacy_id>")
@admin_required
def toggle_shortlist(candidacy_id: int):
    edition = current_edition_or_404()
    candidacy = get_or_404(Candidacy, candidacy_id, lambda c: c.edition_id == edition.id)
    try:
        services.set_shortlisted(candidacy, current_user, request.form.get("shortlist") == "1")
    except JuryError as error:
        flash(str(error), "error")
    return redirect(url_for("jury.admin") + "#liste")


@bp.post("/admin/criteres")
@form_view
@admin_required
def add_criterion():
    edition = current_edition_or_404()
    form = forms.CriterionForm()
    if form.validate_on_submit():
        services.add_criterion(
            form.category.data, form.label.data.strip(), form.weight.data, form.max_score.data
        )
        flash(_("Critère ajouté."), "success")
        return redirect(url_for("jury.admin") + "#criteres")
    return _page(edition, criterion_form=form, status=422)


@bp.post("/admin/criteres/<int:criterion_id>/supprimer")
@admin_required
def delete_criterion(criterion_id: int):
    db.session.delete(get_or_404(Criterion, criterion_id))
    flash(_("Critère supprimé."), "success")
    return redirect(url_for("jury.admin") + "#criteres")


@bp.post("/admin/jures")
@form_view
@admin_required
def assign():
    edition = current_edition_or_404()
    form = forms.AssignmentForm()
    if form.validate_on_submit():
        juror = db.session.scalar(
            select(User).where(func.lower(User.email) == form.email.data.strip().lower())
        )
        try:
            if juror is None:
                raise JuryError(_("Aucun compte n'existe avec cette adresse."))
            services.assign(edition.id, juror, form.category.data)
        except JuryError as error:
            form.email.errors.append(str(error))
        else:
            flash(_("Juré affecté."), "success")
            return redirect(url_for("jury.admin") + "#jures")
    return _page(edition, assignment_form=form, status=422)


@bp.post("/admin/jures/<int:assignment_id>/retirer")
@admin_required
def unassign(assignment_id: int):
    db.session.delete(get_or_404(JuryAssignment, assignment_id))
    return redirect(url_for("jury.admin") + "#jures")


@bp.get("/admin/classement/<category>")
@admin_required
def ranking(category: str):
    if category not in dict(CATEGORIES):
        abort(404)
    edition = current_edition_or_404()
    return render_template(
        "prizes/jury/ranking.html",
        edition=edition,
        category=category,
        category_label=category_label,
        rows=services.ranking(edition.id, category),
        form=forms.LaureateForm(formdata=None, data={"category": category}),
    )


@bp.post("/admin/laureat/<int:candidacy_id>")
@form_view
@admin_required
def laureate(candidacy_id: int):
    edition = current_edition_or_404()
    candidacy = get_or_404(Candidacy, candidacy_id, lambda c: c.edition_id == edition.id)
    form = forms.LaureateForm()
    if form.validate_on_submit():
        try:
            services.set_laureate(
                candidacy,
                current_user,
                form.category.data,
                form.text.data.strip(),
                (form.video_url.data or "").strip(),
            )
        except JuryError as error:
            form.text.errors.append(str(error))
        else:
            flash(_("Lauréat enregistré (non public jusqu'à la publication)."), "success")
            return redirect(url_for("jury.ranking", category=form.category.data))
    category = form.category.data if form.category.data in dict(CATEGORIES) else "performance"
    return render_template(
        "prizes/jury/ranking.html",
        edition=edition,
        category=category,
        category_label=category_label,
        rows=services.ranking(edition.id, category),
        form=form,
        form_for=candidacy.id,
    ), 422


@bp.get("/admin/publier/liste")
@admin_required
def confirm_shortlist():
    """Before publishing the 50: what it will do, in figures."""
    edition = current_edition_or_404()
    if services.publication(edition.id).shortlist_published_at is not None:
        flash(_("La liste des 50 est déjà publiée."), "warning")
        return redirect(url_for("jury.admin") + "#messages")
    return render_template(
        "prizes/jury/confirm_shortlist.html",
        edition=edition,
        counts=services.shortlist_counts(edition.id),
        form=forms.EmptyForm(),
    )


@bp.post("/admin/publier/<what>")
@admin_required
def publish(what: str):
    edition = current_edition_or_404()
    if what == "liste" and request.form.get("confirm") != "1":
        return redirect(url_for("jury.confirm_shortlist"))
    try:
        if what == "liste":
            services.publish_shortlist(edition.id, current_user)
        elif what == "laureats":
            services.publish_laureates(edition.id)
        elif what == "deliberation":
            services.open_deliberation(edition.id)
        else:
            abort(404)
    except JuryError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("jury.admin"))
    waiting = len(services.pending_messages(edition.id))
    if what == "deliberation":
        flash(_("La délibération du jury est ouverte."), "success")
    elif waiting:
        flash(
            ngettext(
                "C'est publié. %(n)s message aux candidats attend votre envoi.",
                "C'est publié. %(n)s messages aux candidats attendent votre envoi.",
                waiting,
                n=number_fr(waiting),
            ),
            "success",
        )
    else:
        flash(_("C'est publié. Aucun message n'est à envoyer aux candidats."), "success")
    return redirect(url_for("jury.admin") + "#messages")


@bp.post("/admin/publier/liste/annuler")
@admin_required
def cancel_shortlist():
    edition = current_edition_or_404()
    try:
        withdrawn = services.cancel_shortlist(edition.id, current_user)
    except JuryError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("jury.admin") + "#messages")
    flash(
        ngettext(
            "La publication de la liste des 50 est annulée ; %(n)s message en attente est retiré.",
            "La publication de la liste des 50 est annulée ; %(n)s messages en attente sont retirés.",
            withdrawn,
            n=number_fr(withdrawn),
        ),
        "success",
    )
    return redirect(url_for("jury.admin") + "#liste")


@bp.get("/admin/messages")
@admin_required
def messages():
    edition = current_edition_or_404()
    return render_template(
        "prizes/jury/messages.html",
        edition=edition,
        messages=services.pending_messages(edition.id),
        form=forms.EmptyForm(),
        category_label=category_label,
    )


@bp.post("/admin/messages")
@admin_required
def send_messages():
    edition = current_edition_or_404()
    n = services.send_pending(edition.id)
    flash(ngettext("%(n)s message envoyé.", "%(n)s messages envoyés.", n, n=number_fr(n)), "success")
    return redirect(url_for("jury.admin"))


@bp.post("/admin/code-tardif")
@form_view
@admin_required
def grant_late_code():
    """A single-use late-submission code for an organisation picked by name, e-mailed to it
    (only its hash is kept)."""
    edition = current_edition_or_404()
    form = LateCodeGiftForm()
    choices = []
    if form.validate_on_submit():
        outcome = give_late_code_by_name(
            form.organisation.data,
            picked_id(request.form),
            None,
            edition,
            current_user,
            form.days.data,
            url_for("candidacy.index", _external=True),
        )
        if outcome.done:
            flash(outcome.done, "success")
            return redirect(url_for("jury.admin") + "#code-tardif")
        form.organisation.errors.append(outcome.error)
        choices = outcome.choices
    return _page(edition, late_form=form, late_choices=choices, status=422)


@bp.get("/admin/candidatures.<any(csv, xlsx):fmt>")
@admin_required
def export_candidacies(fmt: str):
    """Every candidacy of the edition past the draft, with labels (CSV or XLSX)."""
    edition = current_edition_or_404()
    name = f"prix-ess-{edition.year}-candidatures"
    rows = list(exports.rows(edition.id))  # read now: the response is sent after the commit
    if fmt == "csv":
        return csv_response(csv_lines(exports.header(), rows), name)
    data = xlsx_bytes(exports.header(), rows, _("Candidatures"), widths=(8, 8, 22, 34, 22))
    return xlsx_response(data, name)
