"""The organisers' survey after the Month: invitations, reminder and answers.

Who: every organisation that was the main organiser of an event "au programme" of the
edition (app.events.programme). When: from the day after the Month (month_end) until the
survey closes, SURVEY_DAYS later (config). Each organisation gets one invitation, then one
reminder a week later if it has not answered (`send_invitations`, run by `flask
survey-invite`: a row of survey_invitation per organisation and edition, unique, so running
it twice never mails twice). Each e-mail carries a one-time link (app/platform/links.py)
bound to the organisation; it serves once, to submit the answer. Afterwards the members
edit the answer from their space, until the survey closes. Attendance is not asked again:
the form shows the organisation's events and declares their attendance through the same
rule as the event page (services/events.py `declare_attendance`).

Functions flush but never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from app.common.time import to_utc, utcnow
from app.events import programme
from app.extensions import db
from app.mail import send_mail
from app.models import Edition, Event, Membership, Organisation, SurveyAnswer, SurveyInvitation, User
from app.organisers.services import events as event_rules
from app.platform import links

SURVEY = "survey"  # purpose of the survey links (app/platform/links.py)
LINK_SIGNATURE_MAX_AGE = 180 * 24 * 3600  # the row's own expiry (the closing date) comes first
REMINDER_DELAY = timedelta(days=7)
ANSWER_FIELDS = ("satisfaction", "partners", "partner_names", "press", "press_media", "again", "comment")


class SurveyError(Exception):
    """A French message for the organiser: the survey or the link cannot be used."""


@dataclass
class SurveyInput:
    satisfaction: str
    audiences: list[str]
    partners: int
    partner_names: str
    press: bool
    press_media: str
    again: str
    comment: str
    attendance: dict[int, int] = field(default_factory=dict)  # event id -> participants


# --- calendar -------------------------------------------------------------------------------


def _midnight(day: date) -> datetime:
    return to_utc(datetime.combine(day, time()))


def opens_at(edition: Edition) -> datetime:
    """The day after the Month, at midnight in Paris (UTC, as stored)."""
    return _midnight(edition.month_end + timedelta(days=1))


def closes_at(edition: Edition) -> datetime:
    """The first instant after the survey (midnight in Paris, SURVEY_DAYS after it opens)."""
    return _midnight(edition.month_end + timedelta(days=1 + current_app.config["SURVEY_DAYS"]))


def is_open(edition: Edition, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return opens_at(edition) <= now < closes_at(edition)


def open_edition(now: datetime | None = None) -> Edition | None:
    """The edition whose survey is open (the latest one), if any."""
    now = now or utcnow()
    for edition in db.session.scalars(select(Edition).order_by(Edition.year.desc())):
        if is_open(edition, now):
            return edition
    return None


# --- invitations ----------------------------------------------------------------------------


@dataclass
class InviteReport:
    invited: int = 0
    reminded: int = 0
    without_address: list[str] = field(default_factory=list)


def surveyed_organisations(edition: Edition) -> list[Organisation]:
    """The main organisers of the edition's events on the programme."""
    organisers = select(Event.organiser_id).where(*programme.on_programme(edition.id))
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.id.in_(organisers)).order_by(Organisation.id)
        )
    )


def recipient(organisation: Organisation) -> str:
    """The organisation's contact address, else its first member's; "" when it has neither."""
    if organisation.contact_email:
        return organisation.contact_email
    return (
        db.session.scalar(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == organisation.id)
            .order_by(Membership.id)
            .limit(1)
        )
        or ""
    )


def _answered(edition_id: int):
    return exists().where(
        SurveyAnswer.edition_id == edition_id,
        SurveyAnswer.organisation_id == SurveyInvitation.organisation_id,
    )


def _mail(organisation: Organisation, edition: Edition, email: str, template: str, subject: str, now) -> None:
    closes = closes_at(edition)
    token = links.issue(
        SURVEY,
        int((closes - now).total_seconds()),
        organisation=organisation,
        email=email,
        detail=str(edition.id),
        now=now,
    )
    send_mail(
        email,
        subject,
        template,
        organisation=organisation,
        edition=edition,
        closes_at=closes,
        survey_url=url_for("organisers.survey_by_link", token=token, _external=True),
    )


def send_invitations(edition: Edition, now: datetime | None = None) -> InviteReport:
    """Invite the organisations not invited yet, remind those invited a week ago or more that
    have not answered. Idempotent: an invitation row per organisation (unique), reminded once."""
    now = now or utcnow()
    if not is_open(edition, now):
        raise SurveyError(
            _(
                "L'enquête du Mois de l'ESS %(year)s n'est pas ouverte : elle se tient du lendemain du Mois "
                "jusqu'à sa clôture.",
                year=edition.year,
            )
        )
    report = InviteReport()
    invited = set(
        db.session.scalars(
            select(SurveyInvitation.organisation_id).where(SurveyInvitation.edition_id == edition.id)
        )
    )
    answered = set(
        db.session.scalars(select(SurveyAnswer.organisation_id).where(SurveyAnswer.edition_id == edition.id))
    )
    for organisation in surveyed_organisations(edition):
        if organisation.id in invited or organisation.id in answered:
            continue
        email = recipient(organisation)
        if not email:
            report.without_address.append(organisation.name)
            continue
        db.session.add(
            SurveyInvitation(
                edition_id=edition.id, organisation_id=organisation.id, email=email, invited_at=now
            )
        )
        _mail(
            organisation,
            edition,
            email,
            "survey_invitation",
            _("Mois de l'ESS %(year)s : votre avis d'organisateur en 5 minutes", year=edition.year),
            now,
        )
        report.invited += 1
    due = db.session.scalars(
        select(SurveyInvitation)
        .where(
            SurveyInvitation.edition_id == edition.id,
            SurveyInvitation.reminded_at.is_(None),
            SurveyInvitation.invited_at <= now - REMINDER_DELAY,
            ~_answered(edition.id),
        )
        .order_by(SurveyInvitation.id)
    ).all()
    for invitation in due:
        organisation = db.session.get(Organisation, invitation.organisation_id)
        invitation.reminded_at = now
        _mail(
            organisation,
            edition,
            invitation.email,
            "survey_reminder",
            _("Rappel : l'enquête des organisateurs du Mois de l'ESS %(year)s", year=edition.year),
            now,
        )
        report.reminded += 1
    db.session.flush()
    return report


# --- answers --------------------------------------------------------------------------------


def answer_of(edition: Edition, organisation: Organisation) -> SurveyAnswer | None:
    return db.session.scalar(
        select(SurveyAnswer)
        .where(SurveyAnswer.edition_id == edition.id, SurveyAnswer.organisation_id == organisation.id)
        .options(selectinload(SurveyAnswer.audience_rows))
    )


def events_of(edition: Edition, organisation: Organisation, now: datetime | None = None) -> list[Event]:
    """The organisation's events whose attendance the survey asks (ended, on the programme)."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(Event)
            .where(
                *programme.on_programme(edition.id),
                Event.organiser_id == organisation.id,
                Event.ends_at < now,
            )
            .options(selectinload(Event.region))
            .order_by(Event.starts_at, Event.id)
        )
    )


def _surveyed_among(edition: Edition, organisation_ids) -> set[int]:
    """Those of `organisation_ids` that the survey of `edition` is for."""
    return set(
        db.session.scalars(
            select(Event.organiser_id)
            .where(*programme.on_programme(edition.id), Event.organiser_id.in_(list(organisation_ids)))
            .distinct()
        )
    )


def may_answer(edition: Edition, organisation: Organisation) -> bool:
    """Whether the organisation is among those the survey is for."""
    return bool(_surveyed_among(edition, [organisation.id]))


def closed_message(edition: Edition) -> str:
    return _(
        "L'enquête du Mois de l'ESS %(year)s est close : merci pour votre participation.", year=edition.year
    )


def save_answer(
    edition: Edition,
    organisation: Organisation,
    data: SurveyInput,
    user: User | None = None,
    now: datetime | None = None,
) -> SurveyAnswer:
    """Create or update the organisation's answer, and declare the attendance given."""
    now = now or utcnow()
    if not is_open(edition, now):
        raise SurveyError(closed_message(edition))
    answer = answer_of(edition, organisation)
    if answer is None:
        answer = SurveyAnswer(edition_id=edition.id, organisation_id=organisation.id, created_at=now)
        db.session.add(answer)
    for name in ANSWER_FIELDS:
        setattr(answer, name, getattr(data, name))
    answer.audiences = data.audiences
    answer.updated_at = now
    for event in events_of(edition, organisation, now):
        value = data.attendance.get(event.id)
        if value is not None and value != event.attendance:
            event_rules.declare_attendance(event, user, value, now)
    db.session.flush()
    return answer


@dataclass(frozen=True)
class LinkTarget:
    link: object  # the OneTimeLink row
    edition: Edition
    organisation: Organisation


def open_link(token: str, now: datetime | None = None) -> LinkTarget:
    """What a survey link is for, if it may still be used; SurveyError (French) otherwise."""
    now = now or utcnow()
    try:
        link = links.check(SURVEY, token, LINK_SIGNATURE_MAX_AGE, now)
    except links.TokenError as exc:
        if exc.used:
            raise SurveyError(used_link_message()) from exc
        if exc.expired:
            raise SurveyError(_("Ce lien a expiré : l'enquête est close.")) from exc
        raise SurveyError(_("Ce lien d'enquête n'est pas valide.")) from exc
    organisation = db.session.get(Organisation, link.organisation_id)
    edition = db.session.get(Edition, int(link.detail)) if link.detail.isdigit() else None
    if organisation is None or edition is None:
        raise SurveyError(_("Ce lien d'enquête n'est pas valide."))
    if not is_open(edition, now):
        raise SurveyError(closed_message(edition))
    if answer_of(edition, organisation) is not None:
        raise SurveyError(used_link_message())
    return LinkTarget(link, edition, organisation)


def used_link_message() -> str:
    return _(
        "Ce lien a déjà servi : les réponses de votre organisation sont enregistrées. Pour les modifier "
        "jusqu'à la clôture de l'enquête, connectez-vous à votre espace organisateur."
    )


def answer_by_link(token: str, data: SurveyInput, now: datetime | None = None) -> LinkTarget:
    """Use the link once and record the answer (SurveyError when the link cannot serve)."""
    now = now or utcnow()
    target = open_link(token, now)
    try:
        links.consume(target.link, now)
    except links.TokenError as exc:
        raise SurveyError(used_link_message()) from exc
    save_answer(target.edition, target.organisation, data, None, now)
    return target


def open_surveys(user: User, now: datetime | None = None) -> dict[int, tuple[Edition, bool]]:
    """Organisation id -> (edition whose survey is open, answered?) for `user`'s organisations
    that the survey is for (shown on the dashboard)."""
    edition = open_edition(now)
    if edition is None:
        return {}
    mine = [m.organisation_id for m in user.memberships]
    surveyed = _surveyed_among(edition, mine) if mine else set()
    answered = set(
        db.session.scalars(
            select(SurveyAnswer.organisation_id).where(
                SurveyAnswer.edition_id == edition.id, SurveyAnswer.organisation_id.in_(mine)
            )
        )
    )
    return {
        m.organisation_id: (edition, m.organisation_id in answered)
        for m in user.memberships
        if m.organisation_id in surveyed
    }
