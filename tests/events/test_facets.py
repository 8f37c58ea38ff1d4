"""Facet counts, total and ordering of the search against a brute-force count in Python,
on a reproducible demo dataset and many combinations of filters."""

from collections import Counter
from datetime import date, timedelta

import pytest

from app.demo.generator import generate
from app.events.params import SearchParams
from app.events.search import local_midnight_utc, search
from app.models import Edition, Event

COMBINATIONS = [
    SearchParams(),
    SearchParams(themes=("travailler",)),
    SearchParams(themes=("travailler", "s-evader"), regions=("bretagne", "occitanie")),
    SearchParams(regions=("ile-de-france",), kinds=("atelier", "debat"), free=True),
    SearchParams(departements=("35", "75"), audiences=("jeunes",), online="non"),
    SearchParams(access=("moteur", "visuel"), online="oui", themes=("preserver",)),
    SearchParams(
        audiences=("grand-public", "professionnels-ess"),
        access=("auditif",),
        regions=("grand-est",),
        kinds=("forum",),
        free=True,
    ),
    SearchParams(start=date(2026, 11, 10), end=date(2026, 11, 20), themes=("s-evader",)),
    SearchParams(q="solidaire", regions=("bretagne",)),
    SearchParams(q="atelier cooperative"),
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, template_db):
    """A copy of the template database with 400 demo events, built once for the module."""
    from app import create_app
    from app.extensions import db
    from tests.conftest import clone_database, drop_clone

    url, handle = clone_database(template_db, tmp_path_factory.mktemp("facets"))
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        generate(events=400, seed=11)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield handle
    drop_clone(handle)


@pytest.fixture()
def demo(demo_db, tmp_path):

    from app import create_app
    from app.extensions import db
    from tests.conftest import clone_database, drop_clone

    url, handle = clone_database(demo_db, tmp_path)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        edition = db.session.query(Edition).filter_by(year=2026).one()
        yield edition, db.session.query(Event).all()
        db.session.remove()
        db.engine.dispose()
    drop_clone(handle)


def _tests(p: SearchParams) -> dict:
    """Facet name -> predicate of its active filter."""
    tests = {}
    if p.themes:
        tests["theme"] = lambda e: (
            e.theme.slug in p.themes or (e.second_theme is not None and e.second_theme.slug in p.themes)
        )
    if p.regions:
        tests["region"] = lambda e: e.region.slug in p.regions
    if p.departements:
        tests["departement"] = lambda e: e.departement_code in p.departements
    if p.kinds:
        tests["type"] = lambda e: e.kind in p.kinds
    if p.audiences:
        tests["public"] = lambda e: bool(set(e.audiences) & set(p.audiences))
    if p.access:
        tests["accessible"] = lambda e: all(getattr(e, f"access_{c}") for c in p.access)
    if p.online:
        tests["en_ligne"] = lambda e: e.online if p.online == "oui" else e.in_person
    if p.free:
        tests["gratuit"] = lambda e: e.free
    return tests


def _in_base(e: Event, p: SearchParams, edition_id: int, text_ids) -> bool:
    return (
        e.edition_id == edition_id
        and e.status == "publie"
        and (p.start is None or e.ends_at >= local_midnight_utc(p.start))
        and (p.end is None or e.starts_at < local_midnight_utc(p.end + timedelta(days=1)))
        and (text_ids is None or e.id in text_ids)
    )


def _values(e: Event) -> dict:
    return {
        "theme": [e.theme.slug] + ([e.second_theme.slug] if e.second_theme else []),
        "region": [e.region.slug],
        "departement": [e.departement_code] if e.departement_code else [],
        "type": [e.kind],
        "public": e.audiences,
        "accessible": [c for c in Event.ACCESS_FIELDS if getattr(e, f"access_{c}")],
        "en_ligne": (["oui"] if e.online else []) + (["non"] if e.in_person else []),
        "gratuit": ["oui"] if e.free else [],
    }


def brute_force(events, p: SearchParams, edition_id: int, text_ids=None):
    tests = _tests(p)
    base = [e for e in events if _in_base(e, p, edition_id, text_ids)]
    facets = {name: Counter() for name in _values(base[0]) if base} if base else {}
    for e in base:
        failed = [name for name, test in tests.items() if not test(e)]
        for name, values in _values(e).items():
            if not failed or failed == [name]:
                facets.setdefault(name, Counter()).update(values)
    matching = [e for e in base if all(test(e) for test in tests.values())]
    return matching, {name: dict(c) for name, c in facets.items()}


def _text_ids(p: SearchParams, edition_id: int):
    if not p.q:
        return None
    return {e.id for e in search(SearchParams(q=p.q), edition_id, page_size=10_000).events}


@pytest.mark.parametrize("params", COMBINATIONS, ids=lambda p: repr(p.without_page())[12:60])
def test_facets_total_and_order_match_a_brute_force_count(demo, params):
    edition, events = demo
    matching, expected = brute_force(events, params, edition.id, _text_ids(params, edition.id))
    result = search(params, edition.id, page_size=10_000)
    assert result.total == len(matching)
    for name, counts in expected.items():
        got = {k: v for k, v in result.facets[name].items() if v}
        assert got == counts, name
    if params.sort == "date":
        ordered = sorted(matching, key=lambda e: (e.starts_at, e.id))
        assert [e.id for e in result.events] == [e.id for e in ordered]
    else:
        assert {e.id for e in result.events} == {e.id for e in matching}


def test_flag_facets_always_list_every_value(demo):
    edition, _ = demo
    facets = search(SearchParams(q="zzzzzz"), edition.id).facets
    assert facets["accessible"] == dict.fromkeys(Event.ACCESS_FIELDS, 0)
    assert facets["en_ligne"] == {"oui": 0, "non": 0}
    assert facets["gratuit"] == {"oui": 0}


def test_pages_follow_one_another_without_overlap(demo):
    edition, _ = demo
    params = SearchParams(regions=("ile-de-france", "bretagne"))
    everything = [e.id for e in search(params, edition.id, page_size=10_000).events]
    paged = []
    for page in range(1, 100):
        result = search(SearchParams(regions=params.regions, page=page), edition.id, page_size=7)
        paged += [e.id for e in result.events]
        if page >= result.pages:
            break
    assert paged == everything
