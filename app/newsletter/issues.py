"""Newsletter issues: who may write which, their audience, the automatic block of new events,
the message as subscribers read it (Markdown sanitised by app/pages/markdown.py) and the
test sent to the author. Sending to the subscribers is app/newsletter/sending.py.

A CRESS writes to the subscribers of its region; the national team to every subscriber, or
to those of the regions it chooses. A CRESS never sees another region's issues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.accounts.permissions import can_moderate_region
from app.common.time import utcnow
from app.editions import current_edition
from app.events import programme
from app.extensions import db
from app.mail import send_mail
from app.models import Event, NewsletterIssue, NewsletterSubscriber, Region, User
from app.newsletter import workflow
from app.pages import markdown

NEW_EVENTS_DAYS = 7
NEW_EVENTS_SHOWN = 30


# --- who may do what ------------------------------------------------------------------------


def may_write(user: User) -> bool:
    return user.is_authenticated and (user.is_admin or user.moderated_region_id is not None)


def may_manage(user: User, issue: NewsletterIssue) -> bool:
    """The national team manages every issue; a CRESS only those of its region."""
    if not user.is_authenticated:
        return False
    if issue.region_id is None:
        return user.is_admin
    return can_moderate_region(user, issue.region_id)


def author_region_id(user: User) -> int | None:
    """The region a new issue of `user` belongs to (None: the national team's)."""
    return None if user.is_admin else user.moderated_region_id


def visible_issues(user: User) -> list[NewsletterIssue]:
    query = select(NewsletterIssue).options(
        selectinload(NewsletterIssue.region), selectinload(NewsletterIssue.target_regions)
    )
    if not user.is_admin:
        query = query.where(NewsletterIssue.region_id == user.moderated_region_id)
    order = {"envoi": 0, "brouillon": 1, "envoyee": 2}
    issues = db.session.scalars(query).all()
    return sorted(issues, key=lambda i: (order[i.status], -(i.sent_at or i.updated_at).timestamp()))


def load(issue_id: int) -> NewsletterIssue | None:
    return db.session.get(NewsletterIssue, issue_id)


def regions() -> list[Region]:
    return list(db.session.scalars(select(Region).order_by(Region.name)))


# --- writing --------------------------------------------------------------------------------


def save(
    issue: NewsletterIssue | None,
    user: User,
    *,
    subject: str,
    body: str,
    with_new_events: bool,
    target_region_slugs: list[str] = (),
) -> NewsletterIssue:
    """Create (issue None) or update a draft; raises workflow.TransitionError once sent."""
    if issue is None:
        issue = NewsletterIssue(region_id=author_region_id(user), author_id=user.id, status="brouillon")
        db.session.add(issue)
    else:
        # The row is locked (PostgreSQL) until the commit: a sending confirmed meanwhile
        # either waits for this change or makes it fail, never runs with it half-made.
        db.session.refresh(issue, with_for_update=True)
        if not issue.is_draft:
            raise workflow.TransitionError(workflow.READ_ONLY)
    issue.subject, issue.body, issue.with_new_events = subject, body, with_new_events
    if issue.region_id is None:
        chosen = set(target_region_slugs)
        issue.target_regions = [r for r in regions() if r.slug in chosen]
    issue.updated_at = utcnow()
    db.session.flush()
    return issue


def delete(issue: NewsletterIssue) -> None:
    if not issue.is_draft:
        raise workflow.TransitionError(_("Une lettre envoyée ne peut pas être supprimée."))
    db.session.delete(issue)
    db.session.flush()


# --- audience -------------------------------------------------------------------------------


def audience(issue: NewsletterIssue, confirmed_before: datetime | None = None) -> list:
    """Conditions on NewsletterSubscriber: the confirmed, still subscribed readers of `issue`
    (confirmed before `confirmed_before`, when given: the start of the sending)."""
    S = NewsletterSubscriber
    conditions = [S.confirmed_at.is_not(None), S.unsubscribed_at.is_(None)]
    if confirmed_before is not None:
        conditions.append(S.confirmed_at <= confirmed_before)
    if issue.region_id is not None:
        conditions.append(S.region_id == issue.region_id)
    elif issue.target_regions:
        conditions.append(S.region_id.in_([r.id for r in issue.target_regions]))
    return conditions


def recipients_count(issue: NewsletterIssue) -> int:
    return db.session.scalar(select(func.count(NewsletterSubscriber.id)).where(*audience(issue))) or 0


def audience_label(issue: NewsletterIssue) -> str:
    if issue.region_id is not None:
        return _("Abonnés de la région %(region)s", region=issue.region.name)
    if issue.target_regions:
        return _("Abonnés des régions : %(regions)s", regions=", ".join(r.name for r in issue.target_regions))
    return _("Tous les abonnés")


# --- the message ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewEvent:
    title: str
    when: datetime
    tz: str
    place: str
    url: str


def new_events(issue: NewsletterIssue, now: datetime | None = None) -> list[NewEvent]:
    """Events on the programme published in the 7 days before `now`, in the issue's region
    (a national issue: everywhere, or in its chosen regions), by date."""
    now = now or utcnow()
    edition = current_edition(now)
    if edition is None:
        return []
    query = (
        select(Event)
        .options(selectinload(Event.region))
        .where(
            *programme.on_programme(edition.id),
            Event.published_at > now - timedelta(days=NEW_EVENTS_DAYS),
            Event.published_at <= now,
        )
        .order_by(Event.starts_at, Event.id)
        .limit(NEW_EVENTS_SHOWN)
    )
    if issue.region_id is not None:
        query = query.where(Event.region_id == issue.region_id)
    elif issue.target_regions:
        query = query.where(or_(*(Event.region_id == r.id for r in issue.target_regions)))
    return [
        NewEvent(
            title=e.title,
            when=e.starts_at,
            tz=e.region.timezone,
            place=", ".join(p for p in (e.venue, e.commune) if p) if e.in_person else _("En ligne"),
            url=url_for("events.show", event_id=e.id, slug=e.slug, _external=True),
        )
        for e in db.session.scalars(query)
    ]


@dataclass(frozen=True)
class Content:
    """What every recipient of one batch reads (only the unsubscribe link differs)."""

    subject: str
    html: str
    text: str
    events: list[NewEvent] | None
    signature: str


def content(issue: NewsletterIssue, now: datetime | None = None) -> Content:
    """The issue rendered at send time (`now`: the start of the sending)."""
    if issue.region_id is not None:
        signature = _("La CRESS %(region)s", region=issue.region.name)
    else:
        signature = _("L'équipe du Mois de l'ESS")
    return Content(
        subject=issue.subject,
        html=markdown.render(issue.body),
        text=issue.body.strip(),
        events=new_events(issue, now) if issue.with_new_events else None,
        signature=signature,
    )


MAIL_TEMPLATE = "newsletter_issue"


def preview_html(issue: NewsletterIssue) -> str:
    """The HTML message as a subscriber will read it (with an example unsubscribe link)."""
    return render_template(
        f"mail/{MAIL_TEMPLATE}.html",
        letter=content(issue),
        unsubscribe=url_for("newsletter.subscribe", _external=True),
    )


def send_test(issue: NewsletterIssue, user: User) -> None:
    """One message to the author, through the outbox, subject prefixed "[Test]"."""
    send_mail(
        user.email,
        _("[Test] %(subject)s", subject=issue.subject),
        MAIL_TEMPLATE,
        letter=content(issue),
        unsubscribe=url_for("newsletter.subscribe", _external=True),
        test=True,
    )
