"""Rules of the national administration: edition calendars, theme colours, CRESS details,
user roles. Plain arguments, flush() but never commit."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select

from app.common.errors import RuleError
from app.common.time import to_utc
from app.common.validators import is_web_url
from app.extensions import db
from app.models import AccountSession, Edition, Region, Theme, User

MIN_CONTRAST = 4.5


# --- Editions -----------------------------------------------------------------------------


def editions() -> list[Edition]:
    return list(db.session.scalars(select(Edition).order_by(Edition.year.desc())))


def edition_errors(values: dict, edition_id: int | None = None) -> dict[str, object]:
    """French messages per field when the calendar is not in a possible order."""
    errors: dict[str, object] = {}
    v = values
    pairs = (
        ("month_end", "month_start", _l("Le dernier jour du Mois doit suivre le premier jour."), False),
        (
            "candidacy_close",
            "candidacy_open",
            _l("La clôture des candidatures doit être postérieure à leur ouverture."),
            True,
        ),
        (
            "registration_close",
            "registration_open",
            _l("La clôture des inscriptions doit être postérieure à leur ouverture."),
            True,
        ),
        ("vote_close", "vote_open", _l("La clôture du vote doit être postérieure à son ouverture."), True),
    )
    for late, early, message, strict in pairs:
        if v[late] < v[early] or (strict and v[late] == v[early]):
            errors[late] = message
    if v["month_start"].year != v["year"]:
        errors["month_start"] = _l("Le Mois doit commencer pendant l'année de l'édition.")
    month_start = to_utc(datetime.combine(v["month_start"], time(0)))
    month_after = to_utc(datetime.combine(v["month_end"] + timedelta(days=1), time(0)))
    if "candidacy_open" not in errors and v["candidacy_open"] >= month_start:
        errors["candidacy_open"] = _l("Les candidatures doivent ouvrir avant le début du Mois.")
    if "vote_open" not in errors and "vote_close" not in errors and v["vote_open"] < v["candidacy_close"]:
        errors["vote_open"] = _l(
            "Le vote ne peut ouvrir qu'après la clôture des candidatures "
            "(les lauréats sont choisis parmi les candidats)."
        )
    if "registration_close" not in errors and v["registration_close"] > month_after:
        errors["registration_close"] = _l("Les inscriptions doivent fermer au plus tard à la fin du Mois.")
    taken = select(Edition.id).where(Edition.year == v["year"])
    if edition_id is not None:
        taken = taken.where(Edition.id != edition_id)
    if db.session.scalar(taken) is not None:
        errors["year"] = _l("Une édition existe déjà pour cette année.")
    return errors


def save_edition(edition: Edition | None, values: dict) -> Edition:
    """Create or update an edition; raise RuleError (first problem) if the calendar is wrong."""
    problems = edition_errors(values, edition.id if edition else None)
    if problems:
        field, message = next(iter(problems.items()))
        raise RuleError(message, field)
    if edition is None:
        edition = Edition(**values)
        db.session.add(edition)
    else:
        for key, value in values.items():
            setattr(edition, key, value)
    db.session.flush()
    return edition


# --- Themes and colours -------------------------------------------------------------------


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(hex_color: str) -> float:
    """WCAG 2 contrast ratio of white text on `hex_color` (#rrggbb), from 1 to 21."""
    return 1.05 / (relative_luminance(hex_color) + 0.05)


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.number)))


def update_theme(theme: Theme, *, name: str, description: str, topics_text: str, color: str) -> None:
    if contrast_with_white(color) < MIN_CONTRAST:
        raise RuleError(_l("Contraste insuffisant avec le texte blanc."), "color")
    theme.name, theme.description, theme.color = name, description, color.lower()
    theme.topics_text = "\n".join(line.strip() for line in topics_text.splitlines() if line.strip())
    db.session.flush()


# --- Regions ------------------------------------------------------------------------------

REGION_FIELDS = ("cress_name", "cress_website", "cress_email", "cress_city", "cress_presentation")


def regions() -> list[Region]:
    return list(db.session.scalars(select(Region).order_by(Region.name)))


def region_by_slug(slug: str) -> Region | None:
    return db.session.scalar(select(Region).where(Region.slug == slug))


def update_region(region: Region, **values: str) -> None:
    if values.get("cress_website") and not is_web_url(values["cress_website"]):
        raise RuleError(_l("Adresse web refusée."), "cress_website")
    for key in REGION_FIELDS:
        setattr(region, key, values.get(key) or "")
    db.session.flush()


# --- Users and roles ----------------------------------------------------------------------

USERS_PAGE_SIZE = 50


def search_users(q: str = "", page: int = 1) -> tuple[list[User], int]:
    """Users whose name or e-mail contains `q` (case-insensitive); page of 50 and total."""
    query = select(User)
    if q:
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                func.lower(User.email).like(pattern, escape="\\"),
                func.lower(User.name).like(pattern, escape="\\"),
            )
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(User.email).offset((max(page, 1) - 1) * USERS_PAGE_SIZE).limit(USERS_PAGE_SIZE)
    )
    return list(rows), total


def update_roles(
    actor: User, target: User, *, admin: bool, jury: bool, region: Region | None, active: bool
) -> list[str]:
    """Change the roles of `target`; return the names of what changed.

    An admin cannot remove their own admin role nor deactivate their own account: the
    national site always keeps at least the admin doing the change."""
    if target.id == actor.id and not admin:
        raise RuleError(_l("Vous ne pouvez pas retirer votre propre rôle d'administrateur."), "is_admin")
    if target.id == actor.id and not active:
        raise RuleError(_l("Vous ne pouvez pas désactiver votre propre compte."), "active")
    changed = []
    if target.is_admin != admin:
        target.is_admin = admin
        changed.append("admin")
    if target.is_jury != jury:
        target.is_jury = jury
        changed.append("jury")
    new_region_id = region.id if region else None
    if target.moderated_region_id != new_region_id:
        target.moderated_region_id = new_region_id
        changed.append("moderation")
    if target.active != active:
        target.active = active
        changed.append("active")
        if not active:
            # close every open session and remembered login
            db.session.execute(delete(AccountSession).where(AccountSession.user_id == target.id))
    db.session.flush()
    return changed


# --- Dashboard ----------------------------------------------------------------------------


def dashboard_counts() -> dict[str, int]:
    from app.models import Event, NewsletterSubscriber, Organisation, Partner

    def count(column, *where) -> int:
        return db.session.scalar(select(func.count(column)).where(*where)) or 0

    return {
        "editions": count(Edition.id),
        "events": count(Event.id),
        "organisations": count(Organisation.id),
        "users": count(User.id),
        "partners": count(Partner.id),
        "subscribers": count(
            NewsletterSubscriber.id,
            NewsletterSubscriber.confirmed_at.is_not(None),
            NewsletterSubscriber.unsubscribed_at.is_(None),
        ),
    }
