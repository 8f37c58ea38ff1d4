"""The CRESS's own region (/cress/regions/<slug>/…): its public page, regional partners and
département delegates. Only the region's CRESS (or a national admin): 403 for any other,
delegates included. The rules are in app/moderation/regional_page.py."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.permissions import can_moderate_region, is_delegate_only, may_use_cress_space
from app.common.errors import RuleError
from app.moderation import bp, forms
from app.moderation import regional_page as page
from app.moderation.services import get_region
from app.pages import markdown
from app.web import uploads
from app.web.csrf import form_view
from app.web.transaction import after_commit


def own_region(slug: str):
    """Load the region or 404, then check that the user is its CRESS (403 otherwise)."""
    region = get_region(slug) or abort(404)
    if not can_moderate_region(current_user, region.id):
        abort(403)
    return region


def _refused(form, error: RuleError) -> None:
    field = form[error.field] if error.field in form else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


@bp.app_template_global()
def cress_space_link() -> bool:
    """Whether the header shows "Espace CRESS": the CRESS and département delegates (the
    national admins have their own administration link)."""
    return may_use_cress_space(current_user) and (current_user.is_moderator or not current_user.is_admin)


@bp.app_template_global()
def cress_nav() -> dict:
    """What the CRESS space's menu offers the current user: a delegate sees only the events;
    the CRESS also its region's page and delegates."""
    region = current_user.moderated_region if current_user.is_authenticated else None
    return {"delegate": is_delegate_only(current_user), "region": region}


@bp.route("/regions/<slug>/page", methods=["GET", "POST"])
@form_view
def region_page(slug: str):
    region = own_region(slug)
    form = forms.RegionPageForm(obj=region)
    if form.validate_on_submit():
        try:
            page.update_page(region, **{k: form[k].data for k in page.PAGE_FIELDS})
        except RuleError as error:
            _refused(form, error)
        else:
            flash(_("La page de la région est enregistrée."), "success")
            return redirect(url_for("moderation.region_page", slug=region.slug))
    return render_template(
        "moderation/region_page.html",
        form=form,
        region=region,
        preview=markdown.render(form.cress_presentation.data or ""),
        partners=region.partners,
        delete_form=forms.RegionalPartnerForm(formdata=None),
    ), 422 if form.errors else 200


@bp.route("/regions/<slug>/partenaires/nouveau", methods=["GET", "POST"])
@bp.route("/regions/<slug>/partenaires/<int:partner_id>", methods=["GET", "POST"])
@form_view
def region_partner(slug: str, partner_id: int | None = None):
    region = own_region(slug)
    partner = page.partner_of(region, partner_id) if partner_id else None
    if partner_id and partner is None:
        abort(404)
    form = forms.RegionalPartnerForm(obj=partner)
    if form.validate_on_submit():
        upload = form.logo.data if form.logo.data and getattr(form.logo.data, "filename", "") else None
        try:
            saved, unused = page.save_partner(
                region,
                partner,
                name=form.name.data,
                url=form.url.data,
                position=form.position.data,
                logo=upload.stream if upload else None,
                remove_logo=form.remove_logo.data,
            )
        except RuleError as error:
            _refused(form, error)
        else:
            after_commit(uploads.delete, unused)
            flash(_("Le partenaire « %(name)s » est enregistré.", name=saved.name), "success")
            return redirect(url_for("moderation.region_page", slug=region.slug) + "#partenaires")
    return render_template(
        "moderation/region_partner.html", form=form, region=region, partner=partner
    ), 422 if form.errors else 200


@bp.post("/regions/<slug>/partenaires/<int:partner_id>/supprimer")
def region_partner_delete(slug: str, partner_id: int):
    region = own_region(slug)
    partner = page.partner_of(region, partner_id) or abort(404)
    name = partner.name
    after_commit(uploads.delete, page.delete_partner(partner))
    flash(_("Le partenaire « %(name)s » est supprimé.", name=name), "success")
    return redirect(url_for("moderation.region_page", slug=region.slug) + "#partenaires")


def _delegates_page(region, form, status: int = 200):
    return render_template(
        "moderation/delegates.html",
        region=region,
        form=form,
        delegates=page.delegates(region),
        remove_form=forms.RegionalPartnerForm(formdata=None),
    ), status


@bp.route("/regions/<slug>/delegues", methods=["GET", "POST"])
@form_view
def delegates(slug: str):
    region = own_region(slug)
    form = forms.DelegateForm()
    form.set_departements(region.departements)
    if form.validate_on_submit():
        try:
            outcome = page.add_delegate(region, current_user, form.email.data, form.departements.data)
        except RuleError as error:
            _refused(form, error)
        else:
            flash(
                _(
                    "%(email)s modère désormais les départements choisis ; un e-mail l'en informe.",
                    email=form.email.data,
                )
                if outcome == "added"
                else _(
                    "Aucun compte n'utilise %(email)s : une invitation lui est envoyée pour créer son compte "
                    "puis accepter la délégation.",
                    email=form.email.data,
                ),
                "success",
            )
            return redirect(url_for("moderation.delegates", slug=region.slug))
    return _delegates_page(region, form, 422 if form.errors else 200)


@bp.post("/regions/<slug>/delegues/<int:user_id>/retirer")
def delegate_remove(slug: str, user_id: int):
    region = own_region(slug)
    if page.remove_delegate(region, user_id) == 0:
        abort(404)
    flash(_("La délégation est retirée."), "success")
    return redirect(url_for("moderation.delegates", slug=region.slug))


@bp.get("/delegation/<token>")
def accept_delegation(token: str):
    accepted, message = page.accept_delegation(current_user, token[:400])
    if not accepted:
        return render_template("moderation/delegation_error.html", message=message), 400
    flash(message, "success")
    return redirect(url_for("moderation.queue"))
