"""Suggestions while typing, and "Vouliez-vous dire … ?" on a search that found nothing."""

from __future__ import annotations

import re

import pytest

from app.events import suggestions
from tests import factories as f
from tests.helpers import body


@pytest.fixture()
def programme(db):
    ed = f.edition(2026)
    coop = f.organisation("Coopérative Les Champs Solidaires")
    evts = {
        "coop": f.event(ed, "Portes ouvertes de la coopérative", org=coop, commune="Coësmes"),
        "velo": f.event(
            ed, "Atelier vélo solidaire", commune="Saint-Étienne", theme_slug="eduquer-et-apprendre"
        ),
        "draft": f.event(ed, "Coopération en brouillon", commune="Coutances", status="soumis"),
    }
    old = f.edition(2025)
    f.event(old, "Coopérative de l'an dernier", commune="Coulounieix")
    db.session.commit()
    return ed, evts


def test_suggestions_match_word_starts_of_each_kind_ignoring_accents(programme):
    ed, e = programme
    found = suggestions.suggest("coe", ed.id)
    assert [x.label for x in found.communes] == ["Coësmes"]
    found = suggestions.suggest("CHAMPS sol", ed.id)
    assert [x.label for x in found.organisers] == ["Coopérative Les Champs Solidaires"]
    assert found.events == []
    found = suggestions.suggest("coop", ed.id)
    assert [x.value for x in found.events] == [str(e["coop"].id)]  # not the draft, not 2025
    assert [x.label for x in suggestions.suggest("saint et", ed.id).communes] == ["Saint-Étienne"]
    assert [x.value for x in suggestions.suggest("éduq", ed.id).themes] == ["eduquer-et-apprendre"]
    assert suggestions.suggest("c", ed.id) is None


def test_suggestions_follow_a_publication(programme, db):
    ed, e = programme
    assert suggestions.suggest("brouillon", ed.id).events == []
    e["draft"].status = "publie"
    db.session.commit()
    assert [x.label for x in suggestions.suggest("brouillon", ed.id).events] == ["Coopération en brouillon"]


def test_suggestions_fragment_and_page(client, programme):
    ed, e = programme
    fragment = client.get("/evenements/suggestions?q=atel", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    text = body(fragment)
    assert f'href="/evenements/{e["velo"].id}-{e["velo"].slug}"' in text
    assert re.search(r'id="q-suggestions-status"[^>]*hx-swap-oob="true"[^>]*>1 suggestion<', text)
    page = client.get("/evenements/suggestions?q=saint-%C3%A9t")
    assert "<html" in page.get_data(as_text=True)
    assert "HX-Request" in page.headers["Vary"]
    assert 'href="/evenements/?q=Saint-%C3%89tienne"' in body(page)
    assert client.get("/evenements/suggestions?q=" + "x" * 5000).status_code == 200
    assert "Aucune suggestion." in body(client.get("/evenements/suggestions?q=zzzz"))
    nothing = client.get("/evenements/suggestions?q=zzzz", headers={"HX-Request": "true"})
    assert "<li>" not in body(nothing) and "Aucune suggestion." not in body(nothing)


def test_search_box_asks_for_suggestions_and_still_works_without_javascript(client, programme):
    text = body(client.get("/evenements/"))
    box = re.search(r'<input type="search" name="q"[^>]*>', text).group()
    assert 'hx-get="/evenements/suggestions"' in box
    assert 'hx-trigger="input changed delay:250ms"' in box
    assert "hx-on" not in text
    assert re.search(r'<form id="search-form" method="get" action="/evenements/"', text)


def test_misspelt_query_offers_the_right_spelling(client, programme):
    ed, e = programme
    response = client.get("/evenements/?q=coperative", headers={"HX-Request": "true"})
    text = body(response)
    assert "0 événement" in text
    assert "Vouliez-vous dire «\u00a0" in text
    assert re.search(r'<a href="/evenements/\?q=coop%C3%A9rative"[^>]*>coopérative</a>', text)
    corrected = body(client.get("/evenements/?q=coop%C3%A9rative"))
    assert "1 événement" in corrected and "Vouliez-vous dire" not in corrected


def test_no_correction_when_nothing_close_is_published(client, programme):
    # "brouillon" is only in a draft: the word is indexed but finds nothing public.
    text = body(client.get("/evenements/?q=brouilon"))
    assert "0 événement" in text and "Vouliez-vous dire" not in text
    text = body(client.get("/evenements/?q=xqzwvkj"))
    assert "Vouliez-vous dire" not in text
