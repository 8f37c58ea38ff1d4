"""Partners and editorial pages, managed by the national team."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.admin import bp, forms
from app.admin.routes.editions import refused
from app.common.errors import RuleError
from app.extensions import db
from app.models import Partner
from app.pages import markdown
from app.pages import services as page_services
from app.partners import services as partner_services
from app.partners.forms import PartnerForm
from app.web import uploads
from app.web.csrf import form_view
from app.web.transaction import after_commit


@bp.get("/partenaires/")
def partners():
    return render_template(
        "admin/partners.html", partners=partner_services.all_partners(), delete_form=forms.DeleteForm()
    )


@bp.route("/partenaires/nouveau", methods=["GET", "POST"])
@bp.route("/partenaires/<int:partner_id>", methods=["GET", "POST"])
@form_view
def partner(partner_id: int | None = None):
    partner = db.session.get(Partner, partner_id) if partner_id else None
    if partner_id and partner is None:
        abort(404)
    form = PartnerForm(obj=partner)
    if form.validate_on_submit():
        upload = form.logo.data if form.logo.data and form.logo.data.filename else None
        try:
            saved, unused = partner_services.save_partner(
                partner,
                name=form.name.data,
                url=form.url.data,
                description=form.description.data,
                position=form.position.data,
                visible=form.visible.data,
                logo=upload.stream if upload else None,
                remove_logo=form.remove_logo.data,
            )
        except RuleError as error:
            db.session.rollback()
            refused(form, error)
        else:
            after_commit(uploads.delete, unused)
            flash(_("Le partenaire « %(name)s » est enregistré.", name=saved.name), "success")
            return redirect(url_for("admin.partners"))
    return render_template("admin/partner_form.html", form=form, partner=partner), 422 if form.errors else 200


@bp.post("/partenaires/<int:partner_id>/supprimer")
def partner_delete(partner_id: int):
    partner = db.session.get(Partner, partner_id) or abort(404)
    name = partner.name
    logo = partner_services.delete_partner(partner)
    after_commit(uploads.delete, logo)
    flash(_("Le partenaire « %(name)s » est supprimé.", name=name), "success")
    return redirect(url_for("admin.partners"))


@bp.get("/pages/")
def pages():
    return render_template("admin/pages.html", pages=page_services.all_pages())


@bp.route("/pages/nouvelle", methods=["GET", "POST"])
@bp.route("/pages/<slug>", methods=["GET", "POST"])
@form_view
def page(slug: str | None = None):
    record = page_services.page_record(slug) if slug else None
    current = page_services.get_page(slug, public=False) if slug else None
    if slug and current is None:
        abort(404)
    form = forms.PageForm(
        data={
            "slug": current.slug,
            "title": current.title,
            "body": current.body,
            "published": record.published if record else True,
        }
        if current
        else None
    )
    if form.validate_on_submit():
        try:
            saved = page_services.save_page(
                record,
                slug=form.slug.data,
                title=form.title.data,
                body=form.body.data or "",
                published=form.published.data,
            )
        except RuleError as error:
            refused(form, error)
        else:
            flash(_("La page « %(title)s » est enregistrée.", title=saved.title), "success")
            return redirect(url_for("admin.pages"))
    preview = markdown.render(form.body.data or "") if form.body.data else None
    return render_template(
        "admin/page_form.html", form=form, slug=slug, preview=preview
    ), 422 if form.errors else 200
