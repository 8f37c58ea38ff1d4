"""Jurors' space (/jury/): the shortlisted candidacies of their categories only."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.permissions import jury_required
from app.extensions import db
from app.prizes.candidacy.services import answer
from app.prizes.candidacy.steps import STEPS, category_label
from app.prizes.jury import bp, forms, services
from app.prizes.jury.services import JuryError
from app.prizes.loading import JUROR, candidacy_or_404
from app.web.csrf import form_view
from app.web.loading import current_edition_or_404


@bp.get("/")
@jury_required
def index():
    edition = current_edition_or_404()
    rows = [
        (cat, c, services.conflict(current_user, c) is not None, bool(services.my_scores(current_user, c)))
        for cat, c in services.juror_candidacies(current_user, edition.id)
    ]
    return render_template(
        "prizes/jury/index.html", edition=edition, rows=rows, category_label=category_label
    )


def _page(candidacy, category, form, conflict_form, status=200):
    pub = services.publication(candidacy.edition_id)
    others = services.ranking(candidacy.edition_id, category) if pub.deliberation_opened_at else None
    return render_template(
        "prizes/jury/candidacy.html",
        candidacy=candidacy,
        category=category,
        category_label=category_label,
        form=form,
        conflict_form=conflict_form,
        conflicted=services.conflict(current_user, candidacy) is not None,
        criteria=services.criteria(category),
        steps=STEPS,
        answer=answer,
        ranking=others,
    ), status


@bp.route("/<category>/<int:candidacy_id>", methods=["GET", "POST"])
@form_view
@jury_required
def score(category: str, candidacy_id: int):
    candidacy = candidacy_or_404(candidacy_id, JUROR, category)
    crits = services.criteria(category)
    conflicted = services.conflict(current_user, candidacy) is not None
    from flask import request

    if request.method == "GET":
        data = {f"c{k}": v for k, v in services.my_scores(current_user, candidacy).items()}
        return _page(
            candidacy, category, forms.score_form(crits, data=data), forms.ConflictForm(formdata=None)
        )
    if conflicted:
        return _page(candidacy, category, forms.score_form(crits), forms.ConflictForm(formdata=None), 403)
    form = forms.score_form(crits)
    if form.validate_on_submit():
        try:
            services.save_scores(
                current_user, candidacy, category, {c.id: form[f"c{c.id}"].data for c in crits}
            )
        except JuryError as error:
            db.session.rollback()  # the scores written before the refusal are not kept
            flash(str(error), "error")
            return redirect(url_for("jury.score", category=category, candidacy_id=candidacy_id))
        flash(_("Vos notes sont enregistrées."), "success")
        return redirect(url_for("jury.index"))
    return _page(candidacy, category, form, forms.ConflictForm(formdata=None), 422)


@bp.post("/<category>/<int:candidacy_id>/conflit")
@form_view
@jury_required
def declare_conflict(category: str, candidacy_id: int):
    candidacy = candidacy_or_404(candidacy_id, JUROR, category)
    conflict_form = forms.ConflictForm()
    if conflict_form.validate_on_submit():
        services.declare_conflict(current_user, candidacy, conflict_form.reason.data.strip())
        flash(_("Conflit d'intérêts enregistré : vous ne notez pas cette candidature."), "success")
        return redirect(url_for("jury.index"))
    return _page(candidacy, category, forms.score_form(services.criteria(category)), conflict_form, 422)
