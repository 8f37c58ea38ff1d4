"""Bad input in URLs and methods, fixed once for every route: ids beyond the database's
integers (64 bits on SQLite, 32 bits on PostgreSQL), file names too long for the file
system, HEAD answered like GET."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.helpers import csrf_token
from tests.prizes.vote.helpers import open_vote

HUGE = 10**20  # above 2**63 - 1: OverflowError on SQLite
PG_OVER = 2**31  # above PostgreSQL's INTEGER: "integer out of range"


def _placeholder(rule, name: str, number: int) -> object:
    converter = rule._converters.get(name)
    if converter is None:  # given by the rule's defaults
        return None
    kind = type(converter).__name__
    if kind == "BoundedIntConverter" or kind == "IntegerConverter":
        return number
    if kind == "AnyConverter":
        return next(iter(converter.items)) if hasattr(converter, "items") else "csv"
    return "x"


def _int_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(
            type(c).__name__.endswith("IntegerConverter") or type(c).__name__ == "BoundedIntConverter"
            for c in rule._converters.values()
        )
    ]


def _build(app, rule, number: int) -> str:
    from flask import url_for

    values = {name: _placeholder(rule, name, number) for name in rule.arguments}
    values.update({k: v for k, v in (rule.defaults or {}).items() if k not in values})
    with app.test_request_context():
        return url_for(rule.endpoint, **{k: v for k, v in values.items() if v is not None})


@pytest.fixture()
def admin_client(client, db):
    f.edition(2026)
    admin = f.user(admin=True)
    db.session.commit()
    f.login(client, admin)
    return client


@pytest.mark.parametrize("number", [HUGE, PG_OVER])
def test_every_int_route_answers_404_to_an_id_beyond_the_database_integers(app, admin_client, number):
    rules = _int_rules(app)
    assert len(rules) >= 20
    token = csrf_token(admin_client, "/prix/vote/admin")
    for rule in rules:
        url = _build(app, rule, number)
        assert str(number) in url, url
        if "GET" in rule.methods:
            response = admin_client.get(url)
        else:
            response = admin_client.post(url, data={"csrf_token": token})
        assert response.status_code == 404, (url, response.status_code)
        assert "Page introuvable" in response.get_data(as_text=True), url
    assert admin_client.get(f"/evenements/{HUGE}").status_code == 404


def test_largest_integer_is_still_routed(app, admin_client):
    from app.web.converters import BoundedIntConverter

    converter = BoundedIntConverter(app.url_map)
    assert converter.to_python(str(2**31 - 1)) == 2**31 - 1
    response = admin_client.get(f"/bilan/{2**31 - 1}/")
    assert response.status_code == 404  # routed to the view, which finds no edition


@pytest.mark.parametrize(
    "name", ["a" * 300, "a" * 300 + ".jpg", "b" * 5000, "..%2Fconfig.py", "image.exe", ".cache.jpg"]
)
def test_file_routes_answer_404_to_bad_names(client, db, name):
    response = client.get(f"/fichiers/{name}")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_static_route_answers_404_to_a_too_long_name(client, db):
    assert client.get("/static/" + "a" * 300).status_code == 404
    assert client.get("/static/css/" + "a" * 300 + ".css").status_code == 404


def _get_rules_without_arguments(app):
    return sorted(
        rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and not rule.arguments
    )


@pytest.mark.parametrize("as_admin", [False, True])
def test_head_answers_like_get_on_every_page(app, client, db, as_admin):
    open_vote()
    if as_admin:
        admin = f.user(admin=True)
        db.session.commit()
        f.login(client, admin)
    paths = _get_rules_without_arguments(app) + [
        "/prix/vote/",
        "/evenements/inconnu",
        "/bilan/2026/",
        "/fichiers/inconnu.jpg",
    ]
    assert "/prix/vote/" in paths and len(paths) > 30
    for path in paths:
        if path.startswith("/compte/deconnexion"):
            continue
        get = client.get(path)
        get.get_data()  # a streamed export runs to its end
        head = client.head(path)
        assert head.status_code == get.status_code, (path, get.status_code, head.status_code)
        assert head.data == b"", path
        assert head.headers.get("Content-Type") == get.headers.get("Content-Type"), path


def test_other_name_based_routes_take_long_names_calmly(admin_client):
    preview = admin_client.get("/cress/import/" + "a" * 300)
    assert preview.status_code == 302 and preview.headers["Location"].endswith("/cress/import")
    assert admin_client.get("/bilan/2026/donnees/" + "k" * 300 + ".csv").status_code == 404
