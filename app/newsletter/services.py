"""Newsletter: double opt-in subscription, one-click unsubscription, subscriber exports.

Nothing said to the visitor depends on whether the address is already known: the owner
of the address learns it by e-mail, nobody else."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.services import normalize_email
from app.accounts.tokens import TokenError, make_token, read_token
from app.editions import utcnow
from app.extensions import db
from app.mail import send_mail
from app.models import NewsletterSubscriber, Region

CONFIRM = "newsletter-confirm"
UNSUBSCRIBE = "newsletter-unsubscribe"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


def _region(slug: str | None) -> Region | None:
    return db.session.scalar(select(Region).where(Region.slug == slug)) if slug else None


def unsubscribe_url(email: str) -> str:
    return url_for("newsletter.unsubscribe", token=make_token(UNSUBSCRIBE, {"email": email}),
                   _external=True)


def send(subscriber_email: str, subject: str, template: str, **context) -> None:
    """Every newsletter message carries its unsubscribe link, also as RFC 8058 headers."""
    link = unsubscribe_url(subscriber_email)
    send_mail(subscriber_email, subject, template, unsubscribe=link, headers={
        "List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        **context)


def subscribe(email: str, region_slug: str | None) -> None:
    """Record the request and e-mail the address; the caller always says the same thing."""
    email = normalize_email(email)
    subscriber = db.session.scalar(select(NewsletterSubscriber).where(NewsletterSubscriber.email == email))
    if subscriber is not None and subscriber.is_subscribed:
        send(email, _("Vous êtes déjà abonné à la lettre du Mois de l'ESS"), "newsletter_already")
        return
    if subscriber is None:
        subscriber = NewsletterSubscriber(email=email)
        db.session.add(subscriber)
        db.session.flush()
    token = make_token(CONFIRM, {"email": email, "region": region_slug or ""})
    send(email, _("Confirmez votre abonnement à la lettre du Mois de l'ESS"), "newsletter_confirm",
         url=url_for("newsletter.confirm", token=token, _external=True))


def confirm(token: str) -> Outcome:
    try:
        data = read_token(CONFIRM, token, current_app.config["NEWSLETTER_CONFIRM_MAX_AGE"])
    except TokenError as error:
        if error.expired:
            return Outcome(False, _("Ce lien de confirmation a expiré. Abonnez-vous à nouveau ci-dessous."))
        return Outcome(False, _("Ce lien de confirmation n'est pas valide."))
    email = normalize_email(str(data.get("email", "")))
    subscriber = db.session.scalar(select(NewsletterSubscriber).where(NewsletterSubscriber.email == email))
    if subscriber is None:
        return Outcome(False, _("Ce lien de confirmation n'est pas valide."))
    if not subscriber.is_subscribed:
        region = _region(str(data.get("region") or ""))
        subscriber.region_id = region.id if region else None
        subscriber.confirmed_at, subscriber.unsubscribed_at = utcnow(), None
        db.session.flush()
        send(email, _("Bienvenue dans la lettre du Mois de l'ESS"), "newsletter_welcome")
    return Outcome(True, _("Merci, votre abonnement à la lettre du Mois de l'ESS est confirmé."))


def subscriber_for_unsubscribe(token: str) -> tuple[NewsletterSubscriber | None, str]:
    try:
        data = read_token(UNSUBSCRIBE, token, current_app.config["NEWSLETTER_UNSUBSCRIBE_MAX_AGE"])
    except TokenError as error:
        if error.expired:
            return None, _("Ce lien de désinscription a expiré. Écrivez-nous pour être retiré de la liste.")
        return None, _("Ce lien de désinscription n'est pas valide.")
    email = normalize_email(str(data.get("email", "")))
    subscriber = db.session.scalar(select(NewsletterSubscriber).where(NewsletterSubscriber.email == email))
    if subscriber is None:
        return None, _("Ce lien de désinscription n'est pas valide.")
    return subscriber, ""


def unsubscribe(subscriber: NewsletterSubscriber) -> None:
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = utcnow()
        db.session.flush()


def confirmed_subscribers(region_id: int | None = None) -> Iterator[NewsletterSubscriber]:
    query = (select(NewsletterSubscriber)
             .where(NewsletterSubscriber.confirmed_at.is_not(None),
                    NewsletterSubscriber.unsubscribed_at.is_(None))
             .order_by(NewsletterSubscriber.email))
    if region_id is not None:
        query = query.where(NewsletterSubscriber.region_id == region_id)
    return iter(db.session.scalars(query).all())


EXPORT_HEADER = ["Adresse e-mail", "Région", "Abonné depuis le (heure de Paris)"]


def export_rows(region_id: int | None = None) -> Iterator[list]:
    for s in confirmed_subscribers(region_id):
        yield [s.email, s.region.name if s.region else "", s.confirmed_at]
