"""Data shared by the API and open data tests: two editions, published, draft and cancelled events."""

from datetime import datetime

import pytest

from tests import factories as f


@pytest.fixture()
def data(db):
    return seed()


def seed():
    """Published (one cancelled, one online), draft and previous edition's events; committed."""
    from app.extensions import db

    ed = f.edition(2026)
    coop = f.organisation(
        "Coopérative Les Champs Solidaires",
        family="cooperative",
        website="https://champs.example",
        contact_email="direction@champs.example",
        contact_phone="02 99 00 00 00",
        contact_name="Marie Secrète",
    )
    events = {
        "coop": f.event(
            ed,
            "Portes ouvertes de la coopérative",
            org=coop,
            theme_slug="entreprendre-epargner-et-investir",
            second_theme="travailler",
            description="Visite d'une **société coopérative** d'intérêt collectif.",
            kind="portes-ouvertes",
            audiences=("grand-public", "jeunes"),
            starts=datetime(2026, 11, 14, 9),
            access_moteur=True,
            venue="La ferme",
            address="1 chemin des Champs",
            contact_email="accueil@champs.example",
            contact_phone="02 99 11 11 11",
            contact_name="Jean Public",
            price_info="Entrée libre",
        ),
        "corse": f.event(
            ed,
            "Événement festif de l'économie sociale",
            theme_slug="s-evader",
            kind="festif",
            free=False,
            starts=datetime(2026, 11, 21, 17),
            region_slug="corse",
            departement="2A",
            commune="Ajaccio",
            postcode="20000",
            schedule_status="annule",
        ),
        "online": f.event(
            ed,
            "Webinaire finance solidaire",
            in_person=False,
            online=True,
            online_url="https://visio.example/ess",
            theme_slug="entreprendre-epargner-et-investir",
            lat=None,
            lon=None,
            starts=datetime(2026, 7, 3, 18),
            audiences=("professionnels-ess",),
        ),
        "draft": f.event(ed, "Brouillon sur les coopératives", status="soumis"),
    }
    old = f.edition(2025)
    events["old"] = f.event(old, "Coopérative de l'an dernier", starts=datetime(2025, 11, 10, 9))
    db.session.commit()
    return ed, events
