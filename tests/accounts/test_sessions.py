"""Server-side sessions: logging out, a password or address change and an admin's
deactivation end sessions for real, copies of the cookies included; production cookies."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.accounts import sessions
from app.common.time import utcnow
from app.extensions import db as _db
from app.models import AccountSession, User
from tests import factories as f
from tests.helpers import body, csrf_token, link_in, outbox

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _login(client, user, remember: bool = False, user_agent: str = FIREFOX, base: str = ""):
    token = csrf_token(client, base + "/compte/connexion")
    data = {"email": user.email, "password": f.PASSWORD, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    headers = {"User-Agent": user_agent, "Referer": base + "/compte/connexion"}
    response = client.post(base + "/compte/connexion", data=data, headers=headers)
    assert response.status_code == 302, body(response)[:500]
    return response


def _logout(client):
    response = client.post(
        "/compte/deconnexion", data={"csrf_token": csrf_token(client, "/compte/deconnexion")}
    )
    assert response.status_code == 302
    return response


def _replay(app, name: str, value: str):
    """A new browser holding only a copy of one cookie."""
    thief = app.test_client()
    thief.set_cookie(name, value)
    return thief


def _opens_space(client) -> bool:
    response = client.get("/espace/")
    if response.status_code == 302:
        assert response.location.startswith("/compte/connexion")
        return False
    assert response.status_code == 200
    return True


def _live_sessions(user) -> int:
    return _db.session.scalar(select(func.count(AccountSession.id)).where(AccountSession.user_id == user.id))


def test_copied_session_cookie_is_dead_after_logout(app, client, db):
    u = f.user("ines@exemple.fr")
    db.session.commit()
    _login(client, u)
    copy = client.get_cookie("session").value
    assert _opens_space(_replay(app, "session", copy))  # the copy works while logged in
    _logout(client)
    assert not _opens_space(client)
    assert not _opens_space(_replay(app, "session", copy))
    assert _live_sessions(u) == 0


def test_copied_remember_cookie_is_dead_after_logout(app, client, db):
    u = f.user("jade@exemple.fr")
    db.session.commit()
    _login(client, u, remember=True)
    remember = client.get_cookie("remember_token").value
    assert _opens_space(_replay(app, "remember_token", remember))  # a browser restarted later
    logout = _logout(client)
    assert "remember_token=;" in " ".join(logout.headers.getlist("Set-Cookie"))  # cleared here
    assert not _opens_space(_replay(app, "remember_token", remember))


def test_password_change_ends_other_sessions_and_keeps_this_one(app, db):
    u = f.user("gael@exemple.fr")
    db.session.commit()
    laptop, phone = app.test_client(), app.test_client()
    _login(laptop, u, remember=True)
    _login(phone, u, remember=True)
    phone_remember = phone.get_cookie("remember_token").value
    laptop_remember = laptop.get_cookie("remember_token").value
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
    assert _opens_space(laptop)
    assert _opens_space(_replay(app, "remember_token", laptop_remember))
    assert not _opens_space(phone)
    assert not _opens_space(_replay(app, "remember_token", phone_remember))
    assert _live_sessions(u) == 1


def test_address_change_ends_other_sessions(app, client, db):
    u = f.user("hugo@exemple.fr")
    db.session.commit()
    other = app.test_client()
    _login(client, u)
    _login(other, u)
    client.post(
        "/compte/adresse",
        data={
            "email-email": "hugo.nouveau@exemple.fr",
            "email-current_password": f.PASSWORD,
            "email-csrf_token": csrf_token(client, "/compte/"),
        },
    )
    assert _opens_space(other)  # not yet: the new address is not confirmed
    [message] = outbox("hugo.nouveau@exemple.fr")
    assert client.get(link_in(message, "/compte/adresse/")).status_code == 302
    assert _opens_space(client)
    assert not _opens_space(other)


def test_deactivation_ends_sessions_for_good(app, client, db):
    admin = f.user("admin@exemple.fr", admin=True)
    u = f.user("parti@exemple.fr")
    db.session.commit()
    _login(client, u)
    copy = client.get_cookie("session").value
    admin_client = app.test_client()
    _login(admin_client, admin)
    response = admin_client.post(
        f"/admin/utilisateurs/{u.id}",
        data={"csrf_token": csrf_token(admin_client, f"/admin/utilisateurs/{u.id}")},
    )
    assert response.status_code in (200, 302), body(response)[:300]
    db.session.expire_all()
    assert not db.session.get(User, u.id).active
    db.session.get(User, u.id).active = True  # reactivated later: the old cookie stays dead
    db.session.commit()
    assert not _opens_space(_replay(app, "session", copy))


def test_account_page_lists_sessions_and_logs_out_everywhere(app, client, db):
    u = f.user("lea@exemple.fr")
    db.session.commit()
    phone = app.test_client()
    _login(client, u)
    _login(
        phone,
        u,
        remember=True,
        user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36",
    )
    page = body(client.get("/compte/"))
    assert "Sessions actives" in page
    assert "Firefox · Linux" in page and "Chrome · Android" in page
    assert page.count("(cette session)") == 1
    phone_remember = phone.get_cookie("remember_token").value
    response = client.post("/compte/sessions/fermer", data={"csrf_token": csrf_token(client, "/compte/")})
    assert response.status_code == 302
    assert "Toutes vos sessions ont été fermées" in body(client.get(response.location))
    assert not _opens_space(client)
    assert not _opens_space(phone)
    assert not _opens_space(_replay(app, "remember_token", phone_remember))
    assert _live_sessions(u) == 0


def test_loader_accepts_only_a_live_session_of_an_active_user(app, db):
    u, other = f.user(), f.user()
    sessions.open_session(u, FIREFOX)
    good = u.get_id()
    sessions.open_session(other)
    db.session.commit()
    secret = good.partition(":")[2]
    assert sessions.load_user(good) is u
    for bad in (
        None,
        "",
        f"{u.id}",
        f"{u.id}:",
        f"{u.id}:{secret}x",
        f"{other.id}:{secret}",
        f"x{u.id}:{secret}",
        "²:" + secret,
        "9" * 40 + ":" + secret,
        f"{u.id}:{secret}" + "a" * 500,
    ):
        assert sessions.load_user(bad) is None, bad
    row = db.session.scalar(select(AccountSession).where(AccountSession.user_id == u.id))
    row.last_seen_at = utcnow() - app.config["ACCOUNT_SESSION_IDLE_LIFETIME"] - timedelta(minutes=1)
    db.session.commit()
    assert sessions.load_user(good) is None  # idle too long
    sessions.open_session(other)  # any login prunes the idle rows
    db.session.commit()
    assert _live_sessions(u) == 0


def test_loader_stamps_last_seen_at_most_every_few_minutes(app, client, db):
    u = f.user()
    db.session.commit()
    _login(client, u)
    row = db.session.scalar(select(AccountSession).where(AccountSession.user_id == u.id))
    first = row.last_seen_at
    client.get("/compte/")
    db.session.expire_all()
    assert db.session.get(AccountSession, row.id).last_seen_at == first  # not a write per page
    db.session.get(AccountSession, row.id).last_seen_at = first - sessions.TOUCH_INTERVAL
    db.session.commit()
    client.get("/compte/")
    db.session.rollback()  # the stamp was its own transaction: read after it
    assert db.session.get(AccountSession, row.id).last_seen_at > first - timedelta(seconds=5)


def test_production_cookies_are_secure_host_only_httponly_lax(fresh_database_url, tmp_path):
    from app import create_app

    app = create_app(
        "production",
        SECRET_KEY="production-test",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        CACHE_TYPE="NullCache",
    )
    base = "https://localhost"
    client = app.test_client()
    with app.app_context():
        u = f.user("prod@exemple.fr")
        _db.session.commit()
        login = _login(client, u, remember=True, base=base)
        cookies = {c.split("=", 1)[0]: c for c in login.headers.getlist("Set-Cookie")}
        assert set(cookies) == {"__Host-session", "__Host-remember"}
        for cookie in cookies.values():
            attributes = {a.strip().split("=")[0].lower(): a.strip() for a in cookie.split(";")[1:]}
            assert "secure" in attributes and "httponly" in attributes
            assert attributes["samesite"] == "SameSite=Lax" and attributes["path"] == "Path=/"
            assert "domain" not in attributes
        assert client.get(base + "/espace/").status_code == 200
        logout = client.post(
            base + "/compte/deconnexion",
            headers={"Referer": base + "/compte/deconnexion"},
            data={"csrf_token": csrf_token(client, base + "/compte/deconnexion")},
        )
        [cleared] = [c for c in logout.headers.getlist("Set-Cookie") if c.startswith("__Host-remember=")]
        assert "Secure" in cleared and "Expires=Thu, 01 Jan 1970" in cleared  # a deletion browsers accept
        _db.session.remove()
        _db.engine.dispose()
