"""Shared data of the newsletter issue tests: an edition with events published recently or
not, in Bretagne and Normandie; subscribers of every kind; a CRESS per region, the national
team and an organiser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from app.common.time import utcnow
from app.models import NewsletterSubscriber
from tests import factories as f


@dataclass
class World:
    edition: object
    new_event: object
    old_event: object
    other_region_event: object
    cancelled_event: object
    bretagne: list  # confirmed subscribers of Bretagne
    unconfirmed: object
    unsubscribed: object
    normandie: object
    everywhere: object  # confirmed, no region
    cress: object
    other_cress: object
    admin: object
    organiser: object


def subscriber(email: str, region_slug: str | None = None, *, confirmed=True, unsubscribed=False):
    from app.extensions import db

    s = NewsletterSubscriber(
        email=email,
        region_id=f.region(region_slug).id if region_slug else None,
        confirmed_at=datetime(2026, 3, 1) if confirmed else None,
        unsubscribed_at=datetime(2026, 6, 1) if unsubscribed else None,
    )
    db.session.add(s)
    db.session.flush()
    return s


@pytest.fixture()
def world(app, db):
    ed = f.edition()
    now = utcnow()
    new_event = f.event(
        ed,
        "Portes ouvertes de la Recyclerie",
        venue="La Recyclerie",
        commune="Rennes",
        starts=datetime(2026, 11, 20, 9),
        published_at=now - timedelta(days=2),
    )
    old_event = f.event(ed, "Forum publié il y a longtemps", published_at=now - timedelta(days=12))
    other = f.event(
        ed,
        "Café coopératif normand",
        region_slug="normandie",
        departement="14",
        commune="Caen",
        postcode="14000",
        published_at=now - timedelta(days=1),
    )
    cancelled = f.event(ed, "Atelier annulé", schedule_status="annule", published_at=now - timedelta(days=1))
    org = f.organisation("Recyclerie du Blosne")
    w = World(
        ed,
        new_event,
        old_event,
        other,
        cancelled,
        bretagne=[subscriber(f"lecteur{i}@exemple.fr", "bretagne") for i in range(1, 4)],
        unconfirmed=subscriber("pas.confirme@exemple.fr", "bretagne", confirmed=False),
        unsubscribed=subscriber("parti@exemple.fr", "bretagne", unsubscribed=True),
        normandie=subscriber("normand@exemple.fr", "normandie"),
        everywhere=subscriber("partout@exemple.fr"),
        cress=f.user("cress@bretagne.fr", moderates="bretagne", name="CRESS Bretagne"),
        other_cress=f.user("cress@normandie.fr", moderates="normandie"),
        admin=f.user("admin@essfrance.fr", admin=True),
        organiser=f.user("orga@recyclerie.fr", organisations=(org,)),
    )
    db.session.commit()
    return w


BODY = (
    "## La semaine de la CRESS\n\nBonjour à toutes et à tous,\n\n"
    "Retrouvez **le programme** sur [notre site](https://cress-bretagne.exemple.fr/programme).\n\n"
    "<script>alert('piège')</script>\n\n<a href=\"javascript:alert(1)\">clic</a>"
)


def write_issue(client, subject="Lettre de novembre", body=BODY, events=True, **extra):
    """Write an issue through the real form; returns the response (302 to its page)."""
    from tests.helpers import csrf_token

    token = csrf_token(client, "/newsletter/lettres/nouvelle")
    data = {"csrf_token": token, "subject": subject, "body": body}
    if events:
        data["with_new_events"] = "y"
    data.update(extra)
    return client.post("/newsletter/lettres/nouvelle", data=data)


def issue_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])
