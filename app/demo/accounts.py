"""Demo accounts: a national admin, one CRESS moderator per region, organisers, a juror.
All share DEMO_PASSWORD (development data only; README lists them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select

from app.accounts.passwords import hash_password
from app.extensions import db
from app.models import Event, Membership, Region, User

DEMO_PASSWORD = "demo-mois-ess"
DOMAIN = "demo.lemois-ess.fr"


def build(now: datetime) -> int:
    """Insert the demo users; return how many."""
    password_hash = hash_password(DEMO_PASSWORD)
    common = {
        "password_hash": password_hash,
        "email_confirmed_at": now,
        "active": True,
        "is_admin": False,
        "is_jury": False,
        "moderated_region_id": None,
    }
    users = [
        {**common, "email": f"admin@{DOMAIN}", "name": "Équipe nationale", "is_admin": True},
        {**common, "email": f"jury@{DOMAIN}", "name": "Juré du Prix ESS", "is_jury": True},
    ]
    for region in db.session.scalars(select(Region).order_by(Region.code)):
        users.append(
            {
                **common,
                "email": f"cress-{region.slug}@{DOMAIN}",
                "name": f"CRESS {region.name}",
                "moderated_region_id": region.id,
            }
        )
    organisers = _busiest_organisers(3)
    for n, _org_id in enumerate(organisers, start=1):
        users.append({**common, "email": f"organisateur{n}@{DOMAIN}", "name": f"Organisateur {n}"})
    db.session.execute(insert(User.__table__), users)
    ids = dict(db.session.execute(select(User.email, User.id)).all())
    memberships = [
        {"user_id": ids[f"organisateur{n}@{DOMAIN}"], "organisation_id": org_id}
        for n, org_id in enumerate(organisers, start=1)
    ]
    if memberships:
        db.session.execute(insert(Membership.__table__), memberships)
    return len(users)


def _busiest_organisers(n: int) -> list[int]:
    """Organisations with the most events of the latest edition (a useful dashboard)."""
    latest = db.session.scalar(select(func.max(Event.edition_id)))
    rows = (
        db.session.execute(
            select(Event.organiser_id)
            .where(Event.edition_id == latest)
            .group_by(Event.organiser_id)
            .order_by(func.count().desc(), Event.organiser_id)
            .limit(n)
        )
        .scalars()
        .all()
    )
    return list(rows)
