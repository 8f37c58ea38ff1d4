"""The CRESS back-office rules: which events a moderator sees, the queue's filters and sorts,
decisions (one at a time or in bulk) with a guard against concurrent decisions.

Plain arguments, no request; flush() but never commit."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from math import ceil

from flask_babel import gettext as _
from sqlalchemy import case, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload
from sqlalchemy.sql import Select

from app import editions
from app.accounts.permissions import (  # noqa: F401  can_moderate_region: used by routes/imports.py
    can_moderate_event,
    can_moderate_region,
    delegated_departements,
)
from app.events import workflow
from app.extensions import db
from app.models import Edition, Event, EventDecision, Membership, Organisation, Region, Theme, User
from app.reference import catalog

STATUS_LABELS = catalog.labels(catalog.MODERATION_STATUSES)
# Drafts belong to their organiser until submitted: the CRESS never sees them.
VISIBLE_STATUSES = ("soumis", "a-modifier", "publie", "refuse")
STATUS_FILTERS = ("a-traiter", "tous", *VISIBLE_STATUSES[1:])
SORTS = ("a-traiter", "date", "organisateur", "thematique", "inscription", "commune")
DECISIONS = ("publish", "request_changes", "refuse")
MAX_QUERY = 100
MAX_MESSAGE = 5000
BULK_LIMIT = 500


class OutOfRegion(Exception):
    """The user may not moderate the requested region (the view answers 403)."""


class Conflict(Exception):
    """The decision cannot be taken on the event as it is now (message in French)."""

    def __init__(self, message: str, fatal: bool = False):
        super().__init__(message)
        self.message = message
        self.fatal = fatal  # the transaction is lost: the caller must roll everything back


# --- Scope ---------------------------------------------------------------------------------


def editions_list() -> list[Edition]:
    return list(db.session.scalars(select(Edition).order_by(Edition.year.desc())))


def regions_list() -> list[Region]:
    return list(db.session.scalars(select(Region).order_by(Region.name)))


def themes_list() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.number)))


def get_region(slug: str) -> Region | None:
    return db.session.scalar(select(Region).where(Region.slug == slug[:80]))


def resolve_region(user: User, slug: str | None) -> Region | None:
    """The region the user works on: a moderator's own (another one -> OutOfRegion);
    for a national admin the requested one, or None (every region); for a département
    delegate, the region of their départements."""
    slug = (slug or "").strip()
    if not user.is_admin and user.moderated_region is None:
        region = _delegate_region(user)
        if region is None or (slug and slug != region.slug):
            raise OutOfRegion()
        return region
    if not user.is_admin:
        if slug and slug != user.moderated_region.slug:
            raise OutOfRegion()
        return user.moderated_region
    if not slug:
        return user.moderated_region
    if slug == "toutes":
        return None
    region = db.session.scalar(select(Region).where(Region.slug == slug[:80]))
    if region is None:
        raise OutOfRegion()
    return region


def _delegate_region(user: User) -> Region | None:
    codes = delegated_departements(user)
    if not codes:
        return None
    from app.models import Departement

    return db.session.scalar(select(Region).join(Departement).where(Departement.code == codes[0]))


def delegate_scope(user: User) -> tuple[str, ...]:
    """The départements a delegate (neither CRESS nor admin) sees; () for everyone else."""
    if user.is_admin or user.is_moderator:
        return ()
    return delegated_departements(user)


def resolve_edition(year: str | None) -> Edition | None:
    if year and year.isdigit() and len(year) == 4:
        found = db.session.scalar(select(Edition).where(Edition.year == int(year)))
        if found is not None:
            return found
    return editions.current_edition()


def load_event(event_id: int) -> Event | None:
    return db.session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .options(
            selectinload(Event.organiser),
            selectinload(Event.theme),
            selectinload(Event.second_theme),
            selectinload(Event.region),
            selectinload(Event.departement),
            selectinload(Event.audience_rows),
            selectinload(Event.coorganisers),
        )
    )


def may_moderate(user: User, event: Event) -> bool:
    return event.status != "brouillon" and can_moderate_event(user, event)


# --- Queue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueParams:
    edition: Edition
    region: Region | None
    status: str = "a-traiter"
    theme: str = ""
    departement: str = ""
    q: str = ""
    sort: str = "a-traiter"
    desc: bool = False
    page: int = 1
    # A département delegate's départements (the queue never shows others); () for a CRESS.
    scope: tuple[str, ...] = ()

    def args(self, **changes) -> dict:
        """Query arguments that reproduce these parameters (defaults left out)."""
        p = replace(self, **changes)
        args = {
            "edition": p.edition.year,
            "region": p.region.slug if p.region else "toutes",
            "statut": p.status,
            "theme": p.theme,
            "departement": p.departement,
            "q": p.q,
            "tri": p.sort,
            "sens": "desc" if p.desc else "",
            "page": p.page,
        }
        defaults = {"statut": "a-traiter", "tri": "a-traiter", "page": 1}
        return {k: v for k, v in args.items() if v not in ("", None) and defaults.get(k) != v}


def parse_params(args, user: User) -> QueueParams | None:
    """Queue parameters from the query string; unknown values fall back to the defaults.
    None when there is no edition at all. Raises OutOfRegion."""
    region = resolve_region(user, args.get("region"))
    scope = delegate_scope(user)
    edition = resolve_edition(args.get("edition"))
    if edition is None:
        return None
    status = args.get("statut", "a-traiter")
    theme = args.get("theme", "")
    dept = args.get("departement", "")
    page = args.get("page", "1")
    return QueueParams(
        edition=edition,
        region=region,
        status=status if status in STATUS_FILTERS else "a-traiter",
        theme=theme if theme in {t.slug for t in catalog.THEMES} else "",
        departement=dept if dept in {d.code for d in departements(region, scope)} else "",
        q=" ".join(args.get("q", "").split())[:MAX_QUERY],
        sort=args.get("tri") if args.get("tri") in SORTS else "a-traiter",
        desc=args.get("sens") == "desc",
        page=int(page) if page.isdigit() and 0 < len(page) < 6 and int(page) > 0 else 1,
        scope=scope,
    )


def filter_count(p: QueueParams, user: User) -> int:
    """The n of "Filtres (n)": the filters that differ from the queue's defaults (sort aside)."""
    default_edition = editions.current_edition()
    changed = [
        default_edition is not None and p.edition.id != default_edition.id,
        user.is_admin and p.region != user.moderated_region,
        p.status != "a-traiter",
        bool(p.theme),
        bool(p.departement),
        bool(p.q),
    ]
    return sum(changed)


def departements(region: Region | None, scope: tuple[str, ...] = ()):
    if scope:
        return [d for d in (region.departements if region else []) if d.code in scope]
    if region is not None:
        return region.departements
    from app.models import Departement

    return list(db.session.scalars(select(Departement).order_by(Departement.code)))


def filtered(p: QueueParams, statuses: tuple[str, ...] | None = None) -> Select:
    """Events of the edition and region matching the filters (without order)."""
    stmt = (
        select(Event)
        .join(Organisation, Organisation.id == Event.organiser_id)
        .join(Theme, Theme.id == Event.theme_id)
        .where(Event.edition_id == p.edition.id)
    )
    if p.region is not None:
        stmt = stmt.where(Event.region_id == p.region.id)
    if statuses is not None:
        stmt = stmt.where(Event.status.in_(statuses))
    elif p.status == "a-traiter":
        stmt = stmt.where(Event.status == "soumis")
    elif p.status == "tous":
        stmt = stmt.where(Event.status.in_(VISIBLE_STATUSES))
    else:
        stmt = stmt.where(Event.status == p.status)
    if p.theme:
        stmt = stmt.where(Theme.slug == p.theme)
    if p.departement:
        stmt = stmt.where(Event.departement_code == p.departement)
    if p.scope:
        stmt = stmt.where(Event.departement_code.in_(p.scope))
    if p.q:
        stmt = stmt.where(func.lower(Organisation.name).contains(p.q.lower(), autoescape=True))
    return stmt


def ordered(stmt: Select, p: QueueParams) -> Select:
    if p.sort == "a-traiter":
        priority = case({"soumis": 0, "a-modifier": 1, "publie": 2, "refuse": 3}, value=Event.status)
        keys = [priority, Event.submitted_at, Event.starts_at]
    else:
        keys = {
            "date": [Event.starts_at],
            "organisateur": [func.lower(Organisation.name), Event.starts_at],
            "thematique": [Theme.number, Event.starts_at],
            "inscription": [Event.created_at],
            "commune": [func.lower(Event.commune), Event.starts_at],
        }[p.sort]
    if p.desc:
        keys = [k.desc() for k in keys]
    return stmt.order_by(*keys, Event.id.desc() if p.desc else Event.id)


_LIST_LOAD = (
    selectinload(Event.organiser),
    selectinload(Event.theme),
    selectinload(Event.region),
    selectinload(Event.departement),
)


@dataclass
class Page:
    events: list[Event]
    total: int
    page: int
    pages: int
    counts: dict[str, int] = field(default_factory=dict)


def queue(p: QueueParams, page_size: int = 50) -> Page:
    stmt = filtered(p)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, ceil(total / page_size))
    page = min(p.page, pages)
    events = list(
        db.session.scalars(
            ordered(stmt, p).options(*_LIST_LOAD).limit(page_size).offset((page - 1) * page_size)
        )
    )
    return Page(events=events, total=total, page=page, pages=pages, counts=status_counts(p))


def status_counts(p: QueueParams) -> dict[str, int]:
    stmt = (
        select(Event.status, func.count())
        .where(Event.edition_id == p.edition.id)
        .where(Event.status.in_(VISIBLE_STATUSES))
        .group_by(Event.status)
    )
    if p.region is not None:
        stmt = stmt.where(Event.region_id == p.region.id)
    if p.scope:
        stmt = stmt.where(Event.departement_code.in_(p.scope))
    return dict(db.session.execute(stmt).all())


def all_matching(p: QueueParams, statuses: tuple[str, ...] | None = None) -> list[Event]:
    """Every event matching the filters, in the queue's order (exports)."""
    return list(db.session.scalars(ordered(filtered(p, statuses), p).options(*_LIST_LOAD)))


# --- Decisions -----------------------------------------------------------------------------


def available(event: Event) -> list[str]:
    """The decisions a moderator can take on `event` now."""
    return [a for a in DECISIONS if workflow.allowed(event, a)]


def _conflict_message(event: Event) -> str:
    last = db.session.scalar(
        select(EventDecision)
        .where(EventDecision.event_id == event.id)
        .order_by(EventDecision.created_at.desc(), EventDecision.id.desc())
    )
    status = STATUS_LABELS.get(event.status, event.status)
    if last is not None and last.user is not None:
        return _(
            "Cet événement a changé entre-temps : il est maintenant « %(status)s » "
            "(dernière action par %(who)s). Aucune décision n'a été enregistrée ; "
            "vérifiez son état avant de décider.",
            status=status,
            who=last.user.name or last.user.email,
        )
    return _(
        "Cet événement a changé entre-temps : il est maintenant « %(status)s ». Aucune "
        "décision n'a été enregistrée ; vérifiez son état avant de décider.",
        status=status,
    )


def _claim(event: Event, expected: str) -> None:
    """Compare-and-set on the status row: of two concurrent decisions, only one passes."""
    try:
        result = db.session.execute(
            update(Event)
            .where(Event.id == event.id, Event.status == expected)
            .values(updated_at=func.current_timestamp())
            .execution_options(synchronize_session=False)
        )
    except OperationalError:  # SQLite: another writer committed since our snapshot
        raise Conflict(
            _(
                "Cet événement vient d'être modifié par quelqu'un d'autre. Rechargez la "
                "page pour voir son état actuel."
            ),
            fatal=True,
        ) from None
    if result.rowcount != 1:
        db.session.refresh(event)
        raise Conflict(_conflict_message(event))


def decide(
    event: Event, action: str, user: User, message: str = "", expected_status: str | None = None
) -> EventDecision:
    """Take one moderator decision on `event`. Raises Conflict (status changed meanwhile,
    or action impossible) or workflow.TransitionError (message missing)."""
    if action not in DECISIONS:
        raise Conflict(_("Décision inconnue."))
    expected = expected_status or event.status
    if event.status != expected:
        raise Conflict(_conflict_message(event))
    if not workflow.allowed(event, action):
        raise Conflict(
            _(
                "Cette décision n'est pas possible pour un événement « %(status)s ».",
                status=STATUS_LABELS.get(event.status, event.status),
            )
        )
    message = (message or "").strip()
    if workflow.TRANSITIONS[action].needs_message and not message:
        raise workflow.TransitionError(_("Indiquez un message pour l'organisateur."))
    if len(message) > MAX_MESSAGE:
        raise workflow.TransitionError(
            _("Le message est trop long (%(max)d caractères au plus).", max=MAX_MESSAGE)
        )
    _claim(event, expected)
    return workflow.apply(event, action, user, message)


@dataclass
class BulkResult:
    published: list[Event] = field(default_factory=list)
    skipped: list[tuple[Event, str]] = field(default_factory=list)
    decisions: list[EventDecision] = field(default_factory=list)


def bulk_publish(events: list[Event], user: User) -> BulkResult:
    """Publish every publishable event; report the others with the reason."""
    result = BulkResult()
    for event in events:
        if not workflow.allowed(event, "publish"):
            result.skipped.append(
                (
                    event,
                    _(
                        "statut « %(status)s », ne peut pas être publié",
                        status=STATUS_LABELS.get(event.status, event.status),
                    ),
                )
            )
            continue
        try:
            result.decisions.append(decide(event, "publish", user, expected_status=event.status))
        except Conflict as exc:
            if exc.fatal:
                raise
            result.skipped.append((event, exc.message))
            continue
        result.published.append(event)
    return result


def events_by_ids(ids: list[int]) -> list[Event]:
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.id.in_(ids[:BULK_LIMIT]))
            .options(*_LIST_LOAD)
            .order_by(Event.starts_at, Event.id)
        )
    )


def recipients(event: Event) -> list[str]:
    """Who hears about a decision: the event's contact and the organisation's members."""
    emails = [event.contact_email] + list(
        db.session.scalars(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == event.organiser_id, User.active.is_(True))
        )
    )
    seen: dict[str, str] = {}
    for email in emails:
        if email and email.strip():
            seen.setdefault(email.strip().lower(), email.strip())
    return list(seen.values())


def notify(event: Event, decision: EventDecision, event_url: str, dashboard_url: str | None) -> list[str]:
    """E-mail a publication, a request for changes or a refusal to the organiser (in the
    decision's transaction: the messages leave after its commit)."""
    from app.mail import send_mail

    subjects = {
        "publish": _("Votre événement « %(title)s » est publié", title=event.title),
        "request_changes": _("Modifications demandées pour votre événement « %(title)s »", title=event.title),
        "refuse": _("Votre événement « %(title)s » n'a pas été retenu", title=event.title),
    }
    if decision.action not in subjects:
        return []
    subject = subjects[decision.action]
    sent = recipients(event)
    for to in sent:
        send_mail(
            to,
            subject,
            "moderation_decision",
            event=event,
            decision=decision,
            region=event.region,
            event_url=event_url,
            dashboard_url=dashboard_url,
        )
    return sent


def notify_revision(
    event: Event, revision, fields: list[str], event_url: str, dashboard_url: str | None
) -> list[str]:
    """E-mail the CRESS's decision on a pending revision to the organiser (in its transaction)."""
    from app.mail import send_mail

    subject = (
        _("Votre modification de « %(title)s » est publiée", title=event.title)
        if revision.status == "approved"
        else _("Votre modification de « %(title)s » n'a pas été retenue", title=event.title)
    )
    sent = recipients(event)
    for to in sent:
        send_mail(
            to,
            subject,
            "revision_decision",
            event=event,
            revision=revision,
            fields=fields,
            region=event.region,
            event_url=event_url,
            dashboard_url=dashboard_url,
        )
    return sent
