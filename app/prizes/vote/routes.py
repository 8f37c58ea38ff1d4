"""Public vote (/prix/vote/): vote page, confirmation, privacy, admin follow-up, exports."""

import secrets

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.permissions import admin_required
from app.common.exports import csv_lines, csv_response
from app.extensions import db, limiter
from app.models import Vote
from app.platform.database import writes
from app.prizes.vote import bp, challenge, forms, monitor, services
from app.web.csrf import form_view
from app.web.forms import select_choices
from app.web.loading import current_edition_or_404
from app.web.transaction import records_refusals

SEED_KEY = "vote_seed"


def _seed() -> str:
    if SEED_KEY not in session:
        session[SEED_KEY] = secrets.token_hex(8)
    return session[SEED_KEY]


def _client_ip() -> str:
    return request.remote_addr or ""


def _render_page(edition, form, status=200):
    state = services.state(edition)
    context = {"edition": edition, "state": state, "form": form}
    if state == "open":
        question, token = challenge.new_question()
        form.question_token.data = token
        form.answer.data = ""
        context.update(
            question=question,
            pow=challenge.new_pow(),
            nominees=services.shuffled(services.nominees(edition), _seed()),
        )
    if services.tally_visible(edition):
        context["results"] = services.results(edition)
    return render_template("prizes/vote/index.html", **context), status


@bp.route("/", methods=["GET", "POST"])
@records_refusals  # a refused request keeps its journal row and its spent challenge
@form_view
@limiter.limit(lambda: current_app.config["RATELIMIT_VOTE"], methods=["POST"])
def index():
    edition = current_edition_or_404()
    form = forms.VoteForm()
    nominees = services.nominees(edition)
    form.nominee.choices = select_choices((n.slug, n.name) for n in nominees)
    if request.method == "GET" or services.state(edition) != "open":
        if request.method == "POST":
            flash(_("Le vote n'est pas ouvert."), "error")
        return _render_page(edition, form)
    if not form.validate_on_submit():
        return _render_page(edition, form, 422)
    ip = _client_ip()
    nominee = services.nominee_by_slug(edition, form.nominee.data)
    refusal = services.screen_request(
        edition,
        nominee,
        form.email.data,
        ip,
        honeypot=form.website.data,
        pow=form.pow.data,
        question_token=form.question_token.data,
        answer=form.answer.data,
    )
    if refusal is None:
        services.request_vote(edition, nominee, form.email.data, ip)
    if refusal is not None and not refusal.silent:
        getattr(form, refusal.field).errors = [refusal.message]
        return _render_page(edition, form, 422)
    return render_template("prizes/vote/check_inbox.html", edition=edition)


@bp.get("/confirmer/<token>")
@records_refusals  # an expired link, a closed vote: 400, yet its journal row and claim are kept
@writes
def confirm(token: str):
    outcome = services.confirm(token, _client_ip())
    return render_template("prizes/vote/result.html", outcome=outcome), 200 if outcome.ok else 400


@bp.get("/confidentialite")
def privacy():
    return render_template(
        "prizes/vote/privacy.html", hours=current_app.config["VOTE_CONFIRM_MAX_AGE"] // 3600
    )


def _admin_page(edition, form, status=200, failed_vote=None):
    """The follow-up page: stuffing indicators and the votes to void, without nominees
    before the close (app/prizes/vote/monitor.py reads the disclosure rule)."""
    ip, domain = request.args.get("ip", "")[:64], request.args.get("domaine", "")[:255]
    return render_template(
        "prizes/vote/admin.html",
        edition=edition,
        state=services.state(edition),
        tally_visible=services.tally_visible(edition),
        figures=monitor.indicators(edition),
        ip=ip,
        domain=domain,
        votes=monitor.vote_rows(edition, ip_hash=ip, domain=domain),
        anomaly_minimum=monitor.ANOMALY_MINIMUM,
        anomaly_factor=monitor.ANOMALY_FACTOR,
        form=form,
        failed_vote=failed_vote,
    ), status


@bp.get("/admin")
@admin_required
def admin():
    return _admin_page(current_edition_or_404(), forms.VoidForm())


@bp.post("/admin/<int:vote_id>/annuler")
@form_view
@admin_required
def void(vote_id: int):
    edition = current_edition_or_404()
    vote = db.session.scalar(select(Vote).where(Vote.id == vote_id, Vote.edition_id == edition.id))
    if vote is None:
        abort(404)
    form = forms.VoidForm()
    if not form.validate_on_submit():
        return _admin_page(edition, form, 422, failed_vote=vote_id)
    services.void(vote, form.reason.data, current_user.email)
    flash(_("Le vote a été annulé ; le motif est inscrit au journal."), "success")
    return redirect(url_for("vote.admin"))


@bp.get("/resultats.csv")
@admin_required
def export_results():
    edition = current_edition_or_404()
    if not services.tally_visible(edition):
        return render_template("prizes/vote/not_yet.html", edition=edition), 403
    return csv_response(
        csv_lines(services.RESULTS_HEADER, services.result_rows(edition)),
        f"prix-vote-resultats-{edition.year}",
    )


@bp.get("/journal.csv")
@admin_required
def export_audit():
    edition = current_edition_or_404()
    header, rows = monitor.journal(edition)
    return csv_response(csv_lines(header, rows), f"prix-vote-journal-{edition.year}")
