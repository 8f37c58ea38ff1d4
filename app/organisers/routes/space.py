"""Organisers' space (/espace/): dashboard, organisation profile and members, autocompletes."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.permissions import can_edit_organisation, confirmed_required
from app.extensions import db, limiter
from app.geo import gazetteer
from app.models import Organisation, Region
from app.organisers import bp, forms
from app.organisers.services import organisations, survey
from app.platform.database import writes
from app.web.csrf import form_view
from app.web.forms import select_choices
from app.web.htmx import render_page
from app.web.loading import get_or_404
from app.web.transaction import records_refusals


def _region_choices():
    return select_choices((r.id, r.name) for r in db.session.scalars(select(Region).order_by(Region.name)))


def _organisation_or_404(organisation_id: int) -> Organisation:
    return get_or_404(Organisation, organisation_id, lambda o: can_edit_organisation(current_user, o))


@bp.get("/")
@confirmed_required
def dashboard():
    blocks = organisations.dashboard(current_user)
    surveys = survey.open_surveys(current_user)
    return render_template("organisers/dashboard.html", blocks=blocks, surveys=surveys)


@bp.route("/organisations/nouvelle", methods=["GET", "POST"])
@form_view
@confirmed_required
def new_organisation():
    form = forms.OrganisationForm()
    form.region_id.choices = _region_choices()
    if form.validate_on_submit():
        organisation = organisations.create_organisation(current_user, form.values())
        flash(
            _(
                "L'organisation « %(name)s » est créée : vous pouvez inscrire ses événements.",
                name=organisation.name,
            ),
            "success",
        )
        return redirect(url_for("organisers.dashboard"))
    return render_template(
        "organisers/organisation_form.html", form=form, organisation=None
    ), 422 if form.errors else 200


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@form_view
@confirmed_required
def edit_organisation(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    form = forms.OrganisationForm(obj=organisation)
    form.region_id.choices = _region_choices()
    if form.validate_on_submit():
        organisations.update_organisation(organisation, form.values())
        flash(_("Le profil de l'organisation est enregistré."), "success")
        return redirect(url_for("organisers.edit_organisation", organisation_id=organisation.id))
    return render_template(
        "organisers/organisation_form.html",
        form=form,
        organisation=organisation,
        members=organisations.members(organisation),
        invite_form=forms.InviteForm(prefix="invite"),
    ), 422 if form.errors else 200


@bp.post("/organisations/<int:organisation_id>/membres")
@form_view
@confirmed_required
def invite(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    invite_form = forms.InviteForm(prefix="invite")
    if invite_form.validate_on_submit():
        organisations.invite(organisation, current_user, invite_form.email.data)
        flash(
            _(
                "C'est fait : une invitation a été envoyée à cette adresse. La personne "
                "deviendra membre en ouvrant le lien reçu (après avoir créé son compte si elle "
                "n'en a pas)."
            ),
            "success",
        )
        return redirect(url_for("organisers.edit_organisation", organisation_id=organisation.id))
    form = forms.OrganisationForm(obj=organisation, formdata=None)
    form.region_id.choices = _region_choices()
    return render_template(
        "organisers/organisation_form.html",
        form=form,
        organisation=organisation,
        members=organisations.members(organisation),
        invite_form=invite_form,
    ), 422


@bp.get("/invitation/<token>")
@records_refusals
@writes
@confirmed_required
def join(token: str):
    organisation, message = organisations.accept_invitation(current_user, token)
    if organisation is None:
        return render_template("organisers/invitation_error.html", message=message), 400
    flash(message, "success")
    return redirect(url_for("organisers.dashboard"))


@bp.get("/communes")
@limiter.limit(lambda: current_app.config["RATELIMIT_AUTOCOMPLETE"])
@confirmed_required
def communes():
    query = (
        request.args.get("q") or request.args.get("commune") or request.args.get("postcode") or ""
    ).strip()[: gazetteer.MAX_QUERY_LENGTH]
    results = gazetteer.search(query, limit=8) if len(query) >= 2 else []
    return render_page("organisers/communes.html", "results", query=query, communes=results)


@bp.get("/organisations/suggestions")
@limiter.limit(lambda: current_app.config["RATELIMIT_AUTOCOMPLETE"])
@confirmed_required
def organisation_suggestions():
    query = (request.args.get("q") or request.args.get("coorganiser_add") or "").strip()[:80]
    return render_page(
        "organisers/organisation_suggestions.html",
        "results",
        query=query,
        organisations=organisations.suggest_organisations(query),
    )


@bp.context_processor
def _labels():
    from app.events.workflow import action_label
    from app.reference import catalog

    return {"STATUS_LABELS": catalog.labels(catalog.MODERATION_STATUSES), "action_label": action_label}
