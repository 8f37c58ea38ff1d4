"""Account links (address confirmation, password reset, address change) serve once, are
found by their secret, and die with their account: an account that later gets the same id
(SQLite reuses the newest row's id) is never reached by them."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.passwords import verify_password
from app.models import OneTimeLink, User
from tests import factories as f
from tests.helpers import at_once, body, csrf_token, link_in, outbox

NEW_PASSWORD = "nouveau-mot-de-passe"


def _user(db, user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def _signup(client, email: str):
    data = {
        "name": "Alice Dupont",
        "email": email,
        "password": "un-mot-de-passe-long",
        "password_confirm": "un-mot-de-passe-long",
        "csrf_token": csrf_token(client, "/compte/inscription"),
    }
    return client.post("/compte/inscription", data=data)


def _ask_email_change(client, user, new_email: str) -> str:
    f.login(client, user)
    client.post(
        "/compte/adresse",
        data={
            "email-email": new_email,
            "email-current_password": f.PASSWORD,
            "email-csrf_token": csrf_token(client, "/compte/"),
        },
    )
    return link_in(outbox(new_email)[0], "/compte/adresse/")


def _ask_reset(client, email: str) -> str:
    client.post(
        "/compte/mot-de-passe-oublie",
        data={"email": email, "csrf_token": csrf_token(client, "/compte/mot-de-passe-oublie")},
    )
    return link_in(outbox(email)[0], "/compte/reinitialiser/")


def _reset_form(client, link: str, password: str = NEW_PASSWORD) -> dict:
    return {"password": password, "password_confirm": password, "csrf_token": csrf_token(client, link)}


# --- address confirmation -----------------------------------------------------------------


def test_confirmation_link_serves_once(client, db):
    _signup(client, "alice@exemple.fr")
    link = link_in(outbox("alice@exemple.fr")[0], "/compte/confirmer/")
    assert client.get(link).status_code == 302
    user = db.session.scalar(select(User).where(User.email == "alice@exemple.fr"))
    confirmed_at = user.email_confirmed_at
    assert confirmed_at is not None
    again = client.get(link)
    assert again.status_code == 400
    assert "Ce lien de confirmation a déjà servi." in body(again)
    assert _user(db, user.id).email_confirmed_at == confirmed_at


def test_confirmation_link_dies_with_its_account(client, db):
    _signup(client, "alice@exemple.fr")
    link = link_in(outbox("alice@exemple.fr")[0], "/compte/confirmer/")
    user = db.session.scalar(select(User).where(User.email == "alice@exemple.fr"))
    db.session.delete(user)
    db.session.commit()
    assert db.session.scalar(select(OneTimeLink)) is None
    response = client.get(link)
    assert response.status_code == 400
    assert "Ce lien de confirmation n'est pas valide." in body(response)


# --- address change -----------------------------------------------------------------------


def test_address_change_link_serves_once(app, client, db):
    """Change to a new address, then back to the old one: the first link, opened again,
    must not switch the account to the first new address again."""
    u = f.user("hugo@exemple.fr")
    db.session.commit()
    first = _ask_email_change(client, u, "hugo.nouveau@exemple.fr")
    assert client.get(first).status_code == 302
    assert _user(db, u.id).email == "hugo.nouveau@exemple.fr"
    back = app.test_client()
    f.login(back, _user(db, u.id))
    back.post(
        "/compte/adresse",
        data={
            "email-email": "hugo@exemple.fr",
            "email-current_password": f.PASSWORD,
            "email-csrf_token": csrf_token(back, "/compte/"),
        },
    )
    assert back.get(link_in(outbox("hugo@exemple.fr")[0], "/compte/adresse/")).status_code == 302
    assert _user(db, u.id).email == "hugo@exemple.fr"

    replay = client.get(first)
    assert replay.status_code == 400
    assert "Ce lien a déjà servi. Pour changer d'adresse à nouveau, recommencez depuis votre compte." in body(
        replay
    )
    assert _user(db, u.id).email == "hugo@exemple.fr"


def test_address_change_link_does_not_reach_an_account_that_got_the_same_id(app, client, db):
    """Someone asks to move their account to an address they hold, the account is deleted,
    a newcomer signs up (SQLite gives them the same id): the old link must not move the
    newcomer's account to the first person's address (who could then reset its password)."""
    f.user("premier@exemple.fr")  # not the newest row: its id is not the one reused
    leaver = f.user("depart@exemple.fr")
    db.session.commit()
    leaver_id = leaver.id
    link = _ask_email_change(client, leaver, "boite.du.depart@exemple.fr")
    db.session.delete(_user(db, leaver_id))
    db.session.commit()
    _signup(app.test_client(), "nouvelle@exemple.fr")
    newcomer = db.session.scalar(select(User).where(User.email == "nouvelle@exemple.fr"))
    if db.engine.dialect.name == "sqlite":
        assert newcomer.id == leaver_id  # the id was handed out again: the scenario is real
    response = app.test_client().get(link)
    assert response.status_code == 400
    assert "Ce lien n'est pas valide." in body(response)
    assert _user(db, newcomer.id).email == "nouvelle@exemple.fr"


# --- password reset -----------------------------------------------------------------------


def test_reset_form_shown_twice_then_used_once(client, db):
    u = f.user("emma@exemple.fr")
    db.session.commit()
    link = _ask_reset(client, "emma@exemple.fr")
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 200  # showing the form does not use the link
    assert client.post(link, data=_reset_form(client, link)).status_code == 302
    assert verify_password(_user(db, u.id).password_hash, NEW_PASSWORD)
    second = client.post(link, data=_reset_form(client, link, "troisieme-mot-de-passe"))
    assert second.status_code == 400
    assert "Ce lien a déjà été utilisé ou n'est plus valide. Demandez-en un nouveau." in body(second)
    assert verify_password(_user(db, u.id).password_hash, NEW_PASSWORD)


def test_reset_link_sent_to_a_former_address_is_dead(client, db):
    """A reset link mailed to the address the account had before an address change no
    longer opens the account (the old mailbox may no longer be its owner's)."""
    u = f.user("ancienne@exemple.fr")
    db.session.commit()
    reset = _ask_reset(client, "ancienne@exemple.fr")
    client.get(_ask_email_change(client, u, "nouvelle@exemple.fr"))
    assert _user(db, u.id).email == "nouvelle@exemple.fr"
    other = client.application.test_client()
    response = other.post(reset, data=_reset_form(other, reset))
    assert response.status_code == 400
    assert "n'est plus valide" in body(response)
    assert verify_password(_user(db, u.id).password_hash, f.PASSWORD)


def test_two_reset_submissions_at_once_succeed_once(app, client, db):
    user_id = f.user("emma@exemple.fr").id
    db.session.commit()
    link = _ask_reset(client, "emma@exemple.fr")
    passwords = [f"mot-de-passe-numero-{i}" for i in range(4)]
    db.session.remove()

    def submit(c, password):
        data = _reset_form(c, link, password)
        return lambda: c.post(link, data=data)

    responses = at_once(app, [lambda c, p=p: submit(c, p) for p in passwords])
    assert sorted(r.status_code for r in responses) == [302, 400, 400, 400]
    assert sum("déjà été utilisé" in body(r) for r in responses) == 3
    stored = _user(db, user_id).password_hash
    assert sum(verify_password(stored, p) for p in passwords) == 1
