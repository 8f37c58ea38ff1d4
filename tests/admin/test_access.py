"""Every admin route: anonymous visitors go to the login page, organisers and CRESS
moderators get 403, national admins get in."""

from __future__ import annotations

import pytest

from tests import factories as f


def _admin_urls(app) -> list[tuple[str, str]]:
    """(method, path) for every rule of the admin blueprint, with ids that exist or not."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        path = (
            rule.rule.replace("<int:edition_id>", "1")
            .replace("<int:theme_id>", "1")
            .replace("<int:user_id>", "1")
            .replace("<int:partner_id>", "1")
            .replace("<slug>", "bretagne")
        )
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, path))
    return urls


def test_the_admin_blueprint_has_the_expected_routes(app):
    paths = {p for _m, p in _admin_urls(app)}
    assert {
        "/admin/",
        "/admin/editions/",
        "/admin/utilisateurs/",
        "/admin/outbox",
        "/admin/exports/evenements.csv",
        "/admin/partenaires/",
        "/admin/pages/",
    } <= paths
    assert len(paths) >= 20


def test_anonymous_visitors_are_sent_to_login_on_every_admin_route(app, client):
    for method, path in _admin_urls(app):
        response = client.open(path, method=method)
        if method == "POST":
            # The global CSRF check answers first for anonymous POSTs without a token.
            assert response.status_code in (302, 400), (method, path)
        else:
            assert response.status_code == 302, (method, path)
            assert "/compte/connexion" in response.headers["Location"], path


@pytest.mark.parametrize("role", ["organiser", "moderator", "jury"])
def test_non_admins_get_403_on_every_admin_route(app, client, db, role):
    if role == "organiser":
        u = f.user(organisations=(f.organisation(),))
    elif role == "moderator":
        u = f.user(moderates="bretagne")
    else:
        u = f.user(jury=True)
    db.session.commit()
    f.login(client, u)
    from tests.helpers import csrf_token

    token = csrf_token(client, "/compte/")
    for method, path in _admin_urls(app):
        response = client.open(path, method=method, data={"csrf_token": token})
        assert response.status_code == 403, (method, path)


def test_admin_sees_the_admin_home_and_nav_link(client, db):
    admin = f.user(admin=True)
    db.session.commit()
    f.login(client, admin)
    from tests.helpers import body

    page = body(client.get("/admin/"))
    assert "Administration nationale" in page
    assert 'href="/admin/"' in page  # the header link of base.html
    for label in (
        "Éditions",
        "Thématiques",
        "Régions et CRESS",
        "Utilisateurs et rôles",
        "Partenaires",
        "Pages éditoriales",
        "Exports",
        "Messages envoyés",
    ):
        assert label in page


def test_every_admin_page_renders_for_an_admin(app, client, db):
    admin = f.user(admin=True)
    f.edition()
    from app.models import Partner

    db.session.add(Partner(name="Fondation Exemple", slug="fondation-exemple"))
    db.session.commit()
    f.login(client, admin)
    for method, path in _admin_urls(app):
        if method != "GET":
            continue
        path = path.replace("/utilisateurs/1", f"/utilisateurs/{admin.id}")
        if path.startswith("/admin/pages/") and path != "/admin/pages/":
            path = path.replace("bretagne", "les-acteurs")
        response = client.get(path)
        text = response.get_data(as_text=True)  # streamed exports: read to the end
        response.close()
        assert response.status_code == 200, (path, text[:2000])
