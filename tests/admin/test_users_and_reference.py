"""Users and roles, themes (colour contrast), CRESS details."""

from __future__ import annotations

from sqlalchemy import select

from app.admin import services
from app.models import Region, Theme, User
from tests import factories as f
from tests.helpers import body, csrf_token


def _roles(client, user, **data):
    path = f"/admin/utilisateurs/{user.id}"
    form = {"csrf_token": csrf_token(client, path), **data}
    return client.post(path, data=form)


def test_user_search_lists_matches_as_page_and_as_htmx_fragment(admin_client, db):
    f.user("zoe.durand@exemple.fr", name="Zoé Durand")
    f.user("marc@exemple.fr", name="Marc Petit")
    db.session.commit()
    page = admin_client.get("/admin/utilisateurs/?q=DURAND")
    text = body(page)
    assert "<html" in text and "zoe.durand@exemple.fr" in text and "marc@exemple.fr" not in text
    assert "1 compte pour « DURAND »" in text
    fragment = admin_client.get("/admin/utilisateurs/?q=marc", headers={"HX-Request": "true"})
    html = body(fragment)
    assert "<html" not in html and 'id="user-results"' in html and "marc@exemple.fr" in html
    assert "HX-Request" in fragment.headers["Vary"]


def test_user_search_with_wildcards_or_absurd_length_does_not_fail(admin_client, db):
    f.user("a_b@exemple.fr")
    db.session.commit()
    assert "0 compte" in body(admin_client.get("/admin/utilisateurs/?q=%25%25"))
    long = admin_client.get("/admin/utilisateurs/?q=" + "x" * 5000)
    assert long.status_code == 200 and "200 caractères au plus" in body(long)


def test_admin_grants_jury_and_moderation_then_revokes(admin_client, db):
    target = f.user("claire@exemple.fr")
    db.session.commit()
    response = _roles(admin_client, target, is_jury="y", moderated_region="occitanie", active="y")
    assert response.status_code == 302
    db.session.expire_all()
    target = db.session.get(User, target.id)
    assert target.is_jury and target.moderated_region.slug == "occitanie" and not target.is_admin
    assert "Les rôles de claire@exemple.fr sont enregistrés." in body(
        admin_client.get(response.headers["Location"])
    )
    _roles(admin_client, target, moderated_region="", active="y")
    db.session.expire_all()
    target = db.session.get(User, target.id)
    assert not target.is_jury and target.moderated_region_id is None


def test_unknown_region_is_refused(admin_client, db):
    target = f.user()
    db.session.commit()
    response = _roles(admin_client, target, moderated_region="atlantide", active="y", is_jury="y")
    assert response.status_code == 422
    assert "Choisissez une valeur de la liste." in body(response)
    db.session.expire_all()
    assert not db.session.get(User, target.id).is_jury


def test_admin_cannot_remove_their_own_admin_role_nor_deactivate_themselves(admin_client, db):
    me = admin_client.admin
    response = _roles(admin_client, me, active="y")
    assert response.status_code == 422
    assert "Vous ne pouvez pas retirer votre propre rôle d'administrateur." in body(response)
    response = _roles(admin_client, me, is_admin="y")
    assert "Vous ne pouvez pas désactiver votre propre compte." in body(response)
    db.session.expire_all()
    me = db.session.get(User, me.id)
    assert me.is_admin and me.active
    assert admin_client.get("/admin/").status_code == 200


def test_deactivated_account_loses_its_session_and_cannot_log_in(app, admin_client, db):
    target = f.user("parti@exemple.fr", moderates="bretagne")
    db.session.commit()
    other = app.test_client()
    f.login(other, target)
    assert other.get("/compte/").status_code == 200
    _roles(admin_client, target, moderated_region="bretagne")  # "active" unchecked
    db.session.expire_all()
    assert not db.session.get(User, target.id).active
    assert other.get("/compte/").status_code == 302  # back to the login page


def test_granting_admin_to_another_user(admin_client, db):
    target = f.user()
    db.session.commit()
    _roles(admin_client, target, is_admin="y", active="y")
    db.session.expire_all()
    assert db.session.get(User, target.id).is_admin


def test_contrast_ratio_of_white_text():
    assert round(services.contrast_with_white("#000000"), 1) == 21.0
    assert round(services.contrast_with_white("#ffffff"), 1) == 1.0
    assert round(services.contrast_with_white("#0a5c5a"), 2) == 7.80
    assert services.contrast_with_white("#767676") >= 4.5 > services.contrast_with_white("#777777")


def test_theme_colour_too_light_for_white_text_is_refused(admin_client, db):
    theme = db.session.scalar(select(Theme).order_by(Theme.number))
    before = theme.color
    path = f"/admin/thematiques/{theme.id}"
    data = {
        "name": "Nouveau nom",
        "description": "Texte",
        "topics_text": "Un\nDeux",
        "color": "#ffd166",
        "csrf_token": csrf_token(admin_client, path),
    }
    response = admin_client.post(path, data=data)
    page = body(response)
    assert response.status_code == 422
    assert "Contraste insuffisant avec le texte blanc : 1,44:1 (4,5:1 au moins)." in page
    assert 'value="Nouveau nom"' in page
    db.session.expire_all()
    theme = db.session.get(Theme, theme.id)
    assert theme.color == before and theme.name != "Nouveau nom"

    data["color"] = "rouge"
    assert "Saisissez une couleur au format #RRVVBB" in body(admin_client.post(path, data=data))

    data["color"] = "#1B4D8C"
    data["topics_text"] = "  Habitat  \n\n Mobilité "
    assert admin_client.post(path, data=data).status_code == 302
    db.session.expire_all()
    theme = db.session.get(Theme, theme.id)
    assert theme.color == "#1b4d8c" and theme.topics == ["Habitat", "Mobilité"]
    assert "Nouveau nom" in body(admin_client.get(f"/thematiques/{theme.slug}"))


def test_cress_details_are_updated_with_http_links_only(admin_client, db):
    path = "/admin/regions/bretagne"
    region = db.session.scalar(select(Region).where(Region.slug == "bretagne"))
    before = {k: getattr(region, k) for k in services.REGION_FIELDS}
    data = {
        "cress_name": "CRESS Bretagne",
        "cress_website": "javascript:alert(1)",
        "cress_email": "contact@cress-bretagne.org",
        "cress_city": "Rennes",
        "cress_presentation": "<script>alert(1)</script>",
        "csrf_token": csrf_token(admin_client, path),
    }
    response = admin_client.post(path, data=data)
    assert response.status_code == 422
    assert "Saisissez une adresse web commençant par https:// ou http://." in body(response)
    db.session.expire_all()
    region = db.session.scalar(select(Region).where(Region.slug == "bretagne"))
    assert {k: getattr(region, k) for k in services.REGION_FIELDS} == before

    data["cress_website"] = "https://www.cress-bretagne.org"
    assert admin_client.post(path, data=data).status_code == 302
    db.session.expire_all()
    region = db.session.scalar(select(Region).where(Region.slug == "bretagne"))
    assert region.cress_website == "https://www.cress-bretagne.org"
    public = admin_client.get("/regions/bretagne").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in public


def test_unknown_region_or_theme_is_404(admin_client):
    assert admin_client.get("/admin/regions/atlantide").status_code == 404
    assert admin_client.get("/admin/thematiques/9999").status_code == 404
    assert admin_client.get("/admin/utilisateurs/9999").status_code == 404
