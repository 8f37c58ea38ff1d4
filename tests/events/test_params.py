from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from app.events.params import SearchParams, parse, quick_range, to_query_args

ALLOWED = {
    "themes": {"travailler", "se-loger"},
    "regions": {"bretagne", "corse"},
    "departements": {"35", "2A"},
}
TODAY = date(2026, 11, 18)  # a Wednesday


def _parse(**args):
    return parse(MultiDict(args), today=TODAY, **ALLOWED)


def test_valid_arguments_are_kept(app):
    parsed = _parse(
        q=" économie   sociale ",
        theme="travailler",
        region="bretagne",
        departement="35",
        du="2026-11-10",
        au="2026-11-20",
        en_ligne="oui",
        gratuit="oui",
        accessible="moteur",
        tri="date",
        vue="carte",
        page="3",
    )
    p = parsed.params
    assert parsed.messages == []
    assert p.q == "économie sociale"
    assert (p.themes, p.regions, p.departements) == (("travailler",), ("bretagne",), ("35",))
    assert (p.start, p.end) == (date(2026, 11, 10), date(2026, 11, 20))
    assert (p.online, p.free, p.access, p.sort, p.view, p.page) == (
        "oui",
        True,
        ("moteur",),
        "date",
        "carte",
        3,
    )


def test_malformed_date_is_ignored_with_a_french_message(app):
    parsed = _parse(du="14/11/2026", au="2026-02-30")
    assert parsed.params.start is None and parsed.params.end is None
    assert len(parsed.messages) == 2
    assert "n'est pas valide" in parsed.messages[0]


def test_inverted_dates_are_swapped_and_said(app):
    parsed = _parse(du="2026-11-20", au="2026-11-10")
    assert (parsed.params.start, parsed.params.end) == (date(2026, 11, 10), date(2026, 11, 20))
    assert "inversées" in parsed.messages[0]


def test_unknown_filter_values_are_dropped(app):
    parsed = _parse(theme="<script>alert(1)</script>", region="atlantide", type="concours")
    assert parsed.params.themes == () and parsed.params.regions == ()
    assert parsed.params.kinds == ("concours",)
    assert any("thématique" in m for m in parsed.messages)
    assert not any("<script>" in m for m in parsed.messages)


def test_absurd_query_is_cut_and_said(app):
    parsed = _parse(q="coopérative " * 100)
    assert len(parsed.params.q) <= 200
    assert "trop longue" in parsed.messages[0]


def test_bad_page_numbers_fall_back_to_first_page(app):
    for raw in ("-1", "0", "abc", "99999999999", "1e3"):
        assert _parse(page=raw).params.page == 1


def test_default_sort_depends_on_the_query(app):
    assert _parse().params.sort == "date"
    assert _parse(q="vélo").params.sort == "pertinence"
    assert _parse(q="vélo", tri="n'importe").params.sort == "pertinence"


def test_quick_dates():
    assert quick_range("aujourdhui", TODAY) == (TODAY, TODAY)
    assert quick_range("demain", TODAY) == (date(2026, 11, 19),) * 2
    assert quick_range("week-end", TODAY) == (date(2026, 11, 21), date(2026, 11, 22))
    assert quick_range("semaine", TODAY) == (TODAY, date(2026, 11, 22))
    sunday = date(2026, 11, 22)
    assert quick_range("week-end", sunday) == (sunday, sunday)


def test_quick_choice_sets_dates_but_explicit_dates_win(app):
    assert _parse(quand="demain").params.start == date(2026, 11, 19)
    p = _parse(quand="demain", du="2026-11-25").params
    assert p.start == date(2026, 11, 25) and p.quick == ""


def test_query_args_round_trip(app):
    p = SearchParams(q="vélo", themes=("travailler",), free=True, sort="pertinence", view="carte", page=2)
    args = to_query_args(p)
    assert args == {"q": "vélo", "theme": ["travailler"], "gratuit": "oui", "vue": "carte", "page": 2}
    again = parse(
        MultiDict([(k, v) for k, vs in args.items() for v in (vs if isinstance(vs, list) else [vs])]),
        today=TODAY,
        **ALLOWED,
    ).params
    assert again == p


@pytest.mark.parametrize(
    "args, changes",
    [
        ({}, {}),
        ({"q": "café & co « bio »", "theme": ["travailler", "se-loger"]}, {"page": 2}),
        ({"region": ["bretagne"], "du": "2026-11-05", "en_ligne": "oui"}, {"vue": "carte", "page": None}),
        ({"q": "l'économie", "pres": "35000", "rayon": 10}, {"q": "économie", "page": None}),
        ({"departement": ["2A", "35"], "public": []}, {"gratuit": "oui"}),
    ],
)
def test_search_links_are_those_the_routing_map_builds(app, args, changes):
    from flask import url_for

    from app.events.routes import search_url

    for root in ("", "/site"):
        with app.test_request_context("/", base_url=f"http://localhost{root}"):
            assert search_url(args, **changes) == url_for("events.search_page", **dict(args, **changes))
