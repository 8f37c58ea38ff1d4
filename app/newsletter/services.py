"""Newsletter: double opt-in subscription, one-click unsubscription, subscriber exports.

Nothing said to the visitor depends on whether the address is already known: the owner
of the address learns it by e-mail, nobody else."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.common.text import normalize_email
from app.common.time import utcnow
from app.extensions import db
from app.mail import send_mail, unsubscribe_headers
from app.models import NewsletterSubscriber, Region
from app.platform import links

CONFIRM = "newsletter-confirm"
UNSUBSCRIBE = "newsletter-unsubscribe"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


def _region(slug: str | None) -> Region | None:
    return db.session.scalar(select(Region).where(Region.slug == slug)) if slug else None


def unsubscribe_url(subscriber: NewsletterSubscriber) -> str:
    """Long-lived link bound to the random key of the subscriber's current subscription."""
    return url_for(
        "newsletter.unsubscribe",
        _external=True,
        token=links.make_token(UNSUBSCRIBE, {"s": subscriber.unsubscribe_key}),
    )


def send(subscriber: NewsletterSubscriber, subject: str, template: str, **context) -> None:
    """Every newsletter message carries its unsubscribe link, also as RFC 8058 headers."""
    link = unsubscribe_url(subscriber)
    send_mail(
        subscriber.email,
        subject,
        template,
        unsubscribe=link,
        headers=unsubscribe_headers(link),
        **context,
    )


def _subscriber(email: str) -> NewsletterSubscriber | None:
    return db.session.scalar(select(NewsletterSubscriber).where(NewsletterSubscriber.email == email))


def subscribe(email: str, region_slug: str | None) -> None:
    """Record the request and e-mail the address; the caller always says the same thing.
    A new subscription gets a new unsubscribe key: the links of a former one do nothing."""
    email = normalize_email(email)
    subscriber = _subscriber(email)
    if subscriber is not None and subscriber.is_subscribed:
        send(subscriber, _("Vous êtes déjà abonné à la lettre du Mois de l'ESS"), "newsletter_already")
        return
    if subscriber is None:
        subscriber = NewsletterSubscriber(email=email)
        db.session.add(subscriber)
    else:
        subscriber.unsubscribe_key = links.new_secret()
    db.session.flush()
    token = links.issue(
        CONFIRM, current_app.config["NEWSLETTER_CONFIRM_MAX_AGE"], email=email, detail=region_slug or ""
    )
    send(
        subscriber,
        _("Confirmez votre abonnement à la lettre du Mois de l'ESS"),
        "newsletter_confirm",
        url=url_for("newsletter.confirm", token=token, _external=True),
    )


def confirm(token: str) -> Outcome:
    """Confirm the subscription, once: a second click (even after unsubscribing) changes nothing."""
    try:
        link = links.check(CONFIRM, token, current_app.config["NEWSLETTER_CONFIRM_MAX_AGE"])
        subscriber = _subscriber(link.email)
        if subscriber is None:
            raise links.TokenError()
        links.consume(link)
    except links.TokenError as error:
        if error.expired:
            return Outcome(False, _("Ce lien de confirmation a expiré. Abonnez-vous à nouveau ci-dessous."))
        if error.used:
            return Outcome(
                False,
                _(
                    "Ce lien de confirmation a déjà servi. Pour vous abonner à "
                    "nouveau, utilisez le formulaire ci-dessous."
                ),
            )
        return Outcome(False, _("Ce lien de confirmation n'est pas valide."))
    if not subscriber.is_subscribed:
        region = _region(link.detail)
        subscriber.region_id = region.id if region else None
        subscriber.confirmed_at, subscriber.unsubscribed_at = utcnow(), None
        db.session.flush()
        send(subscriber, _("Bienvenue dans la lettre du Mois de l'ESS"), "newsletter_welcome")
    return Outcome(True, _("Merci, votre abonnement à la lettre du Mois de l'ESS est confirmé."))


def subscriber_for_unsubscribe(token: str) -> tuple[NewsletterSubscriber | None, str]:
    """The subscriber whose current subscription the link belongs to."""
    try:
        data = links.read_token(UNSUBSCRIBE, token, current_app.config["NEWSLETTER_UNSUBSCRIBE_MAX_AGE"])
    except links.TokenError as error:
        if error.expired:
            return None, _("Ce lien de désinscription a expiré. Écrivez-nous pour être retiré de la liste.")
        return None, _("Ce lien de désinscription n'est pas valide.")
    key = data.get("s")
    subscriber = (
        db.session.scalar(select(NewsletterSubscriber).where(NewsletterSubscriber.unsubscribe_key == key))
        if isinstance(key, str) and key
        else None
    )
    if subscriber is None:
        return None, _(
            "Ce lien de désinscription vient d'un abonnement précédent : il ne s'applique "
            "plus. Utilisez le lien du dernier message reçu."
        )
    return subscriber, ""


def unsubscribe(subscriber: NewsletterSubscriber) -> bool:
    """False when the subscription had already ended (nothing changes)."""
    if subscriber.unsubscribed_at is not None:
        return False
    subscriber.unsubscribed_at = utcnow()
    db.session.flush()
    return True


def confirmed_subscribers(region_id: int | None = None) -> Iterator[NewsletterSubscriber]:
    query = (
        select(NewsletterSubscriber)
        .where(NewsletterSubscriber.confirmed_at.is_not(None), NewsletterSubscriber.unsubscribed_at.is_(None))
        .order_by(NewsletterSubscriber.email)
    )
    if region_id is not None:
        query = query.where(NewsletterSubscriber.region_id == region_id)
    return iter(db.session.scalars(query).all())


EXPORT_HEADER = ["Adresse e-mail", "Région", "Abonné depuis le (heure de Paris)"]


def export_rows(region_id: int | None = None) -> Iterator[list]:
    for s in confirmed_subscribers(region_id):
        yield [s.email, s.region.name if s.region else "", s.confirmed_at]
