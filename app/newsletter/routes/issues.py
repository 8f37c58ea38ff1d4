"""Issues of the newsletter (/newsletter/lettres/): list, write, preview, test, confirm and
send in batches with progress. Every route loads the issue, then checks that the user may
manage it (a CRESS: only its region's; 404 otherwise)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.permissions import role_required
from app.newsletter import bp, forms, issues, sending, workflow
from app.web.csrf import form_view
from app.web.htmx import is_partial_request, render_page

writer_required = role_required(issues.may_write)


def managed_issue(issue_id: int):
    issue = issues.load(issue_id)
    if issue is None or not issues.may_manage(current_user, issue):
        abort(404)
    return issue


@bp.context_processor
def _labels():
    return {"ISSUE_STATUS_LABELS": workflow.STATUS_LABELS}


@bp.get("/lettres/")
@writer_required
def issue_list():
    return render_template("newsletter/issues/list.html", issues=issues.visible_issues(current_user))


@bp.route("/lettres/nouvelle", methods=["GET", "POST"])
@writer_required
@form_view
def issue_new():
    return _edit(None)


@bp.route("/lettres/<int:issue_id>/modifier", methods=["GET", "POST"])
@writer_required
@form_view
def issue_edit(issue_id: int):
    issue = managed_issue(issue_id)
    if not issue.is_draft:
        flash(str(workflow.READ_ONLY), "warning")
        return redirect(url_for(".issue_show", issue_id=issue.id))
    return _edit(issue)


def _edit(issue):
    national = issue.region_id is None if issue else current_user.is_admin
    data = forms.issue_data(issue) if issue else None
    form = forms.IssueForm(data=data, national=national)
    if form.validate_on_submit():
        saved = issues.save(issue, current_user, **forms.issue_values(form))
        flash(_("Le brouillon « %(subject)s » est enregistré.", subject=saved.subject), "success")
        return redirect(url_for(".issue_show", issue_id=saved.id))
    return render_template("newsletter/issues/form.html", form=form, issue=issue), 422 if form.errors else 200


@bp.get("/lettres/<int:issue_id>")
@writer_required
def issue_show(issue_id: int):
    issue = managed_issue(issue_id)
    return render_template(
        "newsletter/issues/show.html",
        issue=issue,
        preview=issues.preview_html(issue),
        audience=issues.audience_label(issue),
        recipients=issues.recipients_count(issue) if issue.is_draft else None,
        state=None if issue.is_draft else sending.progress(issue),
    )


@bp.post("/lettres/<int:issue_id>/test")
@writer_required
def issue_test(issue_id: int):
    issue = managed_issue(issue_id)
    issues.send_test(issue, current_user)
    flash(_("Un message de test a été envoyé à %(email)s.", email=current_user.email), "success")
    return redirect(url_for(".issue_show", issue_id=issue.id))


@bp.post("/lettres/<int:issue_id>/supprimer")
@writer_required
def issue_delete(issue_id: int):
    issue = managed_issue(issue_id)
    try:
        issues.delete(issue)
    except workflow.TransitionError as error:
        flash(str(error), "error")
        return redirect(url_for(".issue_show", issue_id=issue.id))
    flash(_("Le brouillon « %(subject)s » est supprimé.", subject=issue.subject), "success")
    return redirect(url_for(".issue_list"))


@bp.route("/lettres/<int:issue_id>/envoyer", methods=["GET", "POST"])
@writer_required
def issue_confirm(issue_id: int):
    """The confirmation step shows the number of recipients; a second click lands on the progress."""
    issue = managed_issue(issue_id)
    if not issue.is_draft:
        return redirect(url_for(".issue_progress", issue_id=issue.id))
    recipients = issues.recipients_count(issue)
    context = dict(issue=issue, recipients=recipients, audience=issues.audience_label(issue))
    if request.method == "POST":
        if recipients == 0:
            error = _("Aucun abonné confirmé ne recevrait cette lettre : elle n'est pas envoyée.")
            return render_template("newsletter/issues/confirm.html", error=error, **context), 422
        try:
            sending.start(issue, current_user, recipients)
        except workflow.TransitionError:  # a double click: the first one started it
            pass
        return redirect(url_for(".issue_progress", issue_id=issue.id))
    return render_template("newsletter/issues/confirm.html", **context)


@bp.route("/lettres/<int:issue_id>/envoi", methods=["GET", "POST"])
@writer_required
def issue_progress(issue_id: int):
    """The progress; a POST sends one batch (the page posts them one after the other, by
    htmx, or by its button without JavaScript)."""
    issue = managed_issue(issue_id)
    if issue.is_draft:
        return redirect(url_for(".issue_show", issue_id=issue.id))
    if request.method == "POST":
        state = sending.send_batch(issue.id, current_app.config["NEWSLETTER_SEND_BATCH_SIZE"])
        if not is_partial_request():
            return redirect(url_for(".issue_progress", issue_id=issue.id))
    else:
        state = sending.progress(issue)
    return render_page("newsletter/issues/progress.html", "progress", issue=issue, state=state)
