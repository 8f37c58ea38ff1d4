"""Admin home, editions, themes and CRESS details (the guard is in app/admin/__init__.py)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.admin import bp, forms, services
from app.extensions import db
from app.models import Edition, Theme
from app.web.csrf import form_view
from app.web.loading import get_or_404


def refused(form, error: services.RuleError) -> None:
    """Show a rule's French message next to its field."""
    field = form[error.field] if error.field in form else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


@bp.get("/")
def index():
    return render_template("admin/index.html", counts=services.dashboard_counts())


@bp.get("/editions/")
def editions():
    return render_template("admin/editions.html", editions=services.editions())


@bp.route("/editions/nouvelle", methods=["GET", "POST"])
@bp.route("/editions/<int:edition_id>", methods=["GET", "POST"])
@form_view
def edition(edition_id: int | None = None):
    edition = db.session.get(Edition, edition_id) if edition_id else None
    if edition_id and edition is None:
        abort(404)
    form = forms.EditionForm(obj=edition)
    if form.validate_on_submit():
        problems = services.edition_errors(form.values(), edition_id)
        for name, message in problems.items():
            form[name].errors = [*form[name].errors, message]
        if not problems:
            saved = services.save_edition(edition, form.values())
            flash(_("L'édition %(year)d est enregistrée.", year=saved.year), "success")
            return redirect(url_for("admin.editions"))
    return render_template("admin/edition_form.html", form=form, edition=edition), 422 if form.errors else 200


@bp.get("/thematiques/")
def themes():
    return render_template("admin/themes.html", themes=services.themes())


@bp.route("/thematiques/<int:theme_id>", methods=["GET", "POST"])
@form_view
def theme(theme_id: int):
    theme = get_or_404(Theme, theme_id)
    form = forms.ThemeForm(obj=theme)
    if form.validate_on_submit():
        try:
            services.update_theme(
                theme,
                name=form.name.data,
                description=form.description.data,
                topics_text=form.topics_text.data,
                color=form.color.data,
            )
        except services.RuleError as error:
            refused(form, error)
        else:
            flash(_("La thématique « %(name)s » est enregistrée.", name=theme.name), "success")
            return redirect(url_for("admin.themes"))
    return render_template("admin/theme_form.html", form=form, theme=theme), 422 if form.errors else 200


@bp.get("/regions/")
def regions():
    return render_template("admin/regions.html", regions=services.regions())


@bp.route("/regions/<slug>", methods=["GET", "POST"])
@form_view
def region(slug: str):
    region = services.region_by_slug(slug) or abort(404)
    form = forms.RegionForm(obj=region)
    if form.validate_on_submit():
        try:
            services.update_region(region, **{k: form[k].data for k in services.REGION_FIELDS})
        except services.RuleError as error:
            refused(form, error)
        else:
            flash(
                _("Les coordonnées de la CRESS %(region)s sont enregistrées.", region=region.name), "success"
            )
            return redirect(url_for("admin.regions"))
    return render_template("admin/region_form.html", form=form, region=region), 422 if form.errors else 200
