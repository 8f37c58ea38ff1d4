"""Small builders for test data (reference data comes from the migrated template database)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count

from sqlalchemy import select

from app.common.text import slugify
from app.extensions import db
from app.models import Edition, Event, Organisation, Region, Theme, User

_seq = count(1)


def edition(year: int = 2026) -> Edition:
    e = Edition(
        year=year,
        title=f"Mois de l'ESS {year}",
        month_start=date(year, 11, 1),
        month_end=date(year, 11, 30),
        candidacy_open=datetime(year, 4, 14, 22),
        candidacy_close=datetime(year, 6, 20, 22),
        registration_open=datetime(year, 5, 31, 22),
        registration_close=datetime(year, 10, 31, 23),
        vote_open=datetime(year, 9, 14, 22),
        vote_close=datetime(year, 10, 15, 22),
    )
    db.session.add(e)
    db.session.flush()
    return e


def candidacy_edition() -> Edition:
    """This year's edition, its candidacies open since yesterday and until tomorrow."""
    now = datetime.utcnow()
    e = edition(now.year)
    e.candidacy_open, e.candidacy_close = now - timedelta(days=1), now + timedelta(days=1)
    return e


def region(slug: str) -> Region:
    return db.session.scalar(select(Region).where(Region.slug == slug))


def theme(slug: str) -> Theme:
    return db.session.scalar(select(Theme).where(Theme.slug == slug))


def organisation(
    name: str | None = None, region_slug: str = "bretagne", family: str = "association", **fields
) -> Organisation:
    org = Organisation(
        name=name or f"Association n°{next(_seq)}",
        family=family,
        sector=fields.pop("sector", "action-sociale"),
        employees=fields.pop("employees", "1-9"),
        region_id=region(region_slug).id,
        **fields,
    )
    db.session.add(org)
    db.session.flush()
    return org


def event(
    ed: Edition,
    title: str = "Événement de test",
    *,
    org: Organisation | None = None,
    theme_slug: str = "travailler",
    second_theme: str | None = None,
    region_slug: str = "bretagne",
    departement: str = "35",
    commune: str = "Rennes",
    postcode: str = "35000",
    starts: datetime = datetime(2026, 11, 14, 13, 30),
    hours: float = 2,
    status: str = "publie",
    audiences=("grand-public",),
    lat: float | None = 48.11,
    lon: float | None = -1.68,
    **fields,
) -> Event:
    ev = Event(
        edition_id=ed.id,
        title=title,
        slug=slugify(title),
        theme_id=theme(theme_slug).id,
        second_theme_id=theme(second_theme).id if second_theme else None,
        kind=fields.pop("kind", "debat"),
        region_id=region(region_slug).id,
        departement_code=departement,
        commune=commune,
        postcode=postcode,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        status=status,
        organiser_id=(org or organisation(region_slug=region_slug)).id,
        latitude=lat,
        longitude=lon,
        **fields,
    )
    ev.audiences = list(audiences)
    db.session.add(ev)
    db.session.flush()
    return ev


PASSWORD = "mot-de-passe-solide"


def user(
    email: str | None = None,
    *,
    password: str = PASSWORD,
    confirmed: bool = True,
    organisations: tuple[Organisation, ...] = (),
    moderates: str | None = None,
    admin: bool = False,
    jury: bool = False,
    name: str = "Camille Martin",
) -> "User":
    from app.accounts.passwords import hash_password
    from app.models import Membership, User

    u = User(
        email=email or f"personne{next(_seq)}@exemple.fr",
        name=name,
        password_hash=hash_password(password),
        is_admin=admin,
        is_jury=jury,
        email_confirmed_at=datetime(2026, 1, 1) if confirmed else None,
        moderated_region_id=region(moderates).id if moderates else None,
    )
    u.memberships = [Membership(organisation=o) for o in organisations]
    db.session.add(u)
    db.session.flush()
    return u


def login(client, u, password: str = PASSWORD):
    """Log `u` in through the real login form (CSRF token included)."""
    from tests.helpers import csrf_token

    token = csrf_token(client, "/compte/connexion")
    response = client.post(
        "/compte/connexion", data={"email": u.email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response
