"""The organisers' events (/espace/evenements/): form, submission, and the actions after it."""

import secrets

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import editions
from app.accounts.permissions import can_edit_event, confirmed_required
from app.events import revisions, workflow
from app.extensions import db
from app.kit import documents as kit_documents
from app.models import Event, Organisation, Theme
from app.organisers import bp, forms
from app.organisers.services import events as rules
from app.organisers.services import organisations, places
from app.web.csrf import form_view
from app.web.forms import select_choices
from app.web.loading import get_or_404
from app.web.uploads import UploadError


def _event_or_404(event_id: int) -> Event:
    return get_or_404(Event, event_id, lambda e: can_edit_event(current_user, e))


def _page(event_id: int):
    return redirect(url_for("organisers.event", event_id=event_id))


def _prepare(form: forms.EventForm, event: Event | None = None) -> None:
    themes = [(t.id, t.name) for t in db.session.scalars(select(Theme).order_by(Theme.number))]
    form.theme_id.choices = select_choices(themes)
    form.second_theme_id.choices = select_choices([("", _("Aucune"))] + themes)  # "" is coerced to None
    ids = {int(v) for v in request.form.getlist("coorganisers") if v.isdigit()}
    ids |= {o.id for o in (event.coorganisers if event else [])}
    ids |= set(revisions.proposed_values(event)["coorganisers"]) if event is not None else set()
    form.coorganisers.choices = (
        select_choices(
            (o.id, o.name)
            for o in db.session.scalars(
                select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
            )
        )
        if ids
        else []
    )


def _validated(form: forms.EventForm, organiser: Organisation):
    """(input, place) once the co-organiser name and the commune are resolved, else None."""
    data = form.to_input()
    if form.coorganiser_add.data:
        found = organisations.organisation_by_name(form.coorganiser_add.data)
        if len(found) != 1:
            form.coorganiser_add.errors.append(
                _(
                    "Aucune organisation inscrite ne porte exactement ce nom : choisissez-la dans la liste "
                    "proposée, ou écrivez-la dans « Autres co-organisateurs »."
                )
                if not found
                else _(
                    "Plusieurs organisations portent ce nom : écrivez-la dans « Autres co-organisateurs »."
                )
            )
            return None
        data.coorganiser_ids.append(found[0].id)
    try:
        return data, rules.locate(data, organiser)
    except places.PlaceError as exc:
        form[exc.field].errors.append(exc.message)
        return None


def _render_form(form, event=None, status=200):
    can_submit = event is None or workflow.allowed(event, "submit")
    edition = event.edition if event is not None else editions.current_edition()
    # Registration closed (or not yet open): the form says so and offers only the draft.
    problem = rules.registration_problem(edition) if can_submit and edition is not None else None
    published = event is not None and event.is_published
    return render_template(
        "organisers/event_form.html",
        form=form,
        event=event,
        can_submit=can_submit,
        registration_problem=problem,
        pending=revisions.pending(event) if published else None,
        minor_live=published and revisions.settings_for(event.region_id).minor_changes_live,
        minor_labels=revisions.minor_labels(),
    ), status


def _after_save(event: Event):
    """Submit when asked (the draft stays saved when submission is refused)."""
    if request.form.get("action") == "submit" and workflow.allowed(event, "submit"):
        return _submit(event, not_duplicate=False)
    return _page(event.id)


def _submit(event: Event, not_duplicate: bool):
    outcome = rules.submit(event, current_user, not_duplicate=not_duplicate)
    if outcome.similar:
        return redirect(url_for("organisers.duplicates", event_id=event.id))
    if outcome.submitted:
        flash(
            _(
                "Votre événement est soumis à la CRESS %(region)s, qui le validera avant publication.",
                region=event.region.name,
            ),
            "success",
        )
        for warning in outcome.warnings:
            flash(warning, "warning")
    else:
        flash(outcome.problem, "error")
    return _page(event.id)


@bp.route("/evenements/nouveau", methods=["GET", "POST"])
@form_view
@confirmed_required
def new_event():
    own_organisations = current_user.organisations
    edition = editions.current_edition()
    if not own_organisations:
        flash(_("Créez d'abord le profil de votre organisation."), "info")
        return redirect(url_for("organisers.new_organisation"))
    if edition is None:
        abort(404)
    form = forms.EventForm()
    form.organiser_id.choices = select_choices((o.id, o.name) for o in own_organisations)
    _prepare(form)
    if request.method == "GET":
        form.creation_token.data = secrets.token_urlsafe(24)
    existing = rules.by_creation_token(form.creation_token.data or "")
    if request.method == "POST" and existing is not None:
        if not can_edit_event(current_user, existing):  # a token forged from someone else's form
            abort(404)
        return _page(existing.id)  # double submission: the first one created the event
    if form.validate_on_submit():
        organiser = next(o for o in own_organisations if o.id == form.organiser_id.data)
        resolved = _validated(form, organiser)
        if resolved is not None:
            try:
                event = rules.create_event(
                    current_user, organiser, edition, *resolved, token=form.creation_token.data or None
                )
            except IntegrityError:  # the same token, committed meanwhile by a parallel request
                db.session.rollback()
                existing = rules.by_creation_token(form.creation_token.data)
                if existing is None:
                    raise
                return _page(existing.id)
            flash(_("Votre brouillon est enregistré."), "success")
            return _after_save(event)
    return _render_form(form, status=422 if request.method == "POST" else 200)


@bp.route("/evenements/<int:event_id>/modifier", methods=["GET", "POST"])
@form_view
@confirmed_required
def edit_event(event_id: int):
    event = _event_or_404(event_id)
    if not rules.editable(event):
        flash(_("Un événement annulé ne peut plus être modifié."), "error")
        return _page(event.id)
    values = rules.form_values(event) if request.method == "GET" else None
    form = forms.EventForm(data=values)
    del form.organiser_id
    del form.creation_token
    _prepare(form, event)
    if values is not None:
        form.second_theme_id.data = values["second_theme_id"]
    if form.validate_on_submit():
        resolved = _validated(form, event.organiser)
        if resolved is not None:
            outcome = rules.update_event(event, current_user, *resolved)
            for message in _saved_messages(outcome):
                flash(message, "success")
            return _after_save(event)
    return _render_form(form, event, 422 if request.method == "POST" else 200)


def _saved_messages(outcome) -> list[str]:
    if outcome is None:
        return [_("Modifications enregistrées.")]
    messages = []
    if outcome.applied:
        messages.append(
            _("Publié tout de suite (changement mineur) : %(fields)s.", fields=", ".join(outcome.applied))
        )
    if outcome.pending:
        messages.append(
            _(
                "Modifications enregistrées : elles attendent la validation de la CRESS. D'ici là, "
                "la version publiée reste en ligne telle quelle."
            )
        )
    if not messages:
        messages.append(_("Aucune modification à enregistrer."))
    return messages


def _event_page(event: Event, status: int = 200, **overrides):
    context = dict(
        image_form=forms.ImageForm(prefix="image", formdata=None, data={"credit": event.image_credit}),
        attendance_form=forms.AttendanceForm(
            prefix="attendance", formdata=None, data={"attendance": event.attendance}
        ),
        cancel_form=forms.CancelForm(prefix="cancel", formdata=None),
        postpone_form=forms.PostponeForm(prefix="postpone", formdata=None),
    )
    context.update(overrides)
    return render_template(
        "organisers/event.html",
        event=event,
        status=status,
        history=workflow.history(event),
        messages=rules.cress_messages(event),
        can_submit=workflow.allowed(event, "submit"),
        can_edit=rules.editable(event),
        can_cancel=rules.can_cancel(event),
        can_mark_full=workflow.schedule_allowed(event, "full"),
        can_unmark_full=workflow.schedule_allowed(event, "not_full"),
        can_postpone=workflow.schedule_allowed(event, "postpone"),
        pending=revisions.pending(event) if event.is_published else None,
        can_declare=rules.can_declare_attendance(event),
        can_delete=event.status == "brouillon",
        registration_problem=rules.registration_problem(event.edition),
        **context,
    ), status


@bp.get("/evenements/<int:event_id>")
@confirmed_required
def event(event_id: int):
    return _event_page(_event_or_404(event_id))


@bp.post("/evenements/<int:event_id>/soumettre")
@confirmed_required
def submit(event_id: int):
    event = _event_or_404(event_id)
    return _submit(event, not_duplicate=request.form.get("not_duplicate") == "1")


@bp.get("/evenements/<int:event_id>/doublons")
@confirmed_required
def duplicates(event_id: int):
    event = _event_or_404(event_id)
    similar = rules.similar_events(event)
    if not similar or not workflow.allowed(event, "submit"):
        return _page(event.id)
    return render_template("organisers/duplicates.html", event=event, similar=similar)


@bp.post("/evenements/<int:event_id>/supprimer")
@confirmed_required
def delete(event_id: int):
    event = _event_or_404(event_id)
    try:
        rules.delete_draft(event)
    except rules.EventRuleError as exc:
        flash(str(exc), "error")
        return _page(event.id)
    flash(_("Le brouillon est supprimé."), "success")
    return redirect(url_for("organisers.dashboard"))


@bp.post("/evenements/<int:event_id>/dupliquer")
@confirmed_required
def duplicate(event_id: int):
    event = _event_or_404(event_id)
    edition = editions.current_edition() or event.edition
    copy = rules.duplicate(event, current_user, edition)
    flash(
        _("Voici la copie, enregistrée comme brouillon : vérifiez ses dates avant de la soumettre."),
        "success",
    )
    return redirect(url_for("organisers.edit_event", event_id=copy.id))


@bp.post("/evenements/<int:event_id>/annuler")
@form_view
@confirmed_required
def cancel(event_id: int):
    event = _event_or_404(event_id)
    form = forms.CancelForm(prefix="cancel")
    if not form.validate_on_submit():
        return _event_page(event, 422, cancel_form=form)
    try:
        rules.cancel(event, current_user, form.message.data or "")
    except rules.EventRuleError as exc:
        flash(str(exc), "error")
        return _page(event.id)
    flash(_("L'événement est annulé : il reste visible, marqué « Annulé »."), "success")
    return _page(event.id)


@bp.post("/evenements/<int:event_id>/complet")
@confirmed_required
def full(event_id: int):
    event = _event_or_404(event_id)
    full = request.form.get("full") == "1"
    try:
        rules.set_full(event, current_user, full)
    except rules.EventRuleError as exc:
        flash(str(exc), "error")
        return _page(event.id)
    flash(
        _("L'événement est marqué « Complet » sur le site.")
        if full
        else _("L'événement n'est plus marqué « Complet »."),
        "success",
    )
    return _page(event.id)


@bp.post("/evenements/<int:event_id>/reporter")
@form_view
@confirmed_required
def postpone(event_id: int):
    event = _event_or_404(event_id)
    form = forms.PostponeForm(prefix="postpone")
    if form.validate_on_submit():
        try:
            rules.postpone(event, current_user, form.starts_at.data, form.ends_at.data)
        except rules.EventRuleError as exc:
            form.starts_at.errors.append(str(exc))
        else:
            flash(_("L'événement est reporté : sa page annonce la nouvelle date."), "success")
            return _page(event.id)
    return _event_page(event, 422, postpone_form=form)


@bp.post("/evenements/<int:event_id>/participation")
@form_view
@confirmed_required
def attendance(event_id: int):
    event = _event_or_404(event_id)
    form = forms.AttendanceForm(prefix="attendance")
    if form.validate_on_submit():
        try:
            rules.declare_attendance(event, current_user, form.attendance.data)
        except rules.EventRuleError as exc:  # not ended yet: the form is not even offered
            flash(str(exc), "error")
            return _page(event.id)
        else:
            flash(_("Merci : la participation est enregistrée."), "success")
            return _page(event.id)
    return _event_page(event, 422, attendance_form=form)


@bp.post("/evenements/<int:event_id>/image")
@form_view
@confirmed_required
def image(event_id: int):
    event = _event_or_404(event_id)
    form = forms.ImageForm(prefix="image")
    if form.validate_on_submit():
        upload = form.image.data
        try:
            if request.form.get("action") == "remove":
                rules.remove_image(event)
            elif upload is not None and getattr(upload, "filename", ""):
                rules.set_image(event, upload.stream, form.credit.data or "")
            elif event.image_file:
                rules.set_image_credit(event, form.credit.data or "")
            else:
                raise UploadError(_("Choisissez une image."))
        except UploadError as exc:
            db.session.rollback()
            form.image.errors.append(str(exc))
        else:
            flash(_("L'image est enregistrée.") if event.image_file else _("L'image est retirée."), "success")
            return _page(event.id)
    return _event_page(event, 422, image_form=form)


@bp.get("/evenements/<int:event_id>/affichette-<any(a5, a4):size>.pdf")
@confirmed_required
def flyer(event_id: int, size: str):
    """The printable flyer of one of the user's events, once published (404 before)."""
    event = _event_or_404(event_id)
    if not event.is_published:
        abort(404)
    return Response(
        kit_documents.flyer_pdf(event, size),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{kit_documents.flyer_name(event, size)}"',
            "Cache-Control": "private, no-store",
        },
    )
