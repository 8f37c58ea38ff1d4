"""CRESS pre-selection (/cress/prix/): the region's submitted candidacies."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.permissions import can_moderate_region, moderator_required
from app.editions import current_edition
from app.extensions import db
from app.models import Region
from app.prizes.candidacy.forms import LateCodeGiftForm, picked_id
from app.prizes.candidacy.services import (
    CandidacyError,
    answer,
    give_late_code_by_name,
    history,
    region_organisation_names,
)
from app.prizes.candidacy.steps import STEPS, category_label
from app.prizes.candidacy.workflow import CRESS, PRESELECTIONNE, action_label
from app.prizes.loading import candidacy_or_404
from app.prizes.preselection import bp, forms, services
from app.web.csrf import form_view


def _edition_and_region():
    edition = current_edition()
    region_id = current_user.moderated_region_id or request.args.get("region", type=int)
    region = db.session.get(Region, region_id) if region_id else None
    if edition is None or region is None or not can_moderate_region(current_user, region.id):
        abort(404)
    return edition, region


def _index(edition, region, late_form=None, choices=(), status=200):
    candidacies = services.region_candidacies(edition.id, region.id)
    labels = services.preselection_labels(candidacies)
    rows = [(c, labels[c.id], services.nominee_for(c)) for c in candidacies]
    return render_template(
        "prizes/preselection/index.html",
        edition=edition,
        region=region,
        rows=rows,
        late_form=late_form or LateCodeGiftForm(formdata=None),
        choices=choices,
        names=region_organisation_names(region.id),
    ), status


@bp.get("/")
@moderator_required
def index():
    return _index(*_edition_and_region())


@bp.post("/code-tardif")
@form_view
@moderator_required
def late_code():
    """The CRESS gives a late code to an organisation of its region, picked by name; the code
    goes by e-mail to the organisation."""
    edition, region = _edition_and_region()
    form = LateCodeGiftForm()
    choices = []
    if form.validate_on_submit():
        outcome = give_late_code_by_name(
            form.organisation.data,
            picked_id(request.form),
            region.id,
            edition,
            current_user,
            form.days.data,
            url_for("candidacy.index", _external=True),
        )
        if outcome.done:
            flash(outcome.done, "success")
            return redirect(url_for("preselection.index", **request.args) + "#code-tardif")
        form.organisation.errors.append(outcome.error)
        choices = outcome.choices
    return _index(edition, region, form, choices, 422)


def _page(candidacy, form, nomination_form, status=200):
    return render_template(
        "prizes/preselection/candidacy.html",
        candidacy=candidacy,
        form=form,
        nomination_form=nomination_form,
        nominee=services.nominee_for(candidacy),
        steps=STEPS,
        answer=answer,
        category_label=category_label,
        history=history(candidacy),
        action_label=action_label,
    ), status


def _saved_evaluation(candidacy):
    """The evaluation form as the CRESS last saved it."""
    return forms.EvaluationForm(
        formdata=None,
        data={
            "score": candidacy.cress_score,
            "comment": candidacy.cress_comment,
            "preselect": candidacy.status == PRESELECTIONNE,
        },
    )


@bp.route("/<int:candidacy_id>", methods=["GET", "POST"])
@form_view
@moderator_required
def evaluate(candidacy_id: int):
    candidacy = candidacy_or_404(candidacy_id, CRESS)
    nomination_form = forms.NominationForm(formdata=None)
    if request.method == "GET":
        return _page(candidacy, _saved_evaluation(candidacy), nomination_form)
    form = forms.EvaluationForm()
    if form.validate_on_submit():
        try:
            services.evaluate(
                candidacy,
                current_user,
                form.score.data,
                (form.comment.data or "").strip(),
                form.preselect.data,
            )
        except CandidacyError as error:
            form.preselect.errors.append(str(error))
        else:
            flash(_("Évaluation enregistrée (non publique)."), "success")
            return redirect(url_for("preselection.evaluate", candidacy_id=candidacy.id))
    return _page(candidacy, form, nomination_form, 422)


@bp.post("/<int:candidacy_id>/vote")
@form_view
@moderator_required
def nominate(candidacy_id: int):
    candidacy = candidacy_or_404(candidacy_id, CRESS)
    nomination_form = forms.NominationForm()
    if nomination_form.validate_on_submit():
        try:
            services.nominate(
                candidacy,
                current_user,
                nomination_form.summary.data.strip(),
                (nomination_form.commune.data or "").strip(),
            )
        except CandidacyError as error:
            nomination_form.summary.errors.append(str(error))
        else:
            flash(_("La candidature est proposée au vote du public."), "success")
            return redirect(url_for("preselection.evaluate", candidacy_id=candidacy.id))
    return _page(candidacy, _saved_evaluation(candidacy), nomination_form, 422)


@bp.post("/<int:candidacy_id>/vote/retirer")
@moderator_required
def unnominate(candidacy_id: int):
    candidacy = candidacy_or_404(candidacy_id, CRESS)
    services.unnominate(candidacy, current_user)
    flash(_("La candidature n'est plus proposée au vote du public."), "success")
    return redirect(url_for("preselection.evaluate", candidacy_id=candidacy.id))
