"""No account enumeration by timing: sign-up and login answer in the same time whether the
address has an account or not.

Measured, not mocked: the app runs with a costly Argon2 setting (about 0.1-0.2 s a hash here,
so the hash dwarfs the rest of a request), the two cases are interleaved (a burst of load
from other processes hits both alike), and the medians of several runs are compared within a
wide band (0.5-2). Without the same costly work in both branches the ratio is about 3-6
(a sign-up for a new address hashed the password, one for a known address did not); with
it, about 1. A loaded 2-core machine moves single runs by tens of milliseconds, not the
median of seven by a factor of two."""

from __future__ import annotations

import statistics
import time

import pytest

from app import create_app
from app.extensions import db as _db
from tests import factories as f
from tests.helpers import csrf_token

RUNS = 7
BAND = (0.5, 2.0)


@pytest.fixture()
def costly_app(fresh_database_url, tmp_path):
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        ARGON2_TIME_COST=2,
        ARGON2_MEMORY_COST=32768,
    )
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


def _median_ratio(first, second) -> float:
    """Median duration of first() over median duration of second(), runs interleaved."""
    first(0), second(0)  # warm-up (first requests, the dummy hash)
    times: tuple[list[float], list[float]] = ([], [])
    for n in range(1, RUNS + 1):
        for durations, call in zip(times, (first, second), strict=True):
            start = time.perf_counter()
            call(n)
            durations.append(time.perf_counter() - start)
    return statistics.median(times[0]) / statistics.median(times[1])


def _ratio_of_posts(app, path: str, status: int, fields: dict, first, second) -> float:
    """Median time of posting `fields` to `path` with the address first(n), over the same
    with second(n); every answer must have `status`. An account exists for connue@exemple.fr."""
    f.user("connue@exemple.fr")
    _db.session.commit()
    client = app.test_client()
    token = csrf_token(client, path)

    def post(email):
        response = client.post(path, data={**fields, "email": email, "csrf_token": token})
        assert response.status_code == status

    return _median_ratio(lambda n: post(first(n)), lambda n: post(second(n)))


def test_signup_with_known_address_costs_the_same_as_with_a_new_one(costly_app):
    ratio = _ratio_of_posts(
        costly_app,
        "/compte/inscription",
        200,
        {"name": "Alice", "password": "un-mot-de-passe-long", "password_confirm": "un-mot-de-passe-long"},
        lambda n: "connue@exemple.fr",
        lambda n: f"nouvelle{n}@exemple.fr",
    )
    assert BAND[0] < ratio < BAND[1], ratio


def test_login_with_unknown_address_costs_the_same_as_a_wrong_password(costly_app):
    """A guard: an unknown address is checked against a dummy hash (passwords.verify_password)."""
    ratio = _ratio_of_posts(
        costly_app,
        "/compte/connexion",
        422,
        {"password": "pas-le-bon-mot"},
        lambda n: f"inconnue{n}@exemple.fr",
        lambda n: "connue@exemple.fr",
    )
    assert BAND[0] < ratio < BAND[1], ratio


def test_reset_request_renders_the_same_message_whether_or_not_the_address_has_an_account(app, client):
    """A reset has no costly hash: its work is rendering the message. Both branches render
    it (only the known address gets the rows written), so their timing differs by two
    inserts, not by the rendering of a whole e-mail."""
    from flask import template_rendered

    f.user("connue@exemple.fr")
    _db.session.commit()
    token = csrf_token(client, "/compte/mot-de-passe-oublie")
    rendered: list[str] = []

    def record(_sender, template, context, **_extra):
        rendered.append(template.name)

    def templates_for(email: str) -> list[str]:
        rendered.clear()
        with template_rendered.connected_to(record, app):
            response = client.post("/compte/mot-de-passe-oublie", data={"email": email, "csrf_token": token})
        assert response.status_code in (200, 302)
        return sorted(name for name in rendered if name.startswith("mail/"))

    assert templates_for("connue@exemple.fr") == ["mail/reset_password.html", "mail/reset_password.txt"]
    assert templates_for("inconnue@exemple.fr") == ["mail/reset_password.html", "mail/reset_password.txt"]
