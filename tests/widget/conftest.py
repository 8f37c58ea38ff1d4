"""A small programme around a fixed "today" (10 November 2026): events before it, during it
and after it, in several regions, themes and audiences."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests import factories as f

TODAY = date(2026, 11, 10)


@pytest.fixture()
def programme(db, monkeypatch):
    from app.widget import routes

    monkeypatch.setattr(routes, "_today", lambda: TODAY)
    ed = f.edition(2026)
    events = {
        "past": f.event(ed, "Forum déjà passé", starts=datetime(2026, 11, 3, 9)),
        "today": f.event(ed, "Atelier du jour", starts=datetime(2026, 11, 10, 8)),
        "late": f.event(ed, "Marché solidaire de fin de mois", starts=datetime(2026, 11, 28, 9)),
        "soon": f.event(
            ed,
            "Portes ouvertes de la coopérative",
            theme_slug="se-loger",
            audiences=("jeunes",),
            starts=datetime(2026, 11, 14, 13, 30),
        ),
        "corse": f.event(
            ed,
            "Débat à Ajaccio",
            region_slug="corse",
            departement="2A",
            commune="Ajaccio",
            postcode="20000",
            starts=datetime(2026, 11, 12, 17),
        ),
        "cancelled": f.event(
            ed, "Conférence annulée", starts=datetime(2026, 11, 20, 18), schedule_status="annule"
        ),
        "draft": f.event(ed, "Brouillon jamais publié", status="soumis", starts=datetime(2026, 11, 15, 9)),
    }
    f.event(f.edition(2025), "Événement de l'an dernier", starts=datetime(2025, 11, 15, 9))
    db.session.commit()
    return ed, events
