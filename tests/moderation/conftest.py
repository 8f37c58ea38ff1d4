"""Shared data of the back-office tests: an edition, events in Bretagne and in Normandie,
a Bretagne moderator, a Normandie moderator, an organiser and a national admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from tests import factories as f


@dataclass
class World:
    edition: object
    org: object
    submitted: object
    second: object
    published: object
    elsewhere: object
    moderator: object
    other_moderator: object
    organiser: object
    admin: object


@pytest.fixture()
def world(app, db):
    ed = f.edition()
    org = f.organisation(
        "Recyclerie du Blosne", contact_email="structure@recyclerie.fr", contact_phone="02 99 11 22 33"
    )
    submitted = f.event(
        ed,
        "Atelier réparation de vélos",
        org=org,
        status="soumis",
        contact_name="Léa Morvan",
        contact_email="lea@recyclerie.fr",
        contact_phone="06 12 34 56 78",
        starts=datetime(2026, 11, 20, 9),
        submitted_at=datetime(2026, 10, 1, 8),
    )
    second = f.event(
        ed,
        "Forum de l'emploi solidaire",
        status="soumis",
        departement="29",
        commune="Brest",
        postcode="29200",
        theme_slug="preserver",
        starts=datetime(2026, 11, 5, 9),
        submitted_at=datetime(2026, 10, 2, 8),
    )
    published = f.event(
        ed,
        "Marché des producteurs",
        status="publie",
        departement="56",
        commune="Vannes",
        postcode="56000",
        starts=datetime(2026, 11, 12, 9),
    )
    elsewhere = f.event(
        ed,
        "Café coopératif normand",
        status="soumis",
        region_slug="normandie",
        departement="14",
        commune="Caen",
        postcode="14000",
    )
    organiser = f.user("orga@recyclerie.fr", organisations=(org,), name="Paul Orga")
    w = World(
        ed,
        org,
        submitted,
        second,
        published,
        elsewhere,
        moderator=f.user("cress@bretagne.fr", moderates="bretagne", name="Modé Bretagne"),
        other_moderator=f.user("cress@normandie.fr", moderates="normandie"),
        organiser=organiser,
        admin=f.user("admin@essfrance.fr", admin=True),
    )
    db.session.commit()
    return w
