"""The search service on small fixed datasets, with hand-computed expectations."""

from datetime import datetime

import pytest

from app.events import search_index
from app.events.params import SearchParams
from app.events.search import search
from tests import factories as f


@pytest.fixture()
def data(db):
    ed = f.edition(2026)
    coop = f.organisation("Coopérative Les Champs Solidaires", region_slug="bretagne", family="cooperative")
    evts = {
        "coop": f.event(
            ed,
            "Portes ouvertes de la coopérative",
            org=coop,
            theme_slug="entreprendre-epargner-et-investir",
            description="Visite d'une société coopérative d'intérêt collectif.",
            kind="portes-ouvertes",
            audiences=("grand-public", "jeunes"),
            starts=datetime(2026, 11, 14, 9),
            access_moteur=True,
        ),
        "evt": f.event(
            ed,
            "Événement festif de l'économie sociale",
            theme_slug="s-evader",
            second_theme="travailler",
            kind="festif",
            free=False,
            starts=datetime(2026, 11, 21, 17),
            region_slug="corse",
            departement="2A",
            commune="Ajaccio",
            postcode="20000",
        ),
        "online": f.event(
            ed,
            "Webinaire finance solidaire",
            in_person=False,
            online=True,
            theme_slug="entreprendre-epargner-et-investir",
            lat=None,
            lon=None,
            starts=datetime(2026, 11, 3, 18),
            audiences=("professionnels-ess",),
        ),
        "draft": f.event(ed, "Brouillon sur les coopératives", status="soumis"),
    }
    old = f.edition(2025)
    f.event(old, "Coopérative de l'an dernier", starts=datetime(2025, 11, 10, 9))
    db.session.commit()
    return ed, evts


def _ids(result):
    return {e.id for e in result.events}


def test_text_search_ignores_case_and_accents(data):
    ed, e = data
    assert _ids(search(SearchParams(q="evenement"), ed.id)) == {e["evt"].id}
    assert _ids(search(SearchParams(q="COOPERATIVE"), ed.id)) == {e["coop"].id}
    assert _ids(search(SearchParams(q="économie"), ed.id)) == {e["evt"].id}


def test_text_search_covers_organiser_and_commune(data):
    ed, e = data
    assert _ids(search(SearchParams(q="champs solidaires"), ed.id)) == {e["coop"].id}
    assert _ids(search(SearchParams(q="ajaccio"), ed.id)) == {e["evt"].id}


def test_fts_syntax_in_the_query_is_harmless(data):
    ed, e = data
    for q in ['"', "AND", 'coop" OR "x', "NEAR(", "l'économie", "*", "-- ; DROP TABLE event"]:
        result = search(SearchParams(q=q), ed.id)
        assert result.total >= 0
    assert _ids(search(SearchParams(q="l'économie"), ed.id)) == {e["evt"].id}


def test_unpublished_and_other_editions_are_not_found(data):
    ed, e = data
    result = search(SearchParams(q="coopérative"), ed.id)
    assert e["draft"].id not in _ids(result)
    assert result.total == 1


def test_theme_filter_matches_the_second_theme(data):
    ed, e = data
    result = search(SearchParams(themes=("travailler",)), ed.id)
    assert _ids(result) == {e["evt"].id}


def test_filters_combine(data):
    ed, e = data
    assert _ids(search(SearchParams(regions=("corse",)), ed.id)) == {e["evt"].id}
    assert _ids(search(SearchParams(departements=("35",)), ed.id)) == {e["coop"].id, e["online"].id}
    assert _ids(search(SearchParams(online="oui"), ed.id)) == {e["online"].id}
    assert _ids(search(SearchParams(online="non"), ed.id)) == {e["coop"].id, e["evt"].id}
    assert _ids(search(SearchParams(free=True), ed.id)) == {e["coop"].id, e["online"].id}
    assert _ids(search(SearchParams(access=("moteur",)), ed.id)) == {e["coop"].id}
    assert _ids(search(SearchParams(audiences=("jeunes",)), ed.id)) == {e["coop"].id}
    assert _ids(search(SearchParams(kinds=("festif", "portes-ouvertes")), ed.id)) == {
        e["coop"].id,
        e["evt"].id,
    }


def test_date_range_is_in_paris_time(data):
    from datetime import date

    ed, e = data
    # 14 Nov 09:00 UTC is 10:00 in Paris; 21 Nov 17:00 UTC is 18:00.
    result = search(SearchParams(start=date(2026, 11, 14), end=date(2026, 11, 14)), ed.id)
    assert _ids(result) == {e["coop"].id}
    result = search(SearchParams(start=date(2026, 11, 15)), ed.id)
    assert _ids(result) == {e["evt"].id}


def test_facet_counts_ignore_their_own_filter(data):
    ed, e = data
    result = search(SearchParams(regions=("bretagne",)), ed.id)
    assert result.total == 2
    assert result.facets["region"] == {"bretagne": 2, "corse": 1}
    assert result.facets["theme"] == {"entreprendre-epargner-et-investir": 2}
    result = search(SearchParams(), ed.id)
    assert result.facets["theme"] == {"entreprendre-epargner-et-investir": 2, "s-evader": 1, "travailler": 1}
    assert result.facets["en_ligne"] == {"oui": 1, "non": 2}
    assert result.facets["gratuit"] == {"oui": 2}
    assert result.facets["accessible"]["moteur"] == 1


def test_sort_by_date_and_relevance(data):
    ed, e = data
    by_date = search(SearchParams(), ed.id)
    assert [x.id for x in by_date.events] == [e["online"].id, e["coop"].id, e["evt"].id]
    ranked = search(SearchParams(q="coopérative", sort="pertinence"), ed.id)
    assert ranked.events[0].id == e["coop"].id


def test_pagination_clamps_to_last_page(data):
    ed, _ = data
    result = search(SearchParams(page=50), ed.id, page_size=2)
    assert (result.total, result.pages, result.page) == (3, 2, 2)
    assert len(result.events) == 1


def test_map_view_returns_compact_points_named_by_title_and_the_list_for_no_javascript(data):
    ed, e = data
    result = search(SearchParams(view="carte"), ed.id)
    assert sorted(p[2] for p in result.points) == sorted([e["coop"].id, e["evt"].id])
    titles = {p[2]: p[3] for p in result.points}
    assert titles[e["coop"].id] == e["coop"].title
    # The first page of the list too: the map view shows it to visitors without JavaScript.
    listed = search(SearchParams(view="liste"), ed.id)
    assert [ev.id for ev in result.events] == [ev.id for ev in listed.events]


def test_index_follows_edits(data, db):
    ed, e = data
    e["coop"].title = "Visite de la ressourcerie"
    db.session.commit()
    assert _ids(search(SearchParams(q="ressourcerie"), ed.id)) == {e["coop"].id}
    db.session.delete(e["online"])
    db.session.commit()
    assert search(SearchParams(q="webinaire"), ed.id).total == 0


def test_match_expression_quotes_every_word():
    expected = '("coop" OR "=coop") AND ("or" OR "=or") AND ("x" OR "=x"*)'
    assert search_index.match_expression('coop" OR "x') == expected
    assert search_index.tsquery("L'habitat* & !x") == "('habitat' | '=habitat') & ('x' | '=x':*)"
    assert search_index.match_expression("  ''  ") is None


@pytest.fixture()
def french(db):
    """Titles with ligatures and typographic signs, and their plain spellings."""
    ed = f.edition(2026)
    evts = {
        "coeur": f.event(ed, "Cœur de ville"),
        "plain": f.event(ed, "Coeur du bourg"),
        "aesop": f.event(
            ed,
            "ÆSOP en fête",
            description="Atelier « éco‑habitat » à Saint‑Étienne\u00a0: L’Économie du partage",
        ),
        "other": f.event(ed, "Marché des producteurs"),
    }
    db.session.commit()
    return ed, evts


def test_search_folds_ligatures_both_ways(french):
    ed, e = french
    both = {e["coeur"].id, e["plain"].id}
    assert _ids(search(SearchParams(q="coeur"), ed.id)) == both
    assert _ids(search(SearchParams(q="cœur"), ed.id)) == both
    assert _ids(search(SearchParams(q="CŒUR VILLE"), ed.id)) == {e["coeur"].id}
    assert _ids(search(SearchParams(q="aesop"), ed.id)) == {e["aesop"].id}
    assert _ids(search(SearchParams(q="æsop"), ed.id)) == {e["aesop"].id}


def test_search_folds_typographic_apostrophes_dashes_and_spaces(french):
    ed, e = french
    for q in (
        "eco-habitat",
        "éco‑habitat",
        "saint etienne",
        "Saint‑Étienne",
        "l'economie",
        "L’Économie du\u00a0partage",
    ):
        assert _ids(search(SearchParams(q=q), ed.id)) == {e["aesop"].id}, q


def test_index_follows_edits_with_ligatures(french, db):
    ed, e = french
    e["other"].title = "Œuvres sociales"
    db.session.commit()
    assert _ids(search(SearchParams(q="oeuvres"), ed.id)) == {e["other"].id}


def test_very_long_words_are_left_out_of_the_index(db):
    """PostgreSQL refuses lexemes over 2 KB: a pasted run of letters must not break saving."""
    ed = f.edition(2026)
    event = f.event(ed, "Atelier compostage", description="x" * 3000 + " " + "-".join(["abc"] * 900))
    db.session.commit()
    assert _ids(search(SearchParams(q="compostage"), ed.id)) == {event.id}
    assert _ids(search(SearchParams(q="compostage " + "x" * 3000), ed.id)) == {event.id}  # ignored
