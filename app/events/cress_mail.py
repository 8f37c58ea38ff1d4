"""E-mails to a CRESS about its region's events, as the region chose
(RegionModerationSettings.submission_mail): one e-mail per submission ("each"), a daily digest
of the events and revisions waiting ("digest", the default: `flask moderation-digest`, once a
day at most per region), or none. Written in the caller's transaction (the outbox sends them
after its commit). Flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from app.common.numbers import number_fr
from app.common.time import to_local, utcnow
from app.events import revisions
from app.extensions import db
from app.models import Event, ModerationDigest, Region, User


def cress_recipients(region: Region) -> list[str]:
    """The region's moderators (active accounts) and the CRESS's public address, once each."""
    emails = list(
        db.session.scalars(
            select(User.email)
            .where(User.moderated_region_id == region.id, User.active.is_(True))
            .order_by(User.email)
        )
    )
    emails.append(region.cress_email or "")
    seen: dict[str, str] = {}
    for email in emails:
        if email.strip():
            seen.setdefault(email.strip().lower(), email.strip())
    return list(seen.values())


def on_submitted(event: Event) -> list[str]:
    """One e-mail to the CRESS when its region asked for one per submission."""
    from app.mail import send_mail

    if revisions.settings_for(event.region_id).submission_mail != "each":
        return []
    sent = cress_recipients(event.region)
    for to in sent:
        send_mail(
            to,
            _("Nouvel événement à valider : « %(title)s »", title=event.title),
            "cress_submission",
            event=event,
            region=event.region,
        )
    return sent


def waiting_events(region: Region) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.region_id == region.id, Event.status == "soumis")
            .order_by(Event.submitted_at, Event.id)
        )
    )


@dataclass(frozen=True)
class DigestReport:
    region: str
    events: int
    revisions: int
    recipients: int


def today_in_paris() -> date:
    return to_local(utcnow()).date()


def send_digests(day: date | None = None) -> list[DigestReport]:
    """The daily digest of every region that chose it and has something waiting, unless it
    was already sent on `day` (Paris). Nothing is sent for a region with nothing waiting."""
    from app.mail import send_mail

    day = day or today_in_paris()
    sent_today = set(
        db.session.scalars(select(ModerationDigest.region_id).where(ModerationDigest.day == day))
    )
    reports = []
    for region in db.session.scalars(select(Region).order_by(Region.name)):
        if region.id in sent_today or revisions.settings_for(region.id).submission_mail != "digest":
            continue
        events = waiting_events(region)
        pending = revisions.pending_for_region(region.id)
        to = cress_recipients(region)
        if not (events or pending) or not to:
            continue
        db.session.add(
            ModerationDigest(
                region_id=region.id, day=day, events=len(events), revisions=len(pending), recipients=len(to)
            )
        )
        db.session.flush()  # the unique (region, day) refuses a concurrent second digest
        subject = _digest_subject(len(events), len(pending))
        for address in to:
            send_mail(
                address, subject, "cress_digest", region=region, events=events, revisions=pending, day=day
            )
        reports.append(DigestReport(region.name, len(events), len(pending), len(to)))
    return reports


def _digest_subject(events: int, pending: int) -> str:
    parts = []
    if events:
        parts.append(
            ngettext("%(n)s événement à valider", "%(n)s événements à valider", events, n=number_fr(events))
        )
    if pending:
        parts.append(
            ngettext(
                "%(n)s modification en attente",
                "%(n)s modifications en attente",
                pending,
                n=number_fr(pending),
            )
        )
    return _("Mois de l'ESS – récapitulatif du jour : %(what)s", what=", ".join(parts))
