"""Candidacy rules: the window of the call, drafts saved step by step, submission, discard,
late-submission codes. Services flush, views commit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

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
