"""The CRESS runs its region without the national team: its public page (presentation in
Markdown, contacts), its regional partners with their logos, and the département delegates
who moderate only their départements' events (who may do what: app/accounts/permissions.py).

Plain arguments; flush() but never commit."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from app.common.errors import RuleError
from app.common.text import normalize_email
from app.common.validators import is_web_url
from app.extensions import db
from app.models import Departement, DepartementDelegate, Region, RegionalPartner, User
from app.partners.services import store_logo  # the same logos as the national partners
from app.platform import links

PAGE_FIELDS = (
    "cress_name",
    "cress_presentation",
    "cress_email",
    "cress_phone",
    "cress_website",
    "cress_address",
    "cress_city",
)
MAX_PARTNERS = 60
DELEGATE_INVITE = "delegate"  # purpose of the invitation links (app/platform/links.py)
INVITATION_MAX_AGE = 14 * 24 * 3600


# --- The regional page ---------------------------------------------------------------------


def update_page(region: Region, **values: str) -> None:
    if values.get("cress_website") and not is_web_url(values["cress_website"]):
        raise RuleError(_l("Saisissez une adresse web commençant par https:// ou http://."), "cress_website")
    for key in PAGE_FIELDS:
        setattr(region, key, (values.get(key) or "").strip())
    db.session.flush()


def partner_of(region: Region, partner_id: int) -> RegionalPartner | None:
    """The region's partner with this id; None for another region's (the view answers 404)."""
    partner = db.session.get(RegionalPartner, partner_id)
    return partner if partner is not None and partner.region_id == region.id else None


def save_partner(
    region: Region,
    partner: RegionalPartner | None,
    *,
    name: str,
    url: str,
    position: int,
    logo=None,
    remove_logo: bool = False,
) -> tuple[RegionalPartner, str | None]:
    """Create or update a regional partner; `logo` is an uploaded stream, checked by content
    (app/web/uploads.py). Returns the partner and a logo file no longer used (to delete
    after the commit). Raises RuleError before anything is written."""
    if url and not is_web_url(url):
        raise RuleError(_l("Saisissez une adresse web commençant par https:// ou http://."), "url")
    if partner is None and len(region.partners) >= MAX_PARTNERS:
        raise RuleError(_l("Une région compte %(n)d partenaires au plus.", n=MAX_PARTNERS), "name")
    stored = store_logo(logo) if logo is not None else None
    if partner is None:
        partner = RegionalPartner(region_id=region.id)
        db.session.add(partner)
    old_logo = partner.logo_file
    partner.name, partner.url, partner.position = name, url or "", position
    if stored is not None:
        partner.logo_file = stored.name
    elif remove_logo:
        partner.logo_file = None
    db.session.flush()
    db.session.expire(region, ["partners"])
    return partner, (old_logo if old_logo and old_logo != partner.logo_file else None)


def delete_partner(partner: RegionalPartner) -> str | None:
    logo = partner.logo_file
    db.session.delete(partner)
    db.session.flush()
    return logo


# --- Département delegates -------------------------------------------------------------------


@dataclass(frozen=True)
class Delegate:
    user: User
    departements: list[Departement]


def delegates(region: Region) -> list[Delegate]:
    rows = db.session.execute(
        select(User, Departement)
        .join(DepartementDelegate, DepartementDelegate.user_id == User.id)
        .join(Departement, Departement.code == DepartementDelegate.departement_code)
        .where(Departement.region_id == region.id)
        .order_by(User.email, Departement.code)
    ).all()
    grouped: dict[int, Delegate] = {}
    for user, departement in rows:
        grouped.setdefault(user.id, Delegate(user, [])).departements.append(departement)
    return list(grouped.values())


def _region_codes(region: Region, codes: list[str]) -> list[str]:
    """`codes`, checked to be départements of `region` (RuleError otherwise)."""
    own = {d.code for d in region.departements}
    chosen = sorted(set(codes or []))
    if not chosen:
        raise RuleError(_l("Cochez au moins un département."), "departements")
    if any(c not in own for c in chosen):
        raise RuleError(_l("Choisissez des départements de votre région."), "departements")
    return chosen


def _grant(user: User, codes: list[str], actor: User | None) -> list[str]:
    """Delegate `codes` to `user`; the codes newly granted."""
    held = set(
        db.session.scalars(
            select(DepartementDelegate.departement_code).where(DepartementDelegate.user_id == user.id)
        )
    )
    added = [c for c in codes if c not in held]
    for code in added:
        db.session.add(
            DepartementDelegate(
                user_id=user.id, departement_code=code, created_by_id=actor.id if actor else None
            )
        )
    db.session.flush()
    return added


def add_delegate(region: Region, actor: User, email: str, codes: list[str]) -> str:
    """Make the person at `email` a delegate of `codes` (départements of `region`).

    An existing account becomes a delegate at once and is told by e-mail ("added"); an
    address without an account receives an invitation to sign up, then to accept with a
    one-time link ("invited")."""
    from app.mail import send_mail

    chosen = _region_codes(region, codes)
    address = normalize_email(email)
    user = db.session.scalar(select(User).where(func.lower(User.email) == address))
    labels = [d.label for d in region.departements if d.code in chosen]
    if user is not None:
        if user.moderated_region_id == region.id or user.is_admin:
            raise RuleError(_l("Ce compte modère déjà toute la région."), "email")
        _grant(user, chosen, actor)
        send_mail(
            user.email,
            _("Vous modérez désormais des événements du Mois de l'ESS en %(region)s", region=region.name),
            "delegate_added",
            region=region,
            cress=region.cress_name,
            departements=labels,
            space_url=url_for("moderation.queue", _external=True),
            invitation=False,
        )
        return "added"
    token = links.issue(
        DELEGATE_INVITE, INVITATION_MAX_AGE, email=address, detail=",".join(chosen), user=actor
    )
    send_mail(
        address,
        _("Invitation à modérer les événements du Mois de l'ESS en %(region)s", region=region.name),
        "delegate_added",
        region=region,
        cress=region.cress_name,
        departements=labels,
        signup_url=url_for("accounts.signup", _external=True),
        accept_url=url_for("moderation.accept_delegation", token=token, _external=True),
        invitation=True,
    )
    return "invited"


def remove_delegate(region: Region, user_id: int) -> int:
    """Withdraw every delegation of the user in `region`; the number of départements withdrawn."""
    codes = [d.code for d in region.departements]
    return (
        db.session.execute(
            delete(DepartementDelegate).where(
                DepartementDelegate.user_id == user_id, DepartementDelegate.departement_code.in_(codes)
            ),
            execution_options={"synchronize_session": False},
        ).rowcount
        or 0
    )


def accept_delegation(user: User, token: str) -> tuple[bool, str]:
    """The invited person, signed in with the invited address, becomes a delegate; the link
    serves once. (accepted?, French message)."""
    try:
        link = links.check(DELEGATE_INVITE, token, INVITATION_MAX_AGE)
    except links.TokenError as exc:
        if exc.used:
            return False, _("Cette invitation a déjà servi.")
        if exc.expired:
            return False, _("Cette invitation a expiré : demandez à la CRESS de vous inviter à nouveau.")
        return False, _("Ce lien d'invitation n'est pas valide.")
    if link.email != normalize_email(user.email):
        return False, _("Cette invitation a été envoyée à une autre adresse que celle de votre compte.")
    codes = [c for c in link.detail.split(",") if c]
    departements = list(db.session.scalars(select(Departement).where(Departement.code.in_(codes))))
    if not departements:
        return False, _("Ce lien d'invitation n'est pas valide.")
    try:
        links.consume(link)
    except links.TokenError:
        return False, _("Cette invitation a déjà servi.")
    _grant(user, [d.code for d in departements], None)
    return True, _(
        "Vous modérez désormais les événements de : %(list)s.", list=", ".join(d.label for d in departements)
    )
