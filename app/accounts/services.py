"""Account rules: sign-up, confirmation, authentication, password and e-mail changes.

Functions flush but never commit; the view commits once. Messages shown to the user never
reveal whether an address has an account: the owner of the address learns it by e-mail."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts import passwords, sessions
from app.common.text import normalize_email
from app.common.time import utcnow
from app.extensions import db
from app.mail import send_mail
from app.mail.outbox import compose_mail
from app.models import User
from app.platform import links

# Purposes of the one-time links of accounts (app/platform/links.py).
CONFIRM, RESET, EMAIL_CHANGE = "confirm", "reset", "email"


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def sign_up(name: str, email: str, password: str) -> User | None:
    """Create an unconfirmed account and send the confirmation link. If the address already
    has an account, nothing is created and its owner receives a notice instead."""
    email = normalize_email(email)
    # Hashed first, whatever follows: an address that has an account must not answer faster
    # than a new one (the hash is most of a sign-up's time).
    password_hash = passwords.hash_password(password)
    existing = find_user(email)
    if existing is not None:
        if existing.is_confirmed:
            send_mail(
                email,
                _("Votre compte existe déjà"),
                "account_exists",
                user=existing,
                login_url=url_for("accounts.login", _external=True),
                reset_url=url_for("accounts.forgot_password", _external=True),
            )
        else:
            send_confirmation(existing)
        return None
    user = User(name=name.strip(), email=email, password_hash=password_hash)
    db.session.add(user)
    db.session.flush()
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    token = links.issue(CONFIRM, current_app.config["CONFIRM_LINK_MAX_AGE"], user=user, email=user.email)
    send_mail(
        user.email,
        _("Confirmez votre adresse e-mail"),
        "confirm_email",
        user=user,
        url=url_for("accounts.confirm", token=token, _external=True),
    )


def resend_confirmation(email: str) -> None:
    user = find_user(email)
    if user is not None and not user.is_confirmed:
        send_confirmation(user)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str
    user: User | None = None


def confirm_email(token: str) -> Outcome:
    """Confirm the address the link was sent to, once: a second click changes nothing."""
    try:
        link = links.check(CONFIRM, token, current_app.config["CONFIRM_LINK_MAX_AGE"])
        user = db.session.get(User, link.user_id)
        if user is None or user.email != link.email:  # the address changed since
            raise links.TokenError()
        links.consume(link)
    except links.TokenError as exc:
        if exc.expired:
            return Outcome(False, _("Ce lien de confirmation a expiré. Demandez-en un nouveau ci-dessous."))
        if exc.used:
            return Outcome(
                False,
                _(
                    "Ce lien de confirmation a déjà servi. Si votre adresse est "
                    "confirmée, connectez-vous ; sinon, demandez un nouveau lien "
                    "ci-dessous."
                ),
            )
        return Outcome(False, _("Ce lien de confirmation n'est pas valide."))
    if user.is_confirmed:
        return Outcome(True, _("Votre adresse était déjà confirmée. Vous pouvez vous connecter."), user)
    user.email_confirmed_at = utcnow()
    db.session.flush()
    return Outcome(True, _("Merci, votre adresse est confirmée."), user)


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    if not passwords.verify_password(user.password_hash if user else None, password):
        return None
    if not user.active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def request_password_reset(email: str) -> None:
    user = find_user(email)
    if user is None or not user.active:
        # The same rendering as for an account (only the two rows are not written), so the
        # time of the answer does not tell whether the address has an account.
        compose_mail(
            links.new_secret(),
            utcnow(),
            normalize_email(email),
            _("Réinitialisation de votre mot de passe"),
            "reset_password",
            user=User(name="", email=""),
            url=url_for("accounts.forgot_password", _external=True),
        ).as_bytes()
        return
    token = links.issue(RESET, current_app.config["RESET_LINK_MAX_AGE"], user=user, email=user.email)
    send_mail(
        user.email,
        _("Réinitialisation de votre mot de passe"),
        "reset_password",
        user=user,
        url=url_for("accounts.reset_password", token=token, _external=True),
    )


def _reset_link(token: str) -> tuple[links.OneTimeLink | None, User | None, str]:
    try:
        link = links.check(RESET, token, current_app.config["RESET_LINK_MAX_AGE"])
    except links.TokenError as exc:
        if exc.expired:
            return None, None, _("Ce lien a expiré (il est valable une heure). Demandez-en un nouveau.")
        if exc.used:
            return None, None, _("Ce lien a déjà été utilisé ou n'est plus valide. Demandez-en un nouveau.")
        return None, None, _("Ce lien n'est pas valide.")
    user = db.session.get(User, link.user_id)
    if user is None or user.email != link.email:  # sent to an address the account no longer has
        return None, None, _("Ce lien a déjà été utilisé ou n'est plus valide. Demandez-en un nouveau.")
    return link, user, ""


def user_for_reset_token(token: str) -> tuple[User | None, str]:
    """The user the reset link belongs to, or None and the reason in French. Only checks:
    the form is shown first; `reset_password` uses the link."""
    _link, user, problem = _reset_link(token)
    return user, problem


def reset_password(token: str, password: str) -> tuple[User | None, str]:
    """Use the reset link (once: two submissions at once cannot both succeed) and set the
    new password; None and the reason in French when the link cannot be used."""
    link, user, problem = _reset_link(token)
    if link is None:
        return None, problem
    try:
        links.consume(link)
    except links.TokenError:
        return None, _("Ce lien a déjà été utilisé ou n'est plus valide. Demandez-en un nouveau.")
    set_password(user, password)
    return user, ""


def set_password(user: User, password: str, keep_session: str | None = None) -> None:
    """New password; every session of this user is ended, but the one `keep_session` names
    (the Flask-Login id of the session that made the change), and so is every reset link
    still unused."""
    user.password_hash = passwords.hash_password(password)
    sessions.end_other_sessions(user, keep=keep_session)
    if not user.is_confirmed:  # the reset link proved the address
        user.email_confirmed_at = utcnow()
    links.revoke(RESET, user=user)
    db.session.flush()


def request_email_change(user: User, new_email: str) -> None:
    new_email = normalize_email(new_email)
    if find_user(new_email) is not None:
        send_mail(new_email, _("Changement d'adresse refusé"), "email_taken", user=user)
        return
    token = links.issue(EMAIL_CHANGE, current_app.config["CONFIRM_LINK_MAX_AGE"], user=user, email=new_email)
    send_mail(
        new_email,
        _("Confirmez votre nouvelle adresse"),
        "change_email",
        user=user,
        url=url_for("accounts.confirm_email_change", token=token, _external=True),
    )


def confirm_email_change(token: str) -> Outcome:
    """Replace the account's address by the one the link was sent to, once. The other
    change links of the account die with it."""
    try:
        link = links.check(EMAIL_CHANGE, token, current_app.config["CONFIRM_LINK_MAX_AGE"])
    except links.TokenError as exc:
        if exc.expired:
            return Outcome(False, _("Ce lien a expiré. Recommencez le changement d'adresse."))
        if exc.used:
            return Outcome(
                False,
                _("Ce lien a déjà servi. Pour changer d'adresse à nouveau, recommencez depuis votre compte."),
            )
        return Outcome(False, _("Ce lien n'est pas valide."))
    user = db.session.get(User, link.user_id)
    new_email = link.email
    if user is None:
        return Outcome(False, _("Ce lien n'est pas valide."))
    if user.email != new_email and find_user(new_email) is not None:
        return Outcome(False, _("Cette adresse est déjà utilisée par un autre compte."))
    try:
        links.consume(link)
    except links.TokenError:
        return Outcome(
            False,
            _("Ce lien a déjà servi. Pour changer d'adresse à nouveau, recommencez depuis votre compte."),
        )
    links.revoke(EMAIL_CHANGE, user=user)
    if user.email == new_email:
        return Outcome(True, _("Votre nouvelle adresse était déjà enregistrée."), user)
    user.email = new_email
    user.email_confirmed_at = utcnow()
    db.session.flush()
    return Outcome(True, _("Votre adresse e-mail a été modifiée."), user)
