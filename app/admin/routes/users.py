"""Users and roles: search, grant or revoke admin, jury, CRESS moderation; deactivate."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp, forms, services
from app.admin.routes.editions import refused
from app.extensions import db
from app.models import User
from app.web.csrf import form_view
from app.web.htmx import render_page


@bp.get("/utilisateurs/")
def users():
    form = forms.UserSearchForm(request.args)
    q = form.q.data if form.validate() else ""
    page = request.args.get("page", 1, type=int) or 1
    rows, total = services.search_users(q or "", page)
    pages = max(1, -(-total // services.USERS_PAGE_SIZE))
    return render_page(
        "admin/users.html",
        "results",
        form=form,
        users=rows,
        total=total,
        page=min(page, pages),
        pages=pages,
        q=q or "",
    )


@bp.route("/utilisateurs/<int:user_id>", methods=["GET", "POST"])
@form_view
def user(user_id: int):
    target = db.session.get(User, user_id) or abort(404)
    regions = services.regions()
    form = forms.RolesForm(
        data={
            "is_admin": target.is_admin,
            "is_jury": target.is_jury,
            "active": target.active,
            "moderated_region": target.moderated_region.slug if target.moderated_region else "",
        }
    )
    form.set_region_choices(regions)
    if form.validate_on_submit():
        region = services.region_by_slug(form.moderated_region.data) if form.moderated_region.data else None
        try:
            changed = services.update_roles(
                current_user,
                target,
                admin=form.is_admin.data,
                jury=form.is_jury.data,
                region=region,
                active=form.active.data,
            )
        except services.RuleError as error:
            refused(form, error)
        else:
            flash(
                _("Les rôles de %(email)s sont enregistrés.", email=target.email)
                if changed
                else _("Aucun changement pour %(email)s.", email=target.email),
                "success",
            )
            return redirect(url_for("admin.user", user_id=target.id))
    return render_template("admin/user_form.html", form=form, target=target), 422 if form.errors else 200
