"""Accounts: sign-up, confirmation, login, reset, changes; bad input and enumeration."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db as _db
from app.models import User
from tests import factories as f
from tests.helpers import body, csrf_token, link_in, outbox


def _signup(client, email="alice@exemple.fr", password="un-mot-de-passe-long", **extra):
    data = {
        "name": "Alice Dupont",
        "email": email,
        "password": password,
        "password_confirm": password,
        "csrf_token": csrf_token(client, "/compte/inscription"),
    }
    data.update(extra)
    return client.post("/compte/inscription", data=data)


def _users() -> int:
    return _db.session.scalar(select(func.count(User.id)))


def test_signup_confirm_then_login(client):
    response = _signup(client, email="  Alice@Exemple.FR ")
    assert "Un message vient d'être envoyé à alice@exemple.fr" in body(response)
    user = _db.session.scalar(select(User))
    assert user.email == "alice@exemple.fr" and not user.is_confirmed
    assert user.password_hash.startswith("$argon2id$")

    [message] = outbox("alice@exemple.fr")
    assert message.subject == "Confirmez votre adresse e-mail"
    assert "Confirmer mon adresse" in message.html
    confirm = client.get(link_in(message, "/compte/confirmer/"))
    assert confirm.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(User, user.id).is_confirmed

    page = body(client.get("/compte/connexion"))
    assert "Merci, votre adresse est confirmée." in page
    f.login(client, user, password="un-mot-de-passe-long")
    settings = body(client.get("/compte/"))
    assert "alice@exemple.fr" in settings and "Se déconnecter" in settings


def test_signup_with_existing_address_reveals_nothing_and_mails_the_owner(client, db):
    owner = f.user("bob@exemple.fr")
    db.session.commit()
    response = _signup(client, email="BOB@exemple.fr")
    assert response.status_code == 200
    assert "Un message vient d'être envoyé à bob@exemple.fr" in body(response)
    assert _users() == 1
    [message] = outbox("bob@exemple.fr")
    assert message.subject == "Votre compte existe déjà"
    assert owner.password_hash == _db.session.get(User, owner.id).password_hash


def test_signup_errors_are_french_and_keep_typed_values(client):
    response = _signup(client, email="pas-une-adresse", password="court")
    html = body(response)
    assert response.status_code == 422
    assert "Saisissez une adresse e-mail valide" in html
    assert "Le mot de passe doit compter entre 10 et 200 caractères." in html
    assert 'value="pas-une-adresse"' in html and 'value="Alice Dupont"' in html
    assert _users() == 0 and outbox() == []


def test_signup_with_absurd_length_is_refused(client):
    response = _signup(client, name="x" * 5000)
    assert response.status_code == 422
    assert "120 caractères au plus." in body(response)
    assert _users() == 0


def test_missing_csrf_keeps_the_form_and_writes_nothing(client):
    response = client.post(
        "/compte/inscription",
        data={
            "name": "Alice Dupont",
            "email": "alice@exemple.fr",
            "password": "un-mot-de-passe-long",
            "password_confirm": "un-mot-de-passe-long",
        },
    )
    html = body(response)
    assert response.status_code == 422
    assert "Le formulaire a expiré" in html
    assert 'value="alice@exemple.fr"' in html
    assert _users() == 0


def test_post_without_csrf_on_a_non_form_route_is_refused(client, db):
    u = f.user()
    db.session.commit()
    f.login(client, u)
    response = client.post("/compte/deconnexion")
    assert response.status_code == 400
    assert "jeton de sécurité" in body(response)
    assert "Se déconnecter" in body(client.get("/compte/"))


def test_login_failure_message_is_the_same_for_unknown_address(client, db):
    f.user("carla@exemple.fr")
    db.session.commit()
    token = csrf_token(client, "/compte/connexion")
    wrong = client.post(
        "/compte/connexion",
        data={"email": "carla@exemple.fr", "password": "mauvais-mot-de-passe", "csrf_token": token},
    )
    unknown = client.post(
        "/compte/connexion",
        data={"email": "personne@exemple.fr", "password": "mauvais-mot-de-passe", "csrf_token": token},
    )
    for response in (wrong, unknown):
        assert response.status_code == 422
    assert "Adresse e-mail ou mot de passe incorrect." in body(response)
    assert client.get("/compte/").status_code == 302  # still anonymous


def test_unconfirmed_account_cannot_log_in_and_gets_a_new_link(client, db):
    u = f.user("dan@exemple.fr", confirmed=False)
    db.session.commit()
    response = client.post(
        "/compte/connexion",
        data={
            "email": u.email,
            "password": f.PASSWORD,
            "csrf_token": csrf_token(client, "/compte/connexion"),
        },
    )
    assert response.status_code == 422
    assert "pas encore confirmée" in body(response)
    assert [m.subject for m in outbox(u.email)] == ["Confirmez votre adresse e-mail"]


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/evenements/?theme=travailler", "/evenements/?theme=travailler"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_login_redirects_only_to_our_own_paths(client, db, target, expected):
    u = f.user()
    db.session.commit()
    response = client.post(
        f"/compte/connexion?next={target}",
        data={
            "email": u.email,
            "password": f.PASSWORD,
            "next": target,
            "csrf_token": csrf_token(client, "/compte/connexion"),
        },
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    if expected == "/":
        assert "evil" not in location and not location.startswith("javascript")
    else:
        assert location == expected


def test_login_required_pages_send_to_login_with_next(client):
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/compte/connexion?next=")


def test_password_reset_link_works_once(client, db):
    u = f.user("emma@exemple.fr")
    db.session.commit()
    page = client.post(
        "/compte/mot-de-passe-oublie",
        data={"email": "Emma@exemple.fr", "csrf_token": csrf_token(client, "/compte/mot-de-passe-oublie")},
    )
    assert "Si un compte existe pour l'adresse emma@exemple.fr" in body(page)
    [message] = outbox("emma@exemple.fr")
    link = link_in(message, "/compte/reinitialiser/")
    response = client.post(
        link,
        data={
            "password": "nouveau-mot-de-passe",
            "password_confirm": "nouveau-mot-de-passe",
            "csrf_token": csrf_token(client, link),
        },
    )
    assert response.status_code == 302
    f.login(client, u, password="nouveau-mot-de-passe")
    again = client.get(link)
    assert again.status_code == 400
    assert "déjà été utilisé" in body(again)


def test_password_reset_for_unknown_address_says_the_same_and_sends_nothing(client):
    page = client.post(
        "/compte/mot-de-passe-oublie",
        data={"email": "inconnu@exemple.fr", "csrf_token": csrf_token(client, "/compte/mot-de-passe-oublie")},
    )
    assert "Si un compte existe pour l'adresse inconnu@exemple.fr" in body(page)
    assert outbox() == []


def test_expired_and_forged_links_are_explained(app, client, db):
    u = f.user("fred@exemple.fr", confirmed=False)
    db.session.commit()
    from app.accounts import services

    with app.test_request_context():
        services.send_confirmation(u)
    db.session.commit()
    token = link_in(outbox(u.email)[0], "/compte/confirmer/").rsplit("/", 1)[1]
    app.config["CONFIRM_LINK_MAX_AGE"] = -1
    expired = client.get(f"/compte/confirmer/{token}")
    assert expired.status_code == 400
    assert "Ce lien de confirmation a expiré" in body(expired)
    forged = client.get(f"/compte/confirmer/{token[:-3]}abc")
    assert "n'est pas valide" in body(forged)
    reset_for_confirm = client.get(f"/compte/reinitialiser/{token}")
    assert reset_for_confirm.status_code == 400
    _db.session.expire_all()
    assert not _db.session.get(User, u.id).is_confirmed


def test_password_change_revokes_other_sessions(app, db):
    u = f.user("gael@exemple.fr")
    db.session.commit()
    laptop, phone = app.test_client(), app.test_client()
    f.login(laptop, u)
    f.login(phone, u)
    response = laptop.post(
        "/compte/mot-de-passe",
        data={
            "pw-current_password": f.PASSWORD,
            "pw-password": "autre-mot-de-passe",
            "pw-password_confirm": "autre-mot-de-passe",
            "pw-csrf_token": csrf_token(laptop, "/compte/"),
        },
    )
    assert response.status_code == 302
    assert laptop.get("/compte/").status_code == 200
    assert phone.get("/compte/").status_code == 302  # revoked


def test_password_change_with_wrong_current_password(client, db):
    u = f.user()
    db.session.commit()
    f.login(client, u)
    response = client.post(
        "/compte/mot-de-passe",
        data={
            "pw-current_password": "pas-le-bon-mot",
            "pw-password": "autre-mot-de-passe",
            "pw-password_confirm": "autre-mot-de-passe",
            "pw-csrf_token": csrf_token(client, "/compte/"),
        },
    )
    assert response.status_code == 422
    assert "Le mot de passe actuel est incorrect." in body(response)
    _db.session.expire_all()
    from app.accounts.passwords import verify_password

    assert verify_password(_db.session.get(User, u.id).password_hash, f.PASSWORD)


def test_email_change_needs_the_new_address_confirmed(client, db):
    u = f.user("hugo@exemple.fr")
    db.session.commit()
    f.login(client, u)
    client.post(
        "/compte/adresse",
        data={
            "email-email": "Hugo.Nouveau@exemple.fr",
            "email-current_password": f.PASSWORD,
            "email-csrf_token": csrf_token(client, "/compte/"),
        },
    )
    _db.session.expire_all()
    assert _db.session.get(User, u.id).email == "hugo@exemple.fr"
    [message] = outbox("hugo.nouveau@exemple.fr")
    client.get(link_in(message, "/compte/adresse/"))
    _db.session.expire_all()
    assert _db.session.get(User, u.id).email == "hugo.nouveau@exemple.fr"


def test_login_is_rate_limited(fresh_database_url, tmp_path):
    from app import create_app

    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="3 per minute",
        MAIL_OUTBOX_DIR=str(tmp_path / "o"),
    )
    client = app.test_client()
    with app.app_context():
        token = csrf_token(client, "/compte/connexion")
        codes = [
            client.post(
                "/compte/connexion",
                data={"email": "x@exemple.fr", "password": "mauvais-mot-de-passe", "csrf_token": token},
            ).status_code
            for _ in range(5)
        ]
        assert codes[:3] == [422, 422, 422]
        assert codes[3] == 429
        page = client.post("/compte/connexion", data={"email": "x@exemple.fr", "csrf_token": token})
        assert "trop" in body(page).lower()
        _db.session.remove()
        _db.engine.dispose()
