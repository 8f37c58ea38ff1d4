"""A small fixed dataset whose bilan figures are computed by hand in the tests.

Edition 2026, published and counted (e1–e6):
  e1 a1 Bretagne 35  travailler + participer-et-cooperer  debat           20  grand-public, jeunes  SSI
  e2 a1 Bretagne 29  travailler                           marche          50  grand-public
  e3 a2 Bretagne 35  preserver (co-organised by c1)       portes-ouvertes 100 professionnels-ess  régionale
  e4 c1 Bretagne 56  se-loger                             atelier         101 grand-public
  e5 c1 Bretagne 35  travailler (free-text co-organiser)  atelier         —   grand-public
  e6 m1 Occitanie 31 travailler                           debat           19  grand-public  SFS
Not counted: e7 (a1, published but cancelled), e8 (a2, submitted).
Edition 2025: 4 events (a1, a2); 2024: none; 2023: 2 events (a1).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.models import Edition, Organisation
from tests import factories as f

SECRET_EMAIL = "personne.privee@example.org"
# Opt-in: the same bilan tests on PostgreSQL (needs psycopg), e.g.
# BILAN_TEST_DATABASE_URL="postgresql+psycopg://postgres@/bilan?host=/tmp/pg&port=5432" \
#     python -m pytest tests/bilan
PG_URL = os.environ.get("BILAN_TEST_DATABASE_URL")

if PG_URL:

    @pytest.fixture()
    def app():
        from flask_migrate import upgrade
        from sqlalchemy import text

        from app import create_app
        from app.extensions import db
        from app.reference import loader

        app = create_app("testing", SQLALCHEMY_DATABASE_URI=PG_URL)
        with app.app_context():
            db.drop_all()
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
            upgrade(directory=str(Path(__file__).resolve().parents[2] / "migrations"))
            loader.load_all()
            db.session.commit()
            yield app
            db.session.remove()
            db.engine.dispose()


@dataclass
class Dataset:
    current: Edition
    previous: Edition
    empty: Edition
    oldest: Edition
    a1: Organisation
    c1: Organisation


@pytest.fixture()
def dataset(db) -> Dataset:
    oldest, empty, previous, current = (f.edition(y) for y in (2023, 2024, 2025, 2026))
    a1 = f.organisation("Asso Un", sector="insertion", employees="1-9", contact_email=SECRET_EMAIL)
    a2 = f.organisation("Asso Deux", sector="environnement", employees="0")
    c1 = f.organisation("Commune de Rennes", family="collectivite", employees="250+")
    m1 = f.organisation(
        "Mutuelle d'Oc", region_slug="occitanie", family="mutuelle", sector="sante", employees="50-249"
    )
    f.event(
        current,
        "e1",
        org=a1,
        second_theme="participer-et-cooperer",
        attendance=20,
        audiences=("grand-public", "jeunes"),
        partner_week="solidarite-internationale",
        contact_email=SECRET_EMAIL,
    )
    f.event(
        current,
        "e2",
        org=a1,
        kind="marche",
        attendance=50,
        departement="29",
        commune="Brest",
        postcode="29200",
    )
    e3 = f.event(
        current,
        "e3",
        org=a2,
        theme_slug="preserver",
        kind="portes-ouvertes",
        attendance=100,
        audiences=("professionnels-ess",),
        scale="regionale",
    )
    e3.coorganisers = [c1]
    f.event(
        current,
        "e4",
        org=c1,
        theme_slug="se-loger",
        kind="atelier",
        attendance=101,
        departement="56",
        commune="Vannes",
        postcode="56000",
    )
    f.event(current, "e5", org=c1, kind="atelier", other_coorganisers="Mairie de quartier")
    f.event(
        current,
        "e6",
        org=m1,
        region_slug="occitanie",
        departement="31",
        commune="Toulouse",
        postcode="31000",
        attendance=19,
        partner_week="finance-solidaire",
    )
    f.event(current, "e7", org=a1, schedule_status="annule", attendance=300)
    f.event(current, "e8", org=a2, status="soumis", attendance=300)
    for n in range(4):
        f.event(previous, f"p{n}", org=a1 if n % 2 else a2)
    for n in range(2):
        f.event(oldest, f"o{n}", org=a1)
    db.session.commit()
    return Dataset(current, previous, empty, oldest, a1, c1)
