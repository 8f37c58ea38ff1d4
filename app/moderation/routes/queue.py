"""The CRESS back-office (/cress/): the queue of the region's events, an event's page,
decisions one by one (row swapped in place by htmx) or in bulk."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from app.accounts import permissions
from app.common.numbers import number_fr
from app.events import workflow
from app.extensions import db, login_manager
from app.moderation import bp, forms, services
from app.web.htmx import is_partial_request, render_page
from app.web.redirects import safe_next

# What a département delegate may open (their départements' events only): nothing else of
# the region (import, regional page, delegates).
DELEGATE_ENDPOINTS = {"queue", "show", "decide", "bulk_publish", "export", "programme", "programme_pdf"}


@bp.before_request
def _moderators_only():
    """Every route of the blueprint: anonymous -> login page, other roles -> 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if request.endpoint == "moderation.accept_delegation":  # the invited person, not yet a delegate
        return None
    if not permissions.may_use_cress_space(current_user):
        abort(403)
    endpoint = (request.endpoint or "").rpartition(".")[2]
    if permissions.is_delegate_only(current_user) and endpoint not in DELEGATE_ENDPOINTS:
        abort(403)


@bp.context_processor
def _labels():
    return {
        "STATUS_LABELS": services.STATUS_LABELS,
        "decisions_for": services.available,
        "action_label": workflow.action_label,
    }


def queue_params() -> services.QueueParams:
    try:
        p = services.parse_params(request.args, current_user)
    except services.OutOfRegion:
        abort(403)
    if p is None:
        abort(404)
    return p


def moderated_event(event_id: int):
    event = services.load_event(event_id)
    if event is None or event.status == "brouillon":
        abort(404)
    if not services.may_moderate(current_user, event):
        abort(403)
    return event


def queue_context(p: services.QueueParams, **extra) -> dict:
    page_size = current_app.config.get("MODERATION_PAGE_SIZE", 50)
    return dict(
        p=p,
        result=services.queue(p, page_size),
        editions=services.editions_list(),
        regions=services.regions_list() if current_user.is_admin else [],
        themes=services.themes_list(),
        departements=services.departements(p.region, p.scope),
        sorts=SORT_LABELS,
        status_filters=status_filter_labels(),
        next_url=url_for(".queue", **p.args()),
        filter_count_value=services.filter_count(p, current_user),
        **extra,
    )


@bp.get("/")
def queue():
    p = queue_params()
    return render_page(
        "moderation/queue.html", "results", oob="moderation/_filters_oob.html", **queue_context(p)
    )


@bp.get("/evenements/<int:event_id>")
def show(event_id: int):
    event = moderated_event(event_id)
    return render_template("moderation/show.html", event=event, history=workflow.history(event))


@bp.post("/evenements/<int:event_id>/<any(publier, modifications, refuser):word>")
def decide(event_id: int, word: str):
    event = moderated_event(event_id)
    action = forms.DECISION_WORDS[word]
    data = forms.decision_input(request.form)
    back = safe_next(data.next, url_for(".queue"))
    try:
        decision = services.decide(event, action, current_user, data.message, data.expected_status)
    except services.Conflict as exc:
        db.session.rollback()
        return _refused(event, back, exc.message, 409)
    except workflow.TransitionError as exc:
        db.session.rollback()
        return _refused(event, back, str(exc), 422, action=action, message=data.message)
    # The e-mails are written with the decision and leave once it is committed.
    services.notify(
        event,
        decision,
        url_for("events.show", event_id=event.id, slug=event.slug, _external=True),
        _dashboard_url(),
    )
    notice = str(DONE[action]).format(title=event.title)
    if is_partial_request():
        return render_page("moderation/_row.html", "row", event=event, notice=notice, next_url=back)
    flash(notice, "success")
    return redirect(back)


def _refused(event, back: str, error: str, status: int, action: str | None = None, message: str = ""):
    """A decision that could not be taken: the row (htmx) or the event page with the reason."""
    if is_partial_request():
        return render_page(
            "moderation/_row.html",
            "row",
            status=status,
            event=event,
            error=error,
            open_action=action,
            typed=message,
            next_url=back,
        )
    if status == 409:
        flash(error, "warning")
        return redirect(back)
    return render_template(
        "moderation/show.html",
        event=event,
        history=workflow.history(event),
        error=error,
        open_action=action,
        typed=message,
    ), status


@bp.post("/publier-la-selection")
def bulk_publish():
    p = queue_params()
    ids = forms.selected_ids(request.form)
    events = services.events_by_ids(ids)
    if any(not services.can_moderate_event(current_user, e) for e in events):
        abort(403)
    try:
        result = services.bulk_publish(events, current_user)
        summary = bulk_summary(result, len(ids) - len(events), nothing=not ids)
        for event, decision in zip(result.published, result.decisions, strict=True):
            services.notify(
                event,
                decision,
                url_for("events.show", event_id=event.id, slug=event.slug, _external=True),
                _dashboard_url(),
            )
    except services.Conflict as exc:  # all or nothing: the whole selection stays as it was
        db.session.rollback()
        summary = [("warning", exc.message + " " + _("Aucun événement de la sélection n'a été publié."))]
    if is_partial_request():
        return render_page(
            "moderation/queue.html", "results", status=200 if ids else 422, **queue_context(p, bulk=summary)
        )
    for category, text in summary:
        flash(text, category)
    return redirect(url_for(".queue", **p.args()))


def bulk_summary(result: services.BulkResult, missing: int, nothing: bool) -> list[tuple[str, str]]:
    if nothing:
        return [("error", _("Cochez au moins un événement à publier."))]
    lines = []
    if result.published:
        lines.append(
            (
                "success",
                ngettext(
                    "%(n)s événement publié.",
                    "%(n)s événements publiés.",
                    len(result.published),
                    n=number_fr(len(result.published)),
                ),
            )
        )
    for event, reason in result.skipped:
        lines.append(
            ("warning", _("Non publié : « %(title)s » – %(reason)s", title=event.title, reason=reason))
        )
    if missing:
        lines.append(
            (
                "warning",
                ngettext(
                    "%(n)s événement introuvable (supprimé entre-temps ?).",
                    "%(n)s événements introuvables (supprimés entre-temps ?).",
                    missing,
                    n=number_fr(missing),
                ),
            )
        )
    return lines


def _dashboard_url() -> str | None:
    if "organisers" in current_app.blueprints:
        return url_for("organisers.dashboard", _external=True)
    return None


def status_filter_labels() -> list[tuple[str, str]]:
    return [
        ("a-traiter", _("À traiter (soumis)")),
        ("tous", _("Tous (sauf brouillons)")),
        *[(s, services.STATUS_LABELS[s]) for s in services.VISIBLE_STATUSES[1:]],
    ]


SORT_LABELS = [
    ("a-traiter", _l("À traiter d'abord")),
    ("date", _l("Date de l'événement")),
    ("organisateur", _l("Organisateur")),
    ("thematique", _l("Thématique")),
    ("inscription", _l("Date d'inscription")),
    ("commune", _l("Lieu (commune)")),
]

DONE = {
    "publish": _l("« {title} » est publié."),
    "request_changes": _l(
        "Modifications demandées pour « {title} » : l'organisateur est prévenu par e-mail."
    ),
    "refuse": _l("« {title} » est refusé : l'organisateur est prévenu par e-mail."),
}
