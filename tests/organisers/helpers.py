"""Shared data for the organisers' space tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from app.common.time import utcnow
from app.extensions import db
from app.models import Edition, Event, Organisation, User
from tests import factories as f
from tests.helpers import csrf_token


def open_edition(year: int = 2026) -> Edition:
    """The current edition with its registration window open now."""
    edition = f.edition(year)
    edition.registration_open = utcnow() - timedelta(days=30)
    edition.registration_close = utcnow() + timedelta(days=30)
    db.session.flush()
    return edition


@dataclass
class Space:
    edition: Edition
    organisation: Organisation
    user: User


def space(client, *, login: bool = True) -> Space:
    edition = open_edition()
    organisation = f.organisation("Les Amis du Quartier", region_slug="bretagne")
    user = f.user("membre@exemple.fr", organisations=(organisation,))
    db.session.commit()
    if login:
        f.login(client, user)
    return Space(edition, organisation, user)


def theme_id(slug: str) -> int:
    return f.theme(slug).id


def event_data(client, path: str = "/espace/evenements/nouveau", **overrides) -> dict:
    """A complete, valid event form (with the CSRF token and creation token of the page)."""
    import re

    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="creation_token" type="hidden" value="([^"]*)"', html)
    data = {
        "csrf_token": csrf_token(client, path),
        "title": "Portes ouvertes de la recyclerie",
        "summary": "Visite des ateliers et réparation de vélos.",
        "description": "Venez découvrir la recyclerie et ses ateliers.",
        "theme_id": str(theme_id("preserver")),
        "second_theme_id": "",
        "kind": "portes-ouvertes",
        "audiences": ["grand-public", "jeunes"],
        "scale": "locale",
        "partner_week": "",
        "starts_at": "2026-11-28T14:00",
        "ends_at": "2026-11-28T17:30",
        "in_person": "y",
        "venue": "La Recyclerie",
        "address": "3 rue de la Gare",
        "postcode": "35000",
        "commune": "Rennes",
        "free": "1",
        "contact_name": "Camille",
        "contact_email": "contact@recyclerie.fr",
        "action": "draft",
    }
    if token:
        data["creation_token"] = token.group(1)
    if "organiser_id" in html:
        match = re.search(r'<select[^>]*name="organiser_id"[^>]*>\s*<option[^>]*value="(\d+)"', html)
        if match:
            data["organiser_id"] = match.group(1)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def events_count() -> int:
    return db.session.scalar(select(func.count(Event.id)))


def only_event() -> Event:
    db.session.expire_all()
    return db.session.scalars(select(Event)).one()
