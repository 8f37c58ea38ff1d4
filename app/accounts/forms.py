"""Account forms (French labels and messages)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, Length

from app.common.validators import email as _email
from app.common.validators import required as _required
from app.common.validators import strip as _strip

PASSWORD_MIN = 10

_email_length = Length(max=255, message=_l("L'adresse e-mail est trop longue (255 caractères au plus)."))
_password_length = Length(
    min=PASSWORD_MIN,
    max=200,
    message=_l(
        "Le mot de passe doit compter entre %(min)d et %(max)d caractères.", min=PASSWORD_MIN, max=200
    ),
)


def _new_password(label):
    return PasswordField(
        label,
        validators=[_required, _password_length],
        description=_l("Au moins %(n)d caractères.", n=PASSWORD_MIN),
    )


def _confirmation():
    return PasswordField(
        _l("Confirmez le mot de passe"),
        validators=[
            _required,
            EqualTo("password", message=_l("Les deux mots de passe ne sont pas identiques.")),
        ],
    )


class SignupForm(FlaskForm):
    name = StringField(
        _l("Votre nom"), validators=[_required, Length(max=120, message=_l("120 caractères au plus."))]
    )
    email = EmailField(_l("Adresse e-mail"), filters=[_strip], validators=[_required, _email, _email_length])
    password = _new_password(_l("Mot de passe"))
    password_confirm = _confirmation()


class LoginForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), filters=[_strip], validators=[_required, _email_length])
    password = PasswordField(_l("Mot de passe"), validators=[_required, Length(max=200)])
    remember = BooleanField(_l("Rester connecté sur cet appareil"))
    next = HiddenField()


class EmailForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), filters=[_strip], validators=[_required, _email, _email_length])


class ResetPasswordForm(FlaskForm):
    password = _new_password(_l("Nouveau mot de passe"))
    password_confirm = _confirmation()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Mot de passe actuel"), validators=[_required, Length(max=200)])
    password = _new_password(_l("Nouveau mot de passe"))
    password_confirm = _confirmation()


class ChangeEmailForm(FlaskForm):
    email = EmailField(
        _l("Nouvelle adresse e-mail"), filters=[_strip], validators=[_required, _email, _email_length]
    )
    current_password = PasswordField(_l("Mot de passe actuel"), validators=[_required, Length(max=200)])
