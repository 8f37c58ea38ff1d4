"""Writing the events of a checked file, published at once."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.common.text import match_key, slugify
from app.common.time import utcnow
from app.events import workflow
from app.extensions import db
from app.models import Event, Organisation, Region, User
from app.moderation.importer.checking import Preview


def _organisation(name: str, region: Region, cache: dict[str, Organisation]) -> Organisation:
    key = match_key(name)
    if not cache:
        for org in db.session.scalars(
            select(Organisation).where(Organisation.region_id == region.id).order_by(Organisation.id)
        ):
            cache.setdefault(match_key(org.name), org)
        cache.setdefault("\x00loaded", None)
    org = cache.get(key)
    if org is None:
        org = Organisation(name=name, family="autre", sector="autre", employees="", region_id=region.id)
        db.session.add(org)
        db.session.flush()
        cache[key] = org
    return org


def import_rows(preview: Preview, user: User) -> list[Event]:
    """Create the events of a checked file, published; lines already imported are skipped."""
    region = db.session.get(Region, preview.region_id)
    now = utcnow()
    orgs: dict[str, Organisation] = {}
    keys = [row["import_key"] for row in preview.rows]
    existing = set(db.session.scalars(select(Event.import_key).where(Event.import_key.in_(keys))))
    created = []
    for row in preview.rows:
        if row["import_key"] in existing:
            continue
        event = Event(
            edition_id=preview.edition_id,
            title=row["titre"],
            slug=slugify(row["titre"]),
            summary=row["resume"],
            description=row["description"],
            theme_id=row["theme_id"],
            kind=row["kind"],
            starts_at=datetime.fromisoformat(row["starts_at"]),
            ends_at=datetime.fromisoformat(row["ends_at"]),
            venue=row["lieu"],
            address=row["adresse"],
            postcode=row["postcode"],
            commune=row["commune"],
            commune_insee=row["commune_insee"],
            departement_code=row["departement_code"],
            region_id=region.id,
            latitude=row["latitude"],
            longitude=row["longitude"],
            free=row["free"],
            registration_required=bool(row["inscription"]),
            registration_url=row["inscription"],
            contact_name=row["contact_nom"],
            contact_email=row["contact_email"],
            contact_phone=row["contact_telephone"],
            status="publie",
            submitted_at=now,
            published_at=now,
            organiser_id=_organisation(row["organisateur"], region, orgs).id,
            import_key=row["import_key"],
        )
        event.audiences = row["audiences"]
        db.session.add(event)
        db.session.flush()
        workflow.record(
            event,
            "import",
            user,
            _("Ligne %(line)d de « %(file)s »", line=row["line"], file=preview.filename),
            from_status="",
        )
        created.append(event)
    return created
