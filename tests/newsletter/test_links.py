"""Newsletter links: a confirmation link serves once (it cannot subscribe again someone who
has left), and unsubscribe links belong to one subscription (a random key, replaced at each
new subscription): those of a former subscription do nothing to the current one."""

from __future__ import annotations

from sqlalchemy import select

from app.models import NewsletterSubscriber
from tests.helpers import body, csrf_token, link_in, outbox

EMAIL = "lea@exemple.fr"


def _subscribe(client, region="bretagne"):
    return client.post(
        "/newsletter/", data={"email": EMAIL, "region": region, "csrf_token": csrf_token(client, "/")}
    )


def _subscriber(db) -> NewsletterSubscriber:
    db.session.expire_all()
    return db.session.scalar(select(NewsletterSubscriber).where(NewsletterSubscriber.email == EMAIL))


def _subscribe_and_confirm(client) -> tuple[str, str]:
    """Subscribe and confirm; return the confirmation link and the welcome's unsubscribe link."""
    _subscribe(client)
    confirm = link_in(outbox(EMAIL)[0], "/newsletter/confirmer/")
    assert client.get(confirm).status_code == 200
    welcome = outbox(EMAIL)[0]
    assert welcome.subject == "Bienvenue dans la lettre du Mois de l'ESS"
    return confirm, link_in(welcome, "/newsletter/desinscription/")


def test_confirmation_link_cannot_subscribe_again_after_leaving(client, db):
    confirm, unsubscribe = _subscribe_and_confirm(client)
    assert client.post(unsubscribe).status_code == 200
    left_at = _subscriber(db).unsubscribed_at
    assert left_at is not None
    again = client.get(confirm)
    assert again.status_code == 400
    assert "Ce lien de confirmation a déjà servi." in body(again)
    sub = _subscriber(db)
    assert not sub.is_subscribed and sub.unsubscribed_at == left_at
    assert outbox(EMAIL)[0].subject == "Bienvenue dans la lettre du Mois de l'ESS"  # no new mail


def test_unsubscribe_link_of_a_former_subscription_does_nothing(client, db):
    _confirm, old_unsubscribe = _subscribe_and_confirm(client)
    assert client.post(old_unsubscribe).status_code == 200
    _confirm, new_unsubscribe = _subscribe_and_confirm(client)
    assert _subscriber(db).is_subscribed
    for method in (client.get, client.post):
        response = method(old_unsubscribe)
        assert response.status_code == 400
        assert "Ce lien de désinscription vient d'un abonnement précédent" in body(response)
        assert _subscriber(db).is_subscribed
    assert new_unsubscribe != old_unsubscribe
    assert client.post(new_unsubscribe).status_code == 200
    assert not _subscriber(db).is_subscribed


def test_second_unsubscribe_click_changes_nothing(client, db):
    _confirm, unsubscribe = _subscribe_and_confirm(client)
    first = client.post(unsubscribe)
    assert "ne recevra plus la lettre" in body(first)
    left_at = _subscriber(db).unsubscribed_at
    for method in (client.get, client.post):
        again = method(unsubscribe)
        assert again.status_code == 200
        assert "L'adresse lea@exemple.fr était déjà désinscrite : rien n'a changé." in body(again)
        assert "Me désinscrire" not in body(again)
    assert _subscriber(db).unsubscribed_at == left_at
