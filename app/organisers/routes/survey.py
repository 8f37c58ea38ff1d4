"""The organisers' survey after the Month: answered from the e-mailed one-time link, then
edited by the members from their space until it closes (rules in services/survey.py)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.permissions import can_edit_organisation, confirmed_required
from app.models import Organisation
from app.organisers import bp, forms
from app.organisers.services import survey
from app.web.csrf import form_view
from app.web.loading import get_or_404


def _page(form, edition, organisation, answer=None, status: int = 200):
    return render_template(
        "organisers/survey.html",
        form=form,
        edition=edition,
        organisation=organisation,
        answer=answer,
        closes_at=survey.closes_at(edition),
    ), status


def _refused(message: str, status: int = 400):
    return render_template("organisers/survey_message.html", message=message, error=True), status


@bp.route("/enquete/<token>", methods=["GET", "POST"])
@form_view
def survey_by_link(token: str):
    try:
        target = survey.open_link(token)
    except survey.SurveyError as exc:
        return _refused(str(exc))
    events = survey.events_of(target.edition, target.organisation)
    form = forms.survey_form(events)
    if form.validate_on_submit():
        try:
            survey.answer_by_link(token, form.to_input())
        except survey.SurveyError as exc:
            return _refused(str(exc))
        return redirect(url_for("organisers.survey_sent"))
    return _page(form, target.edition, target.organisation, status=422 if form.errors else 200)


@bp.get("/enquete-envoyee")
def survey_sent():
    return render_template(
        "organisers/survey_message.html",
        message=_(
            "Merci ! Les réponses de votre organisation sont enregistrées : elles nourriront le bilan du "
            "Mois de l'ESS. Vous pourrez les modifier depuis votre espace organisateur jusqu'à la clôture "
            "de l'enquête."
        ),
        error=False,
    )


@bp.route("/organisations/<int:organisation_id>/enquete", methods=["GET", "POST"])
@form_view
@confirmed_required
def survey_answer(organisation_id: int):
    organisation = get_or_404(Organisation, organisation_id, lambda o: can_edit_organisation(current_user, o))
    edition = survey.open_edition()
    if edition is None or not survey.may_answer(edition, organisation):
        abort(404)
    answer = survey.answer_of(edition, organisation)
    form = forms.survey_form(survey.events_of(edition, organisation), answer)
    if form.validate_on_submit():
        try:
            survey.save_answer(edition, organisation, form.to_input(), current_user)
        except survey.SurveyError as exc:
            return _refused(str(exc))
        flash(_("Merci : les réponses de l'organisation à l'enquête sont enregistrées."), "success")
        return redirect(url_for("organisers.dashboard"))
    return _page(form, edition, organisation, answer, 422 if form.errors else 200)
