"""Newsletter: double opt-in through the outbox, unsubscribe, bad links, exports."""

from __future__ import annotations

import csv
import io
import time

from sqlalchemy import func, select

from app.models import NewsletterSubscriber
from tests import factories as f
from tests.helpers import body, body_without_nonce, csrf_token, link_in, outbox


def _subscribe(client, email="lea@exemple.fr", region="bretagne", **extra):
    data = {"email": email, "region": region, "csrf_token": csrf_token(client, "/"), **extra}
    return client.post("/newsletter/", data=data)


def _subscriber(db, email="lea@exemple.fr") -> NewsletterSubscriber | None:
    db.session.expire_all()
    return db.session.scalar(select(NewsletterSubscriber).where(NewsletterSubscriber.email == email))


def test_footer_has_the_subscription_form(client):
    page = body(client.get("/"))
    assert 'action="/newsletter/"' in page and 'id="footer-newsletter-email"' in page
    assert "Bretagne" in page and 'name="csrf_token"' in page


def test_double_opt_in_through_the_outbox(client, db):
    response = _subscribe(client, email="  Lea@Exemple.FR ")
    assert response.status_code == 200
    assert "Un message vient d'être envoyé à lea@exemple.fr" in body(response)
    sub = _subscriber(db)
    assert sub is not None and not sub.is_subscribed

    [message] = outbox("lea@exemple.fr")
    assert message.subject == "Confirmez votre abonnement à la lettre du Mois de l'ESS"
    assert "/newsletter/desinscription/" in message.text  # unsubscribe link in every message
    confirm = client.get(link_in(message, "/newsletter/confirmer/"))
    assert confirm.status_code == 200
    assert "Merci, votre abonnement à la lettre du Mois de l'ESS est confirmé." in body(confirm)
    sub = _subscriber(db)
    assert sub.is_subscribed and sub.region.slug == "bretagne"

    welcome = outbox("lea@exemple.fr")[0]
    assert welcome.subject == "Bienvenue dans la lettre du Mois de l'ESS"
    assert "/newsletter/desinscription/" in welcome.text and "se désinscrire" in welcome.html


def test_messages_carry_rfc8058_headers(client, app):
    _subscribe(client)
    from email import policy
    from email.parser import BytesParser
    from pathlib import Path

    [path] = Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")
    parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert parsed["List-Unsubscribe"].startswith("<http://localhost/newsletter/desinscription/")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_answer_never_reveals_an_existing_subscription(client, db):
    _subscribe(client)
    client.get(link_in(outbox("lea@exemple.fr")[0], "/newsletter/confirmer/"))
    first = body_without_nonce(_subscribe(client, email="nouveau@exemple.fr"))
    again = body_without_nonce(_subscribe(client, email="lea@exemple.fr"))
    assert first.replace("nouveau@exemple.fr", "X") == again.replace("lea@exemple.fr", "X")
    assert "Un message vient d'être envoyé à lea@exemple.fr" in again
    assert outbox("lea@exemple.fr")[0].subject == "Vous êtes déjà abonné à la lettre du Mois de l'ESS"
    assert db.session.scalar(select(func.count(NewsletterSubscriber.id))) == 2


def test_unsubscribe_from_the_link_without_login(client, db):
    _subscribe(client)
    client.get(link_in(outbox("lea@exemple.fr")[0], "/newsletter/confirmer/"))
    link = link_in(outbox("lea@exemple.fr")[0], "/newsletter/desinscription/")
    page = client.get(link)
    assert page.status_code == 200 and "Me désinscrire" in body(page)
    assert _subscriber(db).is_subscribed  # a GET (link scanners) changes nothing
    done = client.post(link)  # one click, no session, no CSRF token: the link is signed
    assert done.status_code == 200
    assert "l'adresse lea@exemple.fr ne recevra plus la lettre" in body(done)
    assert not _subscriber(db).is_subscribed


def test_rfc8058_one_click_post(client, db):
    _subscribe(client)
    client.get(link_in(outbox("lea@exemple.fr")[0], "/newsletter/confirmer/"))
    link = link_in(outbox("lea@exemple.fr")[0], "/newsletter/desinscription/")
    fresh = client.application.test_client()
    response = fresh.post(
        link, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not _subscriber(db).is_subscribed


def test_forged_and_expired_links_are_refused(app, client, db):
    _subscribe(client)
    confirm_link = link_in(outbox("lea@exemple.fr")[0], "/newsletter/confirmer/")
    forged = client.get(confirm_link[:-3] + "abc")
    assert forged.status_code == 400
    assert "Ce lien de confirmation n'est pas valide." in body(forged)
    bad_unsub = client.post("/newsletter/desinscription/pas-un-jeton")
    assert bad_unsub.status_code == 400
    assert "Ce lien de désinscription n'est pas valide." in body(bad_unsub)
    # A confirmation token cannot be used to unsubscribe (each purpose has its salt).
    token = confirm_link.rsplit("/", 1)[1]
    assert client.get(f"/newsletter/desinscription/{token}").status_code == 400

    app.config["NEWSLETTER_CONFIRM_MAX_AGE"] = 1
    time.sleep(2.1)
    expired = client.get(confirm_link)
    assert expired.status_code == 400
    assert "Ce lien de confirmation a expiré." in body(expired)
    assert not _subscriber(db).is_subscribed


def test_invalid_subscription_shows_french_errors_and_writes_nothing(client, db):
    response = _subscribe(client, email="pas-une-adresse", region="atlantide")
    page = body(response)
    assert response.status_code == 422
    assert "Saisissez une adresse e-mail valide" in page
    assert "Choisissez une valeur de la liste." in page
    assert 'value="pas-une-adresse"' in page
    assert db.session.scalar(select(func.count(NewsletterSubscriber.id))) == 0
    assert outbox() == []


def test_missing_csrf_keeps_the_address_and_writes_nothing(client, db):
    response = client.post("/newsletter/", data={"email": "lea@exemple.fr"})
    assert response.status_code == 422
    page = body(response)
    assert "Le formulaire a expiré" in page and 'value="lea@exemple.fr"' in page
    assert _subscriber(db) is None and outbox() == []


def test_subscription_is_rate_limited(fresh_database_url, tmp_path):
    from app import create_app
    from app.extensions import db as _db

    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        RATELIMIT_ENABLED=True,
        RATELIMIT_NEWSLETTER="3 per minute",
        MAIL_OUTBOX_DIR=str(tmp_path / "o"),
    )
    client = app.test_client()
    with app.app_context():
        token = csrf_token(client, "/")
        codes = [
            client.post("/newsletter/", data={"email": f"p{i}@exemple.fr", "csrf_token": token}).status_code
            for i in range(5)
        ]
        assert codes[:3] == [200, 200, 200] and codes[3] == 429
        assert _db.session.scalar(select(func.count(NewsletterSubscriber.id))) == 3
        _db.session.remove()
        _db.engine.dispose()


def _confirmed(db, email, region=None):
    from datetime import datetime

    s = NewsletterSubscriber(
        email=email, confirmed_at=datetime(2026, 3, 1, 9), region_id=f.region(region).id if region else None
    )
    db.session.add(s)
    return s


def test_exports_all_for_admins_and_own_region_for_cress(app, client, db):
    _confirmed(db, "breton@exemple.fr", "bretagne")
    _confirmed(db, "normand@exemple.fr", "normandie")
    _confirmed(db, "partout@exemple.fr")
    db.session.add(NewsletterSubscriber(email="pas-confirme@exemple.fr"))
    cress = f.user("cress@exemple.fr", moderates="bretagne")
    admin = f.user("admin@exemple.fr", admin=True)
    organiser = f.user("orga@exemple.fr", organisations=(f.organisation(),))
    db.session.commit()

    f.login(client, admin)
    response = client.get("/newsletter/abonnes.csv")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Adresse e-mail", "Région", "Abonné depuis le (heure de Paris)"]
    assert [r[0] for r in rows[1:]] == ["breton@exemple.fr", "normand@exemple.fr", "partout@exemple.fr"]
    assert rows[1][1:] == ["Bretagne", "2026-03-01 10:00"]

    cress_client = app.test_client()
    f.login(cress_client, cress)
    rows = list(
        csv.reader(
            io.StringIO(cress_client.get("/newsletter/abonnes.csv").get_data(as_text=True).lstrip("\ufeff")),
            delimiter=";",
        )
    )
    assert [r[0] for r in rows[1:]] == ["breton@exemple.fr"]

    orga_client = app.test_client()
    f.login(orga_client, organiser)
    assert orga_client.get("/newsletter/abonnes.csv").status_code == 403
    anonymous = app.test_client().get("/newsletter/abonnes.csv")
    assert anonymous.status_code == 302 and "/compte/connexion" in anonymous.headers["Location"]
