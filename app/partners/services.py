"""Partners of the Mois de l'ESS: listed on the home page and on /partenaires/."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.common.errors import RuleError
from app.common.text import slugify
from app.common.validators import is_web_url
from app.extensions import db
from app.models import Partner
from app.web import uploads

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 600


def visible_partners() -> list[Partner]:
    return list(
        db.session.scalars(
            select(Partner).where(Partner.visible.is_(True)).order_by(Partner.position, Partner.name)
        )
    )


def all_partners() -> list[Partner]:
    return list(db.session.scalars(select(Partner).order_by(Partner.position, Partner.name)))


def _unique_slug(name: str, partner_id: int | None) -> str:
    base = slugify(name, 150) if name else "partenaire"
    slug, n = base, 1
    while True:
        clash = select(Partner.id).where(Partner.slug == slug)
        if partner_id is not None:
            clash = clash.where(Partner.id != partner_id)
        if db.session.scalar(clash) is None:
            return slug
        n += 1
        slug = f"{base}-{n}"


def store_logo(logo) -> str:
    """Store an uploaded partner logo (national or regional), checked by content and size,
    transparency kept; its file name. An unusable file raises RuleError on the "logo" field."""
    try:
        return uploads.save_image(
            logo, max_bytes=LOGO_MAX_BYTES, max_side=LOGO_MAX_SIDE, keep_transparency=True
        )
    except uploads.UploadError as error:
        raise RuleError(error.args[0], "logo") from error


def save_partner(
    partner: Partner | None,
    *,
    name: str,
    url: str,
    description: str,
    position: int,
    visible: bool,
    logo=None,
    remove_logo: bool = False,
) -> tuple[Partner, str | None]:
    """Create or update a partner. `logo`: an uploaded file stream (checked by content).

    Returns the partner and the name of a logo file that is no longer used (the caller
    deletes it after the commit). Raises RuleError before anything is written."""
    if url and not is_web_url(url):
        raise RuleError(_l("Saisissez une adresse web commençant par https:// ou http://."), "url")
    stored = store_logo(logo) if logo is not None else None
    slug = _unique_slug(name, partner.id if partner else None)
    if partner is None:
        partner = Partner(slug=slug)
        db.session.add(partner)
    old_logo = partner.logo_file
    partner.name, partner.url, partner.description = name, url or "", description or ""
    partner.position, partner.visible, partner.slug = position, visible, slug
    if stored is not None:
        partner.logo_file = stored.name
    elif remove_logo:
        partner.logo_file = None
    db.session.flush()
    return partner, (old_logo if old_logo and old_logo != partner.logo_file else None)


def delete_partner(partner: Partner) -> str | None:
    logo = partner.logo_file
    db.session.delete(partner)
    db.session.flush()
    return logo
