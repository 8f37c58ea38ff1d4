"""Flask extensions, created unbound and attached in create_app()."""

from babel import support
from flask import current_app
from flask.globals import _cv_app
from flask_babel import Babel, Domain, get_translations
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager as _LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from jinja2 import pass_eval_context
from markupsafe import Markup
from sqlalchemy import MetaData

# Stable constraint names, so Alembic migrations are identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class LoginManager(_LoginManager):
    """Flask-Login 0.6 deletes the remember-me cookie without its Secure attribute: browsers
    ignore such a deletion of a "__Host-" cookie (production's name), which then lingers."""

    def _clear_cookie(self, response):
        config = current_app.config
        response.delete_cookie(
            config.get("REMEMBER_COOKIE_NAME", "remember_token"),
            domain=config.get("REMEMBER_COOKIE_DOMAIN"),
            path=config.get("REMEMBER_COOKIE_PATH", "/"),
            secure=config.get("REMEMBER_COOKIE_SECURE", False),
            httponly=config.get("REMEMBER_COOKIE_HTTPONLY", True),
            samesite=config.get("REMEMBER_COOKIE_SAMESITE"),
        )


class _FrenchSource(support.NullTranslations):
    """What a message missing from the catalogue falls back to: its French msgid, with the
    French plural rule (0 and 1 are singular) instead of gettext's English one ("0 événements")."""

    def ngettext(self, singular, plural, n):
        return singular if n <= 1 else plural

    ungettext = ngettext

    def npgettext(self, context, singular, plural, n):
        return singular if n <= 1 else plural

    unpgettext = npgettext


class FrenchSourceDomain(Domain):
    """Flask-Babel's domain whose catalogue falls back to `_FrenchSource` (msgids are French)."""

    def get_translations(self):
        translations = super().get_translations()
        if getattr(translations, "_fallback", True) is None:
            translations.add_fallback(_FrenchSource())
        return translations


def context_translations() -> support.NullTranslations:
    """Flask-Babel's translations of the current locale, looked up once per application
    context: Flask-Babel looks up its context three times for every string, which made a
    third of a search page's rendering. Kept with the locale it was found for, so a
    `force_locale` block (which changes the locale) gets its own."""
    ctx = _cv_app.get(None)
    namespace = ctx.g.__dict__.get("_flask_babel") if ctx is not None else None
    if namespace is not None:
        memo = namespace.__dict__.get("moisess_translations")
        if memo is not None and memo[0] is namespace.__dict__.get("babel_locale"):
            return memo[1]
    translations = get_translations()
    namespace = ctx.g.__dict__.get("_flask_babel") if ctx is not None else None
    if namespace is not None:
        namespace.moisess_translations = (namespace.__dict__.get("babel_locale"), translations)
    return translations


def install_template_gettext(app) -> None:
    """The templates' gettext callables, on context_translations(), as Jinja's "newstyle"
    ones (autoescaped, always formatted with their keyword arguments) but given only the
    evaluation context: Jinja's own take the whole context, which it copies for every call
    made inside a block (a search answer has about twenty)."""
    env = app.jinja_env
    env.newstyle_gettext = True  # how Jinja's i18n extension compiles {% trans %} for them

    def finish(eval_ctx, translated: str, variables: dict) -> str:
        return (Markup(translated) if eval_ctx.autoescape else translated) % variables

    @pass_eval_context
    def gettext(eval_ctx, string: str, /, **variables) -> str:
        return finish(eval_ctx, context_translations().ugettext(string), variables)

    @pass_eval_context
    def ngettext(eval_ctx, singular: str, plural: str, num: int, /, **variables) -> str:
        variables.setdefault("num", num)
        return finish(eval_ctx, context_translations().ungettext(singular, plural, num), variables)

    @pass_eval_context
    def pgettext(eval_ctx, context: str, string: str, /, **variables) -> str:
        variables.setdefault("context", context)
        return finish(eval_ctx, context_translations().upgettext(context, string), variables)

    @pass_eval_context
    def npgettext(eval_ctx, context: str, singular: str, plural: str, num: int, /, **variables) -> str:
        variables.setdefault("context", context)
        variables.setdefault("num", num)
        translated = context_translations().unpgettext(context, singular, plural, num)
        return finish(eval_ctx, translated, variables)

    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext)


db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
babel.domain_instance = FrenchSourceDomain()
cache = Cache()
limiter = Limiter(key_func=get_remote_address)
