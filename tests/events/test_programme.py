"""One definition of "événements au programme" (app/events/programme.py): every page that
counts events shows the same figure for the same events."""

from __future__ import annotations

import re

import pytest

from app.events import programme
from tests import factories as f
from tests.helpers import body


@pytest.fixture()
def known_set(db):
    """In Bretagne, theme "travailler", edition 2026: 3 events on the programme (one without
    coordinates, one in a second theme only), 1 cancelled, and events that never count."""
    ed = f.edition(2026)
    other = f.edition(2025)
    f.event(ed, "Débat sur l'emploi")
    f.event(ed, "Atelier sans adresse précise", lat=None, lon=None)
    f.event(ed, "Forum en seconde thématique", theme_slug="aider-et-soigner", second_theme="travailler")
    f.event(ed, "Visite annulée", schedule_status="annule")
    f.event(ed, "Brouillon", status="brouillon")
    f.event(ed, "En attente", status="soumis")
    f.event(ed, "Refusé", status="refuse")
    f.event(other, "Édition précédente")
    db.session.commit()
    return ed


def test_count_says_three_on_the_programme_and_one_cancelled(known_set):
    n = programme.count(known_set.id)
    assert (n.events, n.cancelled, n.listed) == (3, 1, 4)
    assert str(n) == "3 événements au programme, plus 1 annulé"


def test_phrase_is_french_for_zero_one_and_thousands(app):
    with app.test_request_context():
        assert str(programme.ProgrammeCount(0)) == "0 événement au programme"
        assert str(programme.ProgrammeCount(1, 2)) == "1 événement au programme, plus 2 annulés"
        assert (
            str(programme.ProgrammeCount(1595, 23)) == "1\u202f595 événements au programme, plus 23 annulés"
        )


def test_every_page_shows_the_same_figure(client, known_set):
    phrase = "3 événements au programme, plus 1 annulé"

    home = body(client.get("/"))
    assert (
        '<span class="key-figure__value">3</span> <span class="key-figure__label">événements au programme'
        in home
    )
    # The theme card of the home page and of /thematiques/ (counted in the main or second theme).
    card = r'href="/thematiques/travailler">[^<]+</a></h3>\s*<p class="theme-card__count">3 événements</p>'
    assert re.search(card, home)
    assert re.search(card, body(client.get("/thematiques/")))

    assert f"Dans cette thématique : {phrase}." in body(client.get("/thematiques/travailler"))

    region = body(client.get("/regions/bretagne"))
    # The header counts the event without coordinates too (it used to count map points: 2).
    assert f"Dans la région : {phrase}." in region
    assert f'Ille-et-Vilaine (35) <span class="facet-count">– {phrase}</span>' in region
    assert re.search(
        rf'href="/regions/bretagne">Bretagne</a></h3>\s*<p class="region-card__count">{phrase}<',
        body(client.get("/regions/")),
    )

    search = body(client.get("/evenements/"))
    assert re.search(rf'id="results-heading"[^>]*>\s*{phrase}\s*</h2>', search)
    assert search.count('<article class="event-card">') == 4  # the cancelled one is listed, marked

    bilan = body(client.get("/bilan/2026/"))
    assert re.search(r'key-figure__value">3</span>\s*<span class="key-figure__label">Manifestations<', bilan)
    assert "1 manifestation annulée non comptée" in bilan


def test_region_page_counts_national_events_as_the_programme(client, db):
    ed = f.edition(2026)
    for n in range(11):
        f.event(ed, f"Rencontre nationale {n}", scale="nationale")
    f.event(ed, "Rencontre nationale annulée", scale="nationale", schedule_status="annule")
    f.event(ed, "Rencontre nationale en brouillon", scale="nationale", status="brouillon")
    db.session.commit()
    page = body(client.get("/regions/bretagne"))
    assert "Portée nationale, au total : 11 événements au programme, plus 1 annulé." in page
