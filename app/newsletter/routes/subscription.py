"""Newsletter subscription (/newsletter/): subscribe from the footer, confirm, unsubscribe, export."""

from flask import current_app, render_template, request
from flask_login import current_user

from app.accounts.permissions import moderator_required
from app.common.exports import csv_lines, csv_response
from app.extensions import limiter
from app.newsletter import bp, forms, services
from app.platform.database import writes
from app.web.csrf import form_view
from app.web.transaction import records_refusals


@bp.route("/", methods=["GET", "POST"])
@form_view
@limiter.limit(lambda: current_app.config["RATELIMIT_NEWSLETTER"], methods=["POST"])
def subscribe():
    form = forms.SubscribeForm()
    if form.validate_on_submit():
        services.subscribe(form.email.data, form.region.data or None)
        return render_template("newsletter/check_inbox.html", email=services.normalize_email(form.email.data))
    return render_template("newsletter/subscribe.html", form=form), 422 if form.errors else 200


@bp.get("/confirmer/<token>")
@records_refusals
@writes
def confirm(token: str):
    outcome = services.confirm(token)
    status = 200 if outcome.ok else 400
    return render_template("newsletter/result.html", outcome=outcome, form=forms.SubscribeForm()), status


@bp.route("/desinscription/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    subscriber, problem = services.subscriber_for_unsubscribe(token)
    if subscriber is None:
        return render_template("newsletter/unsubscribe.html", problem=problem), 400
    if subscriber.unsubscribed_at is not None:
        return render_template("newsletter/unsubscribe.html", already=True, email=subscriber.email)
    if request.method == "POST":
        services.unsubscribe(subscriber)
        return render_template("newsletter/unsubscribe.html", done=True, email=subscriber.email)
    return render_template("newsletter/unsubscribe.html", email=subscriber.email, token=token)


# The signed key in the URL is what authorises unsubscribing; mail clients post the
# RFC 8058 one-click request without our session cookie, so no CSRF token can be asked.
unsubscribe.csrf_in_form = True


@bp.get("/abonnes.csv")
@moderator_required
def export():
    """National admins get every confirmed subscriber; a CRESS gets those of its region."""
    region_id = None if current_user.is_admin else current_user.moderated_region_id
    name = "abonnes-lettre" + ("" if region_id is None else f"-{current_user.moderated_region.slug}")
    return csv_response(csv_lines(services.EXPORT_HEADER, services.export_rows(region_id)), name)
