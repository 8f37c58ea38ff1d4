"""Candidacy rules: the window of the call, drafts saved step by step, submission, discard,
late-submission codes. Services flush, views commit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update

from app.common.text import match_key
from app.common.time import utcnow
from app.extensions import db
from app.models import (
    Candidacy,
    CandidacyEvent,
    Edition,
    LateSubmissionCode,
    Organisation,
    User,
)
from app.prizes.candidacy import workflow
from app.prizes.candidacy.steps import CATEGORY_CODES, STEPS
from app.prizes.candidacy.workflow import (
    BROUILLON,
    DEPOSE,
    LAUREAT,
    NON_RETENU,
    PRESELECTIONNE,
    RETENU,
    CandidacyError,
    record,
)
from app.web.filters import deadline_fr, opening_fr

APPLICANT_ACTIONS = ("create", "submit", "late_code")


def applicant_history(candidacy: Candidacy) -> list[CandidacyEvent]:
    """What the applicant sees: the CRESS and jury decisions stay quiet until published."""
    return [e for e in history(candidacy) if e.action in APPLICANT_ACTIONS]


def history(candidacy: Candidacy) -> list[CandidacyEvent]:
    return list(
        db.session.scalars(
            select(CandidacyEvent)
            .where(CandidacyEvent.candidacy_id == candidacy.id)
            .order_by(CandidacyEvent.id)
        )
    )


def applicant_status(candidacy: Candidacy) -> str:
    """The status the applicant may see: decisions stay quiet until the national publication."""
    from app.models import PrizePublication

    pub = db.session.get(PrizePublication, candidacy.edition_id)
    status = candidacy.status
    if status == LAUREAT and not (pub and pub.laureates_published_at):
        status = RETENU
    if status in (RETENU, NON_RETENU) and not (pub and pub.shortlist_published_at):
        status = DEPOSE
    return DEPOSE if status == PRESELECTIONNE else status


def window(edition: Edition, now: datetime | None = None) -> str:
    """'before', 'open' or 'after' the call for candidacies (instants in naive UTC)."""
    now = now or utcnow()
    if now < edition.candidacy_open:
        return "before"
    if now < edition.candidacy_close:
        return "open"
    return "after"


def window_message(edition: Edition, now: datetime | None = None) -> str:
    state = window(edition, now)
    if state == "before":
        return _(
            "L'appel à candidatures ouvrira le %(open)s et fermera le %(close)s.",
            open=opening_fr(edition.candidacy_open),
            close=deadline_fr(edition.candidacy_close),
        )
    if state == "after":
        # The late-code field has its own explanation, shown only where the field is.
        return _(
            "L'appel à candidatures est clos : il a pris fin le %(close)s.",
            close=deadline_fr(edition.candidacy_close),
        )
    return _(
        "L'appel à candidatures est ouvert jusqu'au %(close)s.", close=deadline_fr(edition.candidacy_close)
    )


def can_write(candidacy: Candidacy, now: datetime | None = None) -> bool:
    """A draft is editable while the call is open, or after it with a redeemed late code."""
    if candidacy.status != BROUILLON:
        return False
    if window(candidacy.edition, now) == "open":
        return True
    if candidacy.late_code_id is None:
        return False
    code = db.session.get(LateSubmissionCode, candidacy.late_code_id)
    return code is not None and (now or utcnow()) < code.expires_at


def candidacy_for(organisation: Organisation, edition: Edition) -> Candidacy | None:
    return db.session.scalar(
        select(Candidacy).where(
            Candidacy.organisation_id == organisation.id, Candidacy.edition_id == edition.id
        )
    )


def start(organisation: Organisation, edition: Edition, user: User, now: datetime | None = None) -> Candidacy:
    """Open the organisation's candidacy, creating the draft once (a second start returns it)."""
    existing = candidacy_for(organisation, edition)
    if existing is not None:
        return existing
    if window(edition, now) != "open":
        raise CandidacyError(window_message(edition, now))
    return _new_draft(organisation, edition, user)


def _new_draft(organisation: Organisation, edition: Edition, user: User) -> Candidacy:
    """An empty draft of the organisation for the edition, with its "create" history row."""
    candidacy = Candidacy(
        edition_id=edition.id,
        organisation_id=organisation.id,
        region_id=organisation.region_id,
        categories=[],
        answers={},
    )
    db.session.add(candidacy)
    db.session.flush()
    record(candidacy, user, "create")
    return candidacy


def save_step(candidacy: Candidacy, slug: str, values: dict, now: datetime | None = None) -> None:
    if not can_write(candidacy, now):
        raise CandidacyError(_("Cette candidature ne peut plus être modifiée."))
    values = {k: v for k, v in values.items()}
    if "categories" in values:
        candidacy.categories = [c for c in (values["categories"] or []) if c in CATEGORY_CODES]
        values["categories"] = candidacy.categories
    if "project_title" in values:
        candidacy.project_title = (values["project_title"] or "").strip()
    answers = dict(candidacy.answers or {})
    answers[slug] = values
    candidacy.answers = answers
    candidacy.updated_at = now or utcnow()
    db.session.flush()


def answer(candidacy: Candidacy, slug: str, name: str):
    return (candidacy.answers or {}).get(slug, {}).get(name)


def missing(candidacy: Candidacy) -> list[tuple[str, str]]:
    """(step slug, question label) of every required answer still empty."""
    out = []
    for st in STEPS:
        for q in st.questions:
            value = answer(candidacy, st.slug, q.name)
            if q.required and (value is None or value == "" or value == []):
                out.append((st.slug, str(q.label)))
    return out


def submit(candidacy: Candidacy, user: User, now: datetime | None = None, link: str = "") -> None:
    """Submit a complete draft; members receive a confirmation with `link` to the summary."""
    if not workflow.allowed(candidacy, "submit"):
        raise CandidacyError(_("Cette candidature a déjà été déposée."))
    if not can_write(candidacy, now):
        raise CandidacyError(window_message(candidacy.edition, now))
    if missing(candidacy):
        raise CandidacyError(_("Complétez toutes les étapes avant de déposer la candidature."))
    workflow.apply(candidacy, "submit", user)
    candidacy.submitted_at = now or utcnow()
    db.session.flush()
    _notify_submitted(candidacy, link)


def _notify_submitted(candidacy: Candidacy, link: str) -> None:
    from app.mail import send_mail
    from app.models import Membership

    members = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == candidacy.organisation_id)
    )
    for member in members:
        send_mail(
            member.email,
            _("Votre candidature aux Prix ESS est bien déposée"),
            "candidacy_submitted",
            user=member,
            candidacy=candidacy,
            link=link,
        )


def discard(candidacy: Candidacy, user: User) -> None:
    if candidacy.status != BROUILLON:
        raise CandidacyError(_("Une candidature déposée ne peut pas être abandonnée."))
    db.session.delete(candidacy)
    db.session.flush()


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def grant_late_code(
    organisation: Organisation, edition: Edition, admin: User, days: int = 7, now: datetime | None = None
) -> str:
    """A new single-use code (returned once in clear; only its hash is stored)."""
    code = secrets.token_hex(5).upper()
    db.session.add(
        LateSubmissionCode(
            edition_id=edition.id,
            organisation_id=organisation.id,
            code_hash=_hash(code),
            expires_at=(now or utcnow()) + timedelta(days=days),
            created_by_id=admin.id,
        )
    )
    db.session.flush()
    return code


def redeem_late_code(
    organisation: Organisation, edition: Edition, code: str, user: User, now: datetime | None = None
) -> Candidacy:
    now = now or utcnow()
    late = db.session.scalar(
        select(LateSubmissionCode).where(
            LateSubmissionCode.code_hash == _hash(code),
            LateSubmissionCode.organisation_id == organisation.id,
            LateSubmissionCode.edition_id == edition.id,
        )
    )
    if late is None:
        raise CandidacyError(_("Ce code n'est pas valable pour cette organisation."))
    if late.used_at is not None:
        raise CandidacyError(_("Ce code a déjà été utilisé."))
    if now >= late.expires_at:
        raise CandidacyError(_("Ce code a expiré le %(date)s.", date=deadline_fr(late.expires_at)))
    # Used in one conditional UPDATE: of two submissions at once, only one can take it (the
    # other waits for the first to commit, then finds it used). The caller commits only on success.
    taken = db.session.execute(
        update(LateSubmissionCode)
        .where(LateSubmissionCode.code_hash == late.code_hash, LateSubmissionCode.used_at.is_(None))
        .values(used_at=now)
        .returning(LateSubmissionCode.id),
        execution_options={"synchronize_session": False},
    ).first()
    if taken is None:
        raise CandidacyError(_("Ce code a déjà été utilisé."))
    db.session.expire(late, ["used_at"])
    candidacy = candidacy_for(organisation, edition)
    if candidacy is None:
        candidacy = _new_draft(organisation, edition, user)
    if candidacy.status != BROUILLON:
        raise CandidacyError(_("Cette candidature a déjà été déposée."))
    candidacy.late_code_id = late.id
    record(candidacy, user, "late_code")
    db.session.flush()
    return candidacy


# --- Late codes given by a CRESS or the national team ----------------------------------------

MAX_MATCHES = 12


def organisations_named(name: str, region_id: int | None) -> tuple[list[Organisation], list[Organisation]]:
    """The organisations (of the region, if given) whose name is `name`, ignoring case,
    accents and punctuation; and, when none is, those whose name contains its words (to
    suggest). Both sorted by name, at most MAX_MATCHES."""
    key = match_key(name)
    if not key:
        return [], []
    query = select(Organisation.id, Organisation.name)
    if region_id is not None:
        query = query.where(Organisation.region_id == region_id)
    keys = [(oid, match_key(n)) for oid, n in db.session.execute(query)]
    exact = [oid for oid, k in keys if k == key]
    words = key.split()
    close = [] if exact else [oid for oid, k in keys if all(w in k for w in words)]

    def load(ids: list[int]) -> list[Organisation]:
        if not ids:
            return []
        rows = db.session.scalars(
            select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name, Organisation.id)
        )
        return list(rows)[:MAX_MATCHES]

    return load(exact), load(close)


def pick_organisation(
    name: str, picked: int | None, region_id: int | None
) -> tuple[Organisation | None, list[Organisation], str]:
    """The organisation the giver means: the only one with that name, or the one picked in
    the list shown before. Otherwise (None, the organisations to choose from, a French message)."""
    exact, close = organisations_named(name, region_id)
    if picked is not None:
        chosen = next((o for o in exact + close if o.id == picked), None)
        if chosen is not None:
            return chosen, [], ""
    if len(exact) == 1:
        return exact[0], [], ""
    if exact:
        return None, exact, _("Plusieurs organisations portent ce nom : choisissez la bonne dans la liste.")
    where = _("dans votre région") if region_id is not None else _("sur le site")
    if close:
        return (
            None,
            close,
            _(
                "Aucune organisation ne porte exactement ce nom %(where)s : choisissez-la dans la liste.",
                where=where,
            ),
        )
    return None, [], _("Aucune organisation ne porte ce nom %(where)s.", where=where)


def region_organisation_names(region_id: int) -> list[str]:
    """Names of the region's organisations (the suggestions of the late-code field)."""
    return list(
        db.session.scalars(
            select(Organisation.name)
            .where(Organisation.region_id == region_id)
            .distinct()
            .order_by(Organisation.name)
        )
    )


def late_code_recipients(organisation: Organisation) -> list[str]:
    """The organisation's contact address, then its members' (each address once)."""
    from app.models import Membership

    emails = [organisation.contact_email] + list(
        db.session.scalars(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == organisation.id, User.active.is_(True))
            .order_by(User.email)
        )
    )
    seen: dict[str, str] = {}
    for email in emails:
        if email and email.strip():
            seen.setdefault(email.strip().lower(), email.strip())
    return list(seen.values())


def give_late_code(
    organisation: Organisation,
    edition: Edition,
    giver: User,
    days: int,
    link: str,
    now: datetime | None = None,
) -> list[str]:
    """Grant a single-use late code to `organisation` and e-mail it (through the outbox, in
    this transaction) to its contact and members; the addresses written to. Raises
    CandidacyError (French) before anything is written."""
    existing = candidacy_for(organisation, edition)
    if existing is not None and existing.status != BROUILLON:
        raise CandidacyError(
            _("%(name)s a déjà déposé sa candidature : un code n'est pas utile.", name=organisation.name)
        )
    recipients = late_code_recipients(organisation)
    if not recipients:
        raise CandidacyError(
            _(
                "%(name)s n'a ni adresse de contact ni membre inscrit : le code ne peut pas lui être "
                "envoyé. Complétez d'abord sa fiche.",
                name=organisation.name,
            )
        )
    now = now or utcnow()
    code = grant_late_code(organisation, edition, giver, days=days, now=now)
    from app.mail import send_mail

    for to in recipients:
        send_mail(
            to,
            _("Votre code pour candidater aux Prix ESS %(year)s", year=edition.year),
            "late_code",
            organisation=organisation,
            edition=edition,
            code=code,
            expires=deadline_fr(now + timedelta(days=days)),
            giver=organisation.region.cress_name
            if giver.moderated_region_id == organisation.region_id
            else _("L'équipe nationale du Mois de l'ESS"),
            link=link,
        )
    return recipients


def late_code_sent(organisation: Organisation, recipients: list[str], days: int) -> str:
    """What the giver reads once the code is on its way."""
    return ngettext(
        "Un code de dépôt tardif pour %(org)s (valable %(num)d jour, une seule fois) est envoyé par e-mail "
        "à %(emails)s.",
        "Un code de dépôt tardif pour %(org)s (valable %(num)d jours, une seule fois) est envoyé par e-mail "
        "à %(emails)s.",
        days,
        org=organisation.name,
        emails=", ".join(recipients),
    )


@dataclass
class LateCodeOutcome:
    """What the giver's form shows next: a French confirmation, or an error and the
    organisations to choose from."""

    done: str = ""
    error: str = ""
    choices: list[Organisation] = field(default_factory=list)


def give_late_code_by_name(
    name: str, picked: int | None, region_id: int | None, edition: Edition, giver: User, days: int, link: str
) -> LateCodeOutcome:
    """The late-code form of the CRESS (its region) and of the national team (region None)."""
    organisation, choices, error = pick_organisation(name, picked, region_id)
    if organisation is None:
        return LateCodeOutcome(error=error, choices=choices)
    try:
        sent = give_late_code(organisation, edition, giver, days, link)
    except CandidacyError as refusal:
        return LateCodeOutcome(error=str(refusal))
    return LateCodeOutcome(done=late_code_sent(organisation, sent, days))
