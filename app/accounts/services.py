"""Account rules: sign-up, confirmation, authentication, password and e-mail changes.

Functions flush but never commit; the view commits once. Messages shown to the user never
reveal whether an address has an account: the owner of the address learns it by e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts import passwords, sessions, tokens
from app.extensions import db
from app.mail import send_mail
from app.models import User


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def normalize_email(email: str) -> str:
    """Case and surrounding spaces do not distinguish addresses."""
    return (email or "").strip().lower()


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
            send_mail(email, _("Votre compte existe déjà"), "account_exists",
                      user=existing, login_url=url_for("accounts.login", _external=True),
                      reset_url=url_for("accounts.forgot_password", _external=True))
        else:
            send_confirmation(existing)
        return None
    user = User(name=name.strip(), email=email, password_hash=password_hash)
    db.session.add(user)
    db.session.flush()
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    token = tokens.make_token("confirm", {"uid": user.id, "email": user.email})
    send_mail(user.email, _("Confirmez votre adresse e-mail"), "confirm_email",
              user=user, url=url_for("accounts.confirm", token=token, _external=True))


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
    try:
        data = tokens.read_token("confirm", token, current_app.config["CONFIRM_LINK_MAX_AGE"])
    except tokens.TokenError as exc:
        if exc.expired:
            return Outcome(False, _("Ce lien de confirmation a expiré. Demandez-en un nouveau ci-dessous."))
        return Outcome(False, _("Ce lien de confirmation n'est pas valide."))
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
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
        return
    token = tokens.make_token(
        "reset", {"uid": user.id, "pw": tokens.fingerprint(user.password_hash)}
    )
    send_mail(user.email, _("Réinitialisation de votre mot de passe"), "reset_password",
              user=user, url=url_for("accounts.reset_password", token=token, _external=True))


def user_for_reset_token(token: str) -> tuple[User | None, str]:
    """The user the reset link belongs to, or None and the reason in French. The link
    carries a fingerprint of the password: once used (password changed), it is dead."""
    try:
        data = tokens.read_token("reset", token, current_app.config["RESET_LINK_MAX_AGE"])
    except tokens.TokenError as exc:
        if exc.expired:
            return None, _("Ce lien a expiré (il est valable une heure). Demandez-en un nouveau.")
        return None, _("Ce lien n'est pas valide.")
    user = db.session.get(User, data.get("uid"))
    if user is None or tokens.fingerprint(user.password_hash) != data.get("pw"):
        return None, _("Ce lien a déjà été utilisé ou n'est plus valide. Demandez-en un nouveau.")
    return user, ""


def set_password(user: User, password: str, keep_session: str | None = None) -> None:
    """New password; every session of this user is ended, but the one `keep_session` names
    (the Flask-Login id of the session that made the change)."""
    user.password_hash = passwords.hash_password(password)
    sessions.end_other_sessions(user, keep=keep_session)
    if not user.is_confirmed:  # the reset link proved the address
        user.email_confirmed_at = utcnow()
    db.session.flush()


def request_email_change(user: User, new_email: str) -> None:
    new_email = normalize_email(new_email)
    if find_user(new_email) is not None:
        send_mail(new_email, _("Changement d'adresse refusé"), "email_taken", user=user)
        return
    token = tokens.make_token("email", {"uid": user.id, "email": new_email})
    send_mail(new_email, _("Confirmez votre nouvelle adresse"), "change_email",
              user=user, url=url_for("accounts.confirm_email_change", token=token, _external=True))


def confirm_email_change(token: str) -> Outcome:
    try:
        data = tokens.read_token("email", token, current_app.config["CONFIRM_LINK_MAX_AGE"])
    except tokens.TokenError as exc:
        if exc.expired:
            return Outcome(False, _("Ce lien a expiré. Recommencez le changement d'adresse."))
        return Outcome(False, _("Ce lien n'est pas valide."))
    user = db.session.get(User, data.get("uid"))
    new_email = data.get("email", "")
    if user is None:
        return Outcome(False, _("Ce lien n'est pas valide."))
    if user.email == new_email:
        return Outcome(True, _("Votre nouvelle adresse était déjà enregistrée."), user)
    if find_user(new_email) is not None:
        return Outcome(False, _("Cette adresse est déjà utilisée par un autre compte."))
    user.email = new_email
    user.email_confirmed_at = utcnow()
    db.session.flush()
    return Outcome(True, _("Votre adresse e-mail a été modifiée."), user)
