"""The widget's rules without HTTP: its options, its events (the search's, from today on),
the frame's title and the snippet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from werkzeug.datastructures import MultiDict

from app.events.params import SearchParams
from app.events.search import search
from app.widget import services
from tests.widget.conftest import TODAY


def _options(**args):
    return services.parse_options(MultiDict(args))


def test_options_default_to_five_compact_events_without_title():
    options, messages = _options()
    assert options == services.WidgetOptions(5, "compact", "") and messages == []
    assert options.to_query_args() == {}


def test_options_keep_good_values():
    options, messages = _options(nombre="12", affichage="detaille", titre="  Nos   événements ")
    assert options == services.WidgetOptions(12, "detaille", "Nos événements") and messages == []
    assert options.to_query_args() == {"nombre": 12, "affichage": "detaille", "titre": "Nos événements"}


def test_bad_options_fall_back_with_french_notices():
    options, messages = _options(nombre="beaucoup", affichage="mosaique")
    assert options.count == 5 and options.layout == "compact"
    assert messages == [
        "Le nombre d'événements « beaucoup » n'est pas un nombre : 5 événements sont affichés.",
        "L'affichage demandé est inconnu : l'affichage compact est utilisé.",
    ]
    for raw, kept in (("0", 1), ("999999", 30), ("9" * 5000, 30), ("-3", 5), ("1e9", 5), ("٣", 5)):
        options, messages = _options(nombre=raw)
        assert options.count == kept and len(messages) == 1, raw


def test_title_is_bounded_and_loses_control_characters():
    options, messages = _options(titre="A\x00B\nC" + "x" * 200)
    assert options.title.startswith("A B C") and len(options.title) == services.TITLE_MAX
    assert messages == ["Le titre est limité à 80 caractères : il a été raccourci."]


def _ids(page):
    return [e.card.id for e in page.events]


def test_events_are_the_search_from_today_in_date_order(programme):
    ed, e = programme
    page = services.events(SearchParams(regions=("bretagne",)), ed.id, TODAY, 10)
    expected = search(SearchParams(regions=("bretagne",), start=TODAY), ed.id, page_size=10)
    assert _ids(page) == expected.event_ids
    assert _ids(page) == [e["today"].id, e["soon"].id, e["cancelled"].id, e["late"].id]
    assert not page.past and page.result.total == 4


def test_events_follow_every_search_filter(programme):
    ed, e = programme
    for params, expected in (
        (SearchParams(themes=("se-loger",)), [e["soon"]]),
        (SearchParams(departements=("2A",)), [e["corse"]]),
        (SearchParams(audiences=("jeunes",)), [e["soon"]]),
        (SearchParams(q="coopérative", sort="pertinence"), [e["soon"]]),
    ):
        page = services.events(params, ed.id, TODAY, 10)
        assert _ids(page) == [x.id for x in expected], params
        same = search(replace(params, start=TODAY, sort="date"), ed.id, page_size=10)
        assert _ids(page) == same.event_ids


def test_an_earlier_start_date_is_moved_to_today_and_pages_are_the_search_pages(programme):
    ed, e = programme
    params = SearchParams(start=date(2026, 11, 1), page=2)
    page = services.events(params, ed.id, TODAY, 2)
    assert page.result.pages == 3 and page.result.page == 2
    assert _ids(page) == [e["soon"].id, e["cancelled"].id]


def test_after_the_edition_its_events_are_shown_and_said_past(programme):
    ed, e = programme
    page = services.events(SearchParams(), ed.id, date(2026, 12, 3), 3)
    assert page.past and _ids(page) == [e["past"].id, e["today"].id, e["corse"].id]
    # Dates asked: no fallback, the answer is "nothing to come".
    asked = services.events(SearchParams(end=date(2026, 12, 31)), ed.id, date(2026, 12, 3), 3)
    assert not asked.past and asked.events == []


def test_widget_event_texts_are_french(programme):
    ed, e = programme
    [event] = services.events(SearchParams(departements=("2A",)), ed.id, TODAY, 5).events
    assert (event.day, event.time, event.place) == ("jeudi 12 novembre", "18 h", "Ajaccio (2A)")
    assert event.iso == "2026-11-12T18:00:00+01:00"
    assert event.span == "jeudi 12 novembre 2026, de 18 h à 20 h"


def test_frame_title_names_the_filters(programme):
    assert services.describe(SearchParams()) == "Événements du Mois de l'ESS"
    title = services.describe(SearchParams(regions=("bretagne",), departements=("35",), themes=("se-loger",)))
    assert title == "Événements du Mois de l'ESS – Bretagne, Ille-et-Vilaine (35), Se loger"


def test_widget_args_pass_the_commune_and_radius_the_search_read(programme):
    args = services.widget_args(
        SearchParams(regions=("bretagne",), near="35238", radius=25), services.WidgetOptions(count=8)
    )
    assert args == {"region": ["bretagne"], "nombre": 8, "pres": "35238", "rayon": 25}
    assert services.widget_args(SearchParams(), services.WidgetOptions()) == {}


def test_snippet_is_a_titled_lazy_frame_and_the_resize_script():
    html = services.snippet(
        "https://www.lemois-ess.org/widget/evenements?region=bretagne&nombre=8",
        'Événements du Mois de l\'ESS – "Bretagne"',
        898,
        "https://www.lemois-ess.org/static/js/widget-resize.js",
    )
    assert html == (
        '<iframe src="https://www.lemois-ess.org/widget/evenements?region=bretagne&amp;nombre=8" '
        'title="Événements du Mois de l\'ESS – &quot;Bretagne&quot;" height="898" '
        'loading="lazy" style="width:100%;border:0"></iframe>\n'
        '<script src="https://www.lemois-ess.org/static/js/widget-resize.js" async></script>'
    )


def test_first_frame_height_grows_with_the_events():
    compact = services.frame_height(services.WidgetOptions(5))
    assert services.frame_height(services.WidgetOptions(10)) > compact
    assert services.frame_height(services.WidgetOptions(5, "detaille")) > compact
    assert services.frame_height(services.WidgetOptions(5, title="Agenda")) > compact
