"""E-mail alerts on a search: double opt-in (as the newsletter), one-click unsubscription,
and the weekly digest of the events published since the previous one.

An alert keeps the canonical URL arguments of its search (app.events.feeds.query_string); the
digest runs that search again, so it finds what the search page would show. A digest is one
row per alert and ISO week (Paris time), inserted with ON CONFLICT DO NOTHING before anything
is sent, in the same transaction as the message: a second run of the command, even at the same
time on another server, finds the row and skips the alert. Nothing said to the visitor depends
on whether the address already follows the search: its owner learns it by e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update
from werkzeug.datastructures import MultiDict

from app import editions
from app.common.text import normalize_email
from app.common.time import PARIS, to_local, utcnow
from app.events import feeds, options, params, search
from app.extensions import db
from app.mail import send_mail, unsubscribe_headers
from app.models import AlertDigest, Event, SearchAlert
from app.models.link import new_secret
from app.platform import links
from app.platform.database import insert_ignore

CONFIRM = "alert-confirm"
MANAGE = "alert-manage"  # unsubscribe and "my alerts" links: {"s": the alert's key}
MAX_DIGEST_EVENTS = 50
MAX_QUERY = 2000  # SearchAlert.query


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


# --- the search of an alert ------------------------------------------------------------------


def search_of(query: str) -> params.SearchParams:
    """The search of URL arguments, parsed as the search page parses them (bad values dropped)."""
    today = datetime.now(PARIS).date()
    parsed = params.parse(
        MultiDict(parse_qsl(query or "", keep_blank_values=False)),
        today=today,
        **options.allowed_values(),
        max_query=current_app.config["SEARCH_MAX_QUERY_LENGTH"],
    )
    return feeds.feed_params(parsed.params)


def canonical(query: str) -> str:
    return feeds.query_string(search_of(query))


def describe(query: str) -> str:
    return options.describe(search_of(query))


def search_url(alert: SearchAlert) -> str:
    base = url_for("events.search_page", _external=True)
    return f"{base}?{alert.query}" if alert.query else base


# --- links and messages ----------------------------------------------------------------------


def _manage_token(alert: SearchAlert) -> str:
    return links.make_token(MANAGE, {"s": alert.key})


def unsubscribe_url(alert: SearchAlert) -> str:
    return url_for("alerts.unsubscribe", token=_manage_token(alert), _external=True)


def manage_url(alert: SearchAlert) -> str:
    return url_for("alerts.manage", token=_manage_token(alert), _external=True)


def send(alert: SearchAlert, subject: str, template: str, **context) -> None:
    """Every alert message carries its unsubscribe link, also as RFC 8058 headers."""
    link = unsubscribe_url(alert)
    send_mail(
        alert.email,
        subject,
        template,
        headers=unsubscribe_headers(link),
        unsubscribe=link,
        manage=manage_url(alert),
        description=describe(alert.query),
        search_url=search_url(alert),
        **context,
    )


# --- subscription ----------------------------------------------------------------------------


def _alert(email: str, query: str) -> SearchAlert | None:
    return db.session.scalar(
        select(SearchAlert).where(SearchAlert.email == email, SearchAlert.query == query)
    )


def subscribe(email: str, query: str) -> None:
    """Record the request and e-mail the address; the caller always says the same thing.
    A new request gets a new key: the links of a former subscription do nothing."""
    email, query = normalize_email(email), canonical(query)
    alert = _alert(email, query)
    if alert is not None and alert.is_active:
        send(alert, _("Vous suivez déjà cette recherche du Mois de l'ESS"), "alert_already")
        return
    if alert is None:
        alert = SearchAlert(email=email, query=query)
        db.session.add(alert)
    else:
        alert.key = new_secret()
    db.session.flush()
    token = links.issue(CONFIRM, current_app.config["ALERT_CONFIRM_MAX_AGE"], email=email, detail=alert.key)
    send(
        alert,
        _("Confirmez votre alerte du Mois de l'ESS"),
        "alert_confirm",
        url=url_for("alerts.confirm", token=token, _external=True),
    )


def confirm(token: str) -> Outcome:
    """Confirm the alert, once: a second click (even after unsubscribing) changes nothing."""
    try:
        link = links.check(CONFIRM, token, current_app.config["ALERT_CONFIRM_MAX_AGE"])
        alert = db.session.scalar(select(SearchAlert).where(SearchAlert.key == link.detail))
        if alert is None:
            raise links.TokenError()
        links.consume(link)
    except links.TokenError as error:
        if error.expired:
            return Outcome(
                False, _("Ce lien de confirmation a expiré. Créez l'alerte à nouveau depuis la recherche.")
            )
        if error.used:
            return Outcome(
                False, _("Ce lien de confirmation a déjà servi : votre alerte avait été confirmée.")
            )
        return Outcome(False, _("Ce lien de confirmation n'est pas valide."))
    if not alert.is_active:
        now = utcnow()
        alert.confirmed_at, alert.unsubscribed_at, alert.digest_from = now, None, now
        db.session.flush()
    return Outcome(
        True,
        _(
            "Merci, votre alerte est confirmée : vous recevrez chaque semaine les "
            "nouveaux événements de cette recherche."
        ),
    )


def alert_for_link(token: str) -> tuple[SearchAlert | None, str]:
    """The alert whose current subscription an unsubscribe or "my alerts" link belongs to."""
    try:
        data = links.read_token(MANAGE, token, current_app.config["ALERT_LINK_MAX_AGE"])
    except links.TokenError as error:
        if error.expired:
            return None, _("Ce lien a expiré. Utilisez le lien du dernier message reçu.")
        return None, _("Ce lien n'est pas valide.")
    key = data.get("s")
    alert = (
        db.session.scalar(select(SearchAlert).where(SearchAlert.key == key))
        if isinstance(key, str) and key
        else None
    )
    if alert is None:
        return None, _(
            "Ce lien vient d'une alerte précédente : il ne s'applique plus. "
            "Utilisez le lien du dernier message reçu."
        )
    return alert, ""


def unsubscribe(alert: SearchAlert) -> bool:
    """False when the alert had already ended (nothing changes)."""
    if not alert.is_active:
        return False
    alert.unsubscribed_at = utcnow()
    db.session.flush()
    return True


@dataclass(frozen=True)
class Followed:
    """An alert as "my alerts" lists it."""

    description: str
    search_url: str
    unsubscribe_url: str


def followed(alert: SearchAlert) -> list[Followed]:
    """The active alerts of the address `alert` was sent to."""
    rows = db.session.scalars(
        select(SearchAlert)
        .where(
            SearchAlert.email == alert.email,
            SearchAlert.confirmed_at.is_not(None),
            SearchAlert.unsubscribed_at.is_(None),
        )
        .order_by(SearchAlert.confirmed_at)
    )
    return [Followed(describe(a.query), search_url(a), unsubscribe_url(a)) for a in rows]


# --- weekly digest ---------------------------------------------------------------------------


def period_of(moment: datetime) -> str:
    """The ISO week of `moment` (naive UTC) in Paris: "2026-W48"."""
    year, week, _day = to_local(moment).isocalendar()
    return f"{year}-W{week:02d}"


def active_alert_ids() -> list[int]:
    return list(
        db.session.scalars(
            select(SearchAlert.id)
            .where(SearchAlert.confirmed_at.is_not(None), SearchAlert.unsubscribed_at.is_(None))
            .order_by(SearchAlert.id)
        )
    )


def new_events(alert: SearchAlert, now: datetime) -> list[Event]:
    """Events of the current edition published since the alert's last digest, not yet over
    nor cancelled, that its search finds; by date."""
    edition = editions.current_edition()
    if edition is None:
        return []
    since = alert.digest_from or alert.confirmed_at
    published = db.session.scalars(
        select(Event.id).where(
            Event.edition_id == edition.id,
            Event.status == search.PUBLIC_STATUS,
            Event.schedule_status != "annule",
            Event.published_at > since,
            Event.published_at <= now,
            Event.ends_at >= now,
        )
    ).all()
    if not published:
        return []
    wanted = search_of(alert.query)
    everything = search.search(wanted, edition.id, page_size=1_000_000, with_facets=False, with_cards=False)
    published = set(published)
    ids = [i for i in everything.event_ids if i in published][:MAX_DIGEST_EVENTS]
    found = search.SearchResult(params=wanted, total=len(ids), page=1, pages=1, event_ids=ids).events
    return sorted(found, key=lambda e: (e.starts_at, e.id))


def send_digest(alert_id: int, now: datetime | None = None) -> str:
    """The digest of one alert for the week of `now`: "sent", "empty" (nothing new: nothing
    sent) or "skipped" (already done this week, or the alert ended). Flushes, never commits:
    the caller commits the digest row and its message together."""
    now = now or utcnow()
    # Written first: on SQLite the transaction then holds the write lock before it reads.
    row = {"alert_id": alert_id, "period": period_of(now), "created_at": now, "events": 0}
    if not insert_ignore(AlertDigest.__table__, row):
        return "skipped"
    alert = db.session.get(SearchAlert, alert_id)
    if alert is None or not alert.is_active:
        return "skipped"
    found = new_events(alert, now)
    alert.digest_from = now
    if not found:
        return "empty"
    db.session.execute(
        update(AlertDigest)
        .where(AlertDigest.alert_id == alert_id, AlertDigest.period == row["period"])
        .values(events=len(found))
    )
    subject = ngettext(
        "%(num)d nouvel événement pour votre recherche « %(search)s »",
        "%(num)d nouveaux événements pour votre recherche « %(search)s »",
        len(found),
        search=describe(alert.query),
    )
    entries = feeds.entries(found)
    send(alert, subject, "alert_digest", entries=entries)
    return "sent"
