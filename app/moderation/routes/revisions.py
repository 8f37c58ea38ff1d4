"""Pending revisions of published events (/cress/modifications): the changes field by field,
approved or refused with a message; and the region's settings (/cress/reglages)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.events import revisions
from app.extensions import db
from app.models import EventRevision
from app.moderation import bp, forms, services
from app.moderation.routes.queue import _dashboard_url
from app.web.csrf import form_view


@bp.context_processor
def _pending_revisions():
    def pending_revisions_count() -> int:
        region = current_user.moderated_region if current_user.is_authenticated else None
        if region is None and not current_user.is_admin:
            return 0
        return len(revisions.pending_for_region(region.id if region else None))

    return {"pending_revisions_count": pending_revisions_count, "pending_revision_of": revisions.pending}


def _region():
    try:
        return services.resolve_region(current_user, request.args.get("region"))
    except services.OutOfRegion:
        abort(403)


def _revision_or_404(revision_id: int) -> EventRevision:
    revision = db.session.get(EventRevision, revision_id)
    if revision is None or revision.status != "pending" or not revision.event.is_published:
        abort(404)
    if not services.may_moderate(current_user, revision.event):
        abort(403)
    return revision


def _list_page(status: int = 200, **extra):
    region = _region()
    items = [
        (revision, revisions.diff(revision.event, revision))
        for revision in revisions.pending_for_region(region.id if region else None)
    ]
    return render_template("moderation/revisions.html", region=region, items=items, **extra), status


@bp.get("/modifications")
def revisions_list():
    return _list_page()


@bp.post("/modifications/<int:revision_id>/<any(valider, refuser):word>")
def revision_decide(revision_id: int, word: str):
    revision = _revision_or_404(revision_id)
    event = revision.event
    fields = [row.label for row in revisions.diff(event, revision)]
    message = request.form.get("message", "")[:20000]
    try:
        if word == "valider":
            revisions.approve(revision, current_user)
        else:
            revisions.refuse(revision, current_user, message)
    except revisions.RevisionError as exc:
        db.session.rollback()
        return _list_page(422, error=str(exc), error_id=revision_id, typed=message)
    services.notify_revision(
        event,
        revision,
        fields,
        url_for("events.show", event_id=event.id, slug=event.slug, _external=True),
        _dashboard_url(),
    )
    flash(
        _("La modification de « %(title)s » est publiée.", title=event.title)
        if word == "valider"
        else _(
            "La modification de « %(title)s » est refusée : l'organisateur est prévenu par e-mail.",
            title=event.title,
        ),
        "success",
    )
    return redirect(url_for(".revisions_list"))


@bp.route("/reglages", methods=["GET", "POST"])
@form_view
def settings():
    region = _region()
    if region is None:
        abort(404)
    current = revisions.settings_for(region.id)
    form = forms.SettingsForm(
        data={"minor_changes_live": current.minor_changes_live, "submission_mail": current.submission_mail}
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        revisions.save_settings(region.id, bool(form.minor_changes_live.data), form.submission_mail.data)
        flash(_("Les réglages de la CRESS %(region)s sont enregistrés.", region=region.name), "success")
        return redirect(url_for(".settings", **({"region": region.slug} if current_user.is_admin else {})))
    return render_template(
        "moderation/settings.html", form=form, region=region, minor_labels=revisions.minor_labels()
    ), 422 if request.method == "POST" else 200
