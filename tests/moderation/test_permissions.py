"""Every back-office route: anonymous -> login page, organiser -> 403, moderator of another
region -> 403 (or 404 for a preview that is not theirs), nothing written."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.models import Event, EventDecision
from tests import factories as f
from tests.helpers import body, csrf_token


def routes(w) -> list[tuple[str, str]]:
    e = w.submitted.id
    return [
        ("GET", "/cress/"),
        ("GET", f"/cress/evenements/{e}"),
        ("POST", f"/cress/evenements/{e}/publier"),
        ("POST", f"/cress/evenements/{e}/modifications"),
        ("POST", f"/cress/evenements/{e}/refuser"),
        ("POST", "/cress/publier-la-selection"),
        ("GET", "/cress/export.csv"),
        ("GET", "/cress/export.xlsx"),
        ("GET", "/cress/programme"),
        ("GET", "/cress/programme.pdf"),
        ("GET", "/cress/import"),
        ("POST", "/cress/import"),
        ("GET", "/cress/import/modele.csv"),
        ("GET", "/cress/import/modele.xlsx"),
        ("GET", "/cress/import/" + "a" * 32),
        ("POST", "/cress/import/" + "a" * 32 + "/confirmer"),
    ]


def _call(client, method, url, token=None):
    if method == "GET":
        return client.get(url)
    return client.post(
        url, data={"csrf_token": token or "", "message": "Non.", "expected_status": "soumis", "ids": ["1"]}
    )


def _nothing_written(db):
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(EventDecision)) == 0
    assert set(db.session.scalars(select(Event.status).where(Event.status == "publie"))) <= {"publie"}


def test_anonymous_users_are_sent_to_the_login_page(client, world, db):
    for method, url in routes(world):
        if method == "POST":
            continue  # without a session there is no CSRF token: 400 before anything else
        response = _call(client, method, url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/compte/connexion"), url


def test_anonymous_post_with_a_token_is_sent_to_the_login_page(client, world, db):
    token = csrf_token(client, "/compte/connexion")
    for method, url in routes(world):
        if method == "POST":
            response = _call(client, method, url, token)
            assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"], url
    _nothing_written(db)


def test_organisers_without_moderator_role_get_403(client, world, db):
    f.login(client, world.organiser)
    token = csrf_token(client, "/compte/")
    for method, url in routes(world):
        response = _call(client, method, url, token)
        assert response.status_code == 403, url
        assert "Accès refusé" in body(response)
    _nothing_written(db)


def test_moderator_of_another_region_gets_403_everywhere(client, world, db):
    f.login(client, world.other_moderator)
    token = csrf_token(client, "/cress/")
    e = world.submitted.id
    forbidden = [
        ("GET", "/cress/?region=bretagne"),
        ("GET", f"/cress/evenements/{e}"),
        ("POST", f"/cress/evenements/{e}/publier"),
        ("POST", f"/cress/evenements/{e}/modifications"),
        ("POST", f"/cress/evenements/{e}/refuser"),
        ("GET", "/cress/export.csv?region=bretagne"),
        ("GET", "/cress/export.xlsx?region=bretagne"),
        ("GET", "/cress/programme?region=bretagne"),
        ("GET", "/cress/programme.pdf?region=bretagne"),
    ]
    for method, url in forbidden:
        assert _call(client, method, url, token).status_code == 403, url
    response = client.post("/cress/publier-la-selection", data={"csrf_token": token, "ids": [str(e)]})
    assert response.status_code == 403
    _nothing_written(db)


def test_moderator_exports_and_programme_never_contain_other_regions(client, world, db):
    f.login(client, world.other_moderator)
    for url in ("/cress/export.csv?statut=tous", "/cress/programme"):
        page = client.get(url).data.decode("utf-8")
        assert "Atelier réparation de vélos" not in page and "Marché des producteurs" not in page


def test_import_preview_of_another_moderator_is_not_reachable(client, world, db):
    from tests.moderation.test_import import csv_file, line

    f.login(client, world.moderator)
    response = client.post(
        "/cress/import",
        data={
            "csrf_token": csrf_token(client, "/cress/import"),
            "file": (io.BytesIO(csv_file([line()])), "evenements.csv"),
        },
        content_type="multipart/form-data",
    )
    preview_url = response.headers["Location"]
    client.post("/compte/deconnexion", data={"csrf_token": csrf_token(client, "/cress/")})
    f.login(client, world.other_moderator)
    token = csrf_token(client, "/cress/")
    response = client.get(preview_url)
    assert response.status_code == 302 and response.headers["Location"] == "/cress/import"
    response = client.post(preview_url + "/confirmer", data={"csrf_token": token})
    assert response.status_code == 302
    assert (
        db.session.scalar(select(func.count()).select_from(Event).where(Event.import_key.is_not(None))) == 0
    )


def test_moderator_cannot_import_into_another_region(client, world, db):
    """A moderator has no region field; a forged one is refused."""
    f.login(client, world.other_moderator)
    from tests.moderation.test_import import csv_file, line

    response = client.post(
        "/cress/import",
        data={
            "csrf_token": csrf_token(client, "/cress/import"),
            "region": "bretagne",
            "file": (io.BytesIO(csv_file([line()])), "evenements.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 403


@pytest.mark.parametrize("url", ["/cress/", "/cress/programme", "/cress/import"])
def test_national_admin_reaches_every_page(client, world, url):
    f.login(client, world.admin)
    assert client.get(url).status_code == 200
