"""Sign-up, confirmation, login, logout, password reset, account settings (/compte/)."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import bp, forms, passwords, services, sessions
from app.extensions import limiter
from app.platform.database import writes
from app.web.csrf import form_view
from app.web.redirects import safe_next
from app.web.transaction import records_refusals


def _limit(key: str):
    return limiter.limit(lambda: current_app.config[key], methods=["POST"])


def _home_for(user) -> str:
    return url_for("organisers.dashboard") if "organisers" in current_app.blueprints else "/"


@bp.route("/inscription", methods=["GET", "POST"])
@form_view
@_limit("RATELIMIT_SIGNUP")
def signup():
    form = forms.SignupForm()
    if form.validate_on_submit():
        services.sign_up(form.name.data, form.email.data, form.password.data)
        return render_template("accounts/check_inbox.html", email=services.normalize_email(form.email.data))
    return render_template("accounts/signup.html", form=form), 422 if form.errors else 200


@bp.get("/confirmer/<token>")
@records_refusals
@writes
def confirm(token: str):
    outcome = services.confirm_email(token)
    if outcome.ok:
        flash(outcome.message, "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/link_error.html", message=outcome.message, form=forms.EmailForm()), 400


@bp.route("/confirmation", methods=["GET", "POST"])
@form_view
@_limit("RATELIMIT_RESET")
def resend_confirmation():
    form = forms.EmailForm()
    if form.validate_on_submit():
        services.resend_confirmation(form.email.data)
        return render_template("accounts/check_inbox.html", email=services.normalize_email(form.email.data))
    return render_template("accounts/resend.html", form=form), 422 if form.errors else 200


@bp.route("/connexion", methods=["GET", "POST"])
@records_refusals
@form_view
@_limit("RATELIMIT_LOGIN")
def login():
    form = forms.LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data, _home_for(current_user)))
    error = None
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            error = _("Adresse e-mail ou mot de passe incorrect.")
        elif not user.is_confirmed:
            services.send_confirmation(user)
            error = _(
                "Votre adresse n'est pas encore confirmée : "
                "nous venons de vous renvoyer le lien de confirmation."
            )
        else:
            sessions.open_session(user, request.user_agent.string)
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(form.next.data, _home_for(user)))
    status = 422 if (error or form.errors) else 200
    return render_template("accounts/login.html", form=form, error=error), status


@bp.route("/deconnexion", methods=["GET", "POST"])
def logout():
    if request.method == "POST":
        if current_user.is_authenticated:
            sessions.end_session(sessions.current_id(current_user))
        logout_user()
        flash(_("Vous êtes déconnecté."), "success")
        return redirect(url_for("main.home"))
    return render_template("accounts/logout.html")


@bp.post("/sessions/fermer")
@login_required
def logout_everywhere():
    sessions.end_other_sessions(current_user)
    logout_user()
    flash(_("Toutes vos sessions ont été fermées, y compris celle-ci."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@form_view
@_limit("RATELIMIT_RESET")
def forgot_password():
    form = forms.EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template(
            "accounts/check_inbox.html", email=services.normalize_email(form.email.data), reset=True
        )
    return render_template("accounts/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/reinitialiser/<token>", methods=["GET", "POST"])
@form_view
@_limit("RATELIMIT_RESET")
def reset_password(token: str):
    user, problem = services.user_for_reset_token(token)
    if user is None:
        return render_template("accounts/link_error.html", message=problem, reset=True), 400
    form = forms.ResetPasswordForm()
    if form.validate_on_submit():
        user, problem = services.reset_password(token, form.password.data)
        if user is None:  # used meanwhile by another submission
            return render_template("accounts/link_error.html", message=problem, reset=True), 400
        logout_user()
        flash(_("Votre mot de passe a été changé. Connectez-vous avec le nouveau."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form), 422 if form.errors else 200


def _settings(password_form, email_form):
    return render_template(
        "accounts/settings.html",
        password_form=password_form,
        email_form=email_form,
        account_sessions=sessions.listing(current_user),
    )


@bp.get("/")
@login_required
def settings():
    return _settings(forms.ChangePasswordForm(prefix="pw"), forms.ChangeEmailForm(prefix="email"))


@bp.post("/mot-de-passe")
@form_view
@login_required
@_limit("RATELIMIT_LOGIN")
def change_password():
    form = forms.ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        if passwords.verify_password(current_user.password_hash, form.current_password.data):
            services.set_password(
                current_user, form.password.data, keep_session=sessions.current_id(current_user)
            )
            flash(_("Votre mot de passe a été changé. Vos autres sessions ont été fermées."), "success")
            return redirect(url_for("accounts.settings"))
        form.current_password.errors.append(_("Le mot de passe actuel est incorrect."))
    return _settings(form, forms.ChangeEmailForm(prefix="email")), 422


@bp.post("/adresse")
@form_view
@login_required
@_limit("RATELIMIT_LOGIN")
def change_email():
    form = forms.ChangeEmailForm(prefix="email")
    if form.validate_on_submit():
        if passwords.verify_password(current_user.password_hash, form.current_password.data):
            services.request_email_change(current_user, form.email.data)
            flash(
                _(
                    "Un lien de confirmation a été envoyé à la nouvelle adresse. "
                    "Elle remplacera l'actuelle une fois confirmée."
                ),
                "success",
            )
            return redirect(url_for("accounts.settings"))
        form.current_password.errors.append(_("Le mot de passe actuel est incorrect."))
    return _settings(forms.ChangePasswordForm(prefix="pw"), form), 422


@bp.get("/adresse/<token>")
@records_refusals
@writes
def confirm_email_change(token: str):
    outcome = services.confirm_email_change(token)
    if outcome.ok:  # the address is a credential: sessions opened elsewhere end
        same = current_user.is_authenticated and current_user.id == outcome.user.id
        sessions.end_other_sessions(outcome.user, keep=sessions.current_id(current_user) if same else None)
    if outcome.ok:
        flash(outcome.message, "success")
        return redirect(
            url_for("accounts.settings") if current_user.is_authenticated else url_for("accounts.login")
        )
    return render_template("accounts/link_error.html", message=outcome.message), 400
