"""E-mail alerts (/alertes/): subscribe a search, confirm, unsubscribe, my alerts."""

from flask import current_app, render_template, request
from flask_babel import gettext as _

from app.alerts import bp, forms, services
from app.common.text import normalize_email
from app.events import feeds
from app.extensions import limiter
from app.platform.database import writes
from app.web.csrf import form_view
from app.web.transaction import records_refusals


@bp.route("/", methods=["GET", "POST"])
@form_view
@limiter.limit(lambda: current_app.config["RATELIMIT_ALERTS"], methods=["POST"])
def subscribe():
    """The form of the search page posts here; GET shows it for the search of the URL."""
    form = forms.AlertForm()
    if request.method == "GET":
        form.recherche.data = services.canonical(request.query_string.decode("utf-8", "replace"))
    query = services.canonical(form.recherche.data or "")
    problem = _("Cette recherche est trop longue pour une alerte : retirez quelques filtres.")
    problem = problem if len(query) > services.MAX_QUERY else ""
    if not problem and form.validate_on_submit():
        services.subscribe(form.email.data, query)
        return render_template(
            "alerts/check_inbox.html",
            email=normalize_email(form.email.data),
            description=services.describe(query),
        )
    form.recherche.data = query
    return render_template(
        "alerts/subscribe.html",
        form=form,
        description=services.describe(query),
        follow=feeds.links(services.search_of(query)),
        problem=problem,
    ), 422 if request.method == "POST" else 200


@bp.get("/confirmer/<token>")
@records_refusals
@writes
def confirm(token: str):
    outcome = services.confirm(token)
    return render_template("alerts/result.html", outcome=outcome), 200 if outcome.ok else 400


@bp.route("/desinscription/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    alert, problem = services.alert_for_link(token)
    if alert is None:
        return render_template("alerts/unsubscribe.html", problem=problem), 400
    description = services.describe(alert.query)
    if not alert.is_active:
        return render_template("alerts/unsubscribe.html", already=True, description=description)
    if request.method == "POST":
        services.unsubscribe(alert)
        return render_template("alerts/unsubscribe.html", done=True, description=description, token=token)
    return render_template("alerts/unsubscribe.html", description=description, email=alert.email, token=token)


# The signed key in the URL is what authorises unsubscribing; mail clients post the
# RFC 8058 one-click request without our session cookie, so no CSRF token can be asked.
unsubscribe.csrf_in_form = True


@bp.get("/mes-alertes/<token>")
def manage(token: str):
    alert, problem = services.alert_for_link(token)
    if alert is None:
        return render_template("alerts/manage.html", problem=problem), 400
    return render_template("alerts/manage.html", email=alert.email, alerts=services.followed(alert))
