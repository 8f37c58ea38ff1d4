"""National jury of the Prix ESS: shortlist of 50, criteria, assignments, conflicts of
interest, scores, rankings, laureates, publication and the held e-mails to applicants."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.common.time import to_local, utcnow
from app.extensions import db
from app.models import (
    Candidacy,
    ConflictOfInterest,
    Criterion,
    JuryAssignment,
    JuryScore,
    Membership,
    PrizePublication,
    User,
)
from app.prizes.candidacy import workflow
from app.prizes.candidacy.steps import CATEGORY_CODES, category_label
from app.prizes.candidacy.workflow import (
    FINALISTS,
    LAUREAT,
    NON_RETENU,
    PRESELECTIONNE,
    RETENU,
    CandidacyError,
    record,
)
from app.web.filters import date_fr

SHORTLIST_SIZE = 50


class JuryError(CandidacyError):
    pass


def publication(edition_id: int) -> PrizePublication:
    """What is published for the edition, to read: a blank record, not added to the session,
    while nothing is (a page that only reads writes nothing)."""
    return db.session.get(PrizePublication, edition_id) or PrizePublication(edition_id=edition_id)


def _publication_to_change(edition_id: int) -> PrizePublication:
    pub = db.session.get(PrizePublication, edition_id)
    if pub is None:
        pub = PrizePublication(edition_id=edition_id)
        db.session.add(pub)
        db.session.flush()
    return pub


# --- shortlist --------------------------------------------------------------------------


def candidates_for_shortlist(edition_id: int) -> list[Candidacy]:
    return list(
        db.session.scalars(
            select(Candidacy)
            .where(
                Candidacy.edition_id == edition_id, Candidacy.status.in_((PRESELECTIONNE, RETENU, LAUREAT))
            )
            .order_by(Candidacy.cress_score.desc().nulls_last(), Candidacy.id)
        )
    )


def set_shortlisted(candidacy: Candidacy, user: User, shortlisted: bool) -> None:
    if publication(candidacy.edition_id).shortlist_published_at is not None:
        raise JuryError(_("La liste des 50 est déjà publiée."))
    if shortlisted:
        if not workflow.allowed(candidacy, "shortlist"):
            raise JuryError(_("Seule une candidature pré-sélectionnée par une CRESS peut être retenue."))
        count = len([c for c in candidates_for_shortlist(candidacy.edition_id) if c.status in FINALISTS])
        if count >= SHORTLIST_SIZE:
            raise JuryError(_("La liste compte déjà %(n)d candidatures.", n=SHORTLIST_SIZE))
        workflow.apply(candidacy, "shortlist", user)
    elif workflow.allowed(candidacy, "unshortlist"):
        workflow.apply(candidacy, "unshortlist", user)
    db.session.flush()


# --- criteria and assignments ------------------------------------------------------------


def criteria(category: str) -> list[Criterion]:
    return list(
        db.session.scalars(
            select(Criterion).where(Criterion.category == category).order_by(Criterion.position, Criterion.id)
        )
    )


def add_criterion(category: str, label: str, weight: int, max_score: int) -> Criterion:
    if category not in CATEGORY_CODES:
        raise JuryError(_("Catégorie inconnue."))
    crit = Criterion(
        category=category, label=label, weight=weight, max_score=max_score, position=len(criteria(category))
    )
    db.session.add(crit)
    db.session.flush()
    return crit


def assignments(edition_id: int) -> list[JuryAssignment]:
    return list(
        db.session.scalars(
            select(JuryAssignment)
            .where(JuryAssignment.edition_id == edition_id)
            .order_by(JuryAssignment.category, JuryAssignment.id)
        )
    )


def assign(edition_id: int, juror: User, category: str) -> None:
    if category not in CATEGORY_CODES:
        raise JuryError(_("Catégorie inconnue."))
    if not juror.is_jury:
        raise JuryError(_("Ce compte n'a pas le rôle de juré."))
    exists = db.session.scalar(
        select(JuryAssignment).where(
            JuryAssignment.edition_id == edition_id,
            JuryAssignment.user_id == juror.id,
            JuryAssignment.category == category,
        )
    )
    if exists is None:
        db.session.add(JuryAssignment(edition_id=edition_id, user_id=juror.id, category=category))
        db.session.flush()


def categories_of(juror: User, edition_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(JuryAssignment.category).where(
                JuryAssignment.edition_id == edition_id, JuryAssignment.user_id == juror.id
            )
        )
    )


def juror_candidacies(juror: User, edition_id: int) -> list[tuple[str, Candidacy]]:
    """(category, candidacy) pairs the juror is to score."""
    cats = categories_of(juror, edition_id)
    rows = db.session.scalars(
        select(Candidacy)
        .where(Candidacy.edition_id == edition_id, Candidacy.status.in_(FINALISTS))
        .order_by(Candidacy.id)
    )
    return [(cat, c) for c in rows for cat in cats if cat in (c.categories or [])]


def is_assigned(juror: User, candidacy: Candidacy, category: str) -> bool:
    return (
        candidacy.status in FINALISTS
        and category in (candidacy.categories or [])
        and category in categories_of(juror, candidacy.edition_id)
    )


def conflict(juror: User, candidacy: Candidacy) -> ConflictOfInterest | None:
    return db.session.scalar(
        select(ConflictOfInterest).where(
            ConflictOfInterest.user_id == juror.id, ConflictOfInterest.candidacy_id == candidacy.id
        )
    )


def declare_conflict(juror: User, candidacy: Candidacy, reason: str) -> None:
    if conflict(juror, candidacy) is None:
        db.session.add(ConflictOfInterest(user_id=juror.id, candidacy_id=candidacy.id, reason=reason))
        db.session.execute(
            JuryScore.__table__.delete().where(
                JuryScore.user_id == juror.id, JuryScore.candidacy_id == candidacy.id
            )
        )
        record(candidacy, juror, "conflict", reason)
        db.session.flush()


def my_scores(juror: User, candidacy: Candidacy) -> dict[int, int]:
    return {
        s.criterion_id: s.score
        for s in db.session.scalars(
            select(JuryScore).where(JuryScore.user_id == juror.id, JuryScore.candidacy_id == candidacy.id)
        )
    }


def save_scores(juror: User, candidacy: Candidacy, category: str, scores: dict[int, int]) -> None:
    if conflict(juror, candidacy) is not None:
        raise JuryError(_("Vous avez déclaré un conflit d'intérêts : vous ne notez pas cette candidature."))
    if publication(candidacy.edition_id).laureates_published_at is not None:
        raise JuryError(_("Les lauréats sont publiés : les notes sont closes."))
    existing = {
        s.criterion_id: s
        for s in db.session.scalars(
            select(JuryScore).where(JuryScore.user_id == juror.id, JuryScore.candidacy_id == candidacy.id)
        )
    }
    for crit in criteria(category):
        value = scores.get(crit.id)
        if value is None:
            continue
        if not 0 <= value <= crit.max_score:
            raise JuryError(_("Note hors limites."))
        if crit.id in existing:
            existing[crit.id].score = value
        else:
            db.session.add(
                JuryScore(candidacy_id=candidacy.id, user_id=juror.id, criterion_id=crit.id, score=value)
            )
    record(candidacy, juror, "score", category_label(category))
    db.session.flush()


# --- rankings, laureates, publication ----------------------------------------------------


@dataclass
class Ranked:
    candidacy: Candidacy
    score: float | None  # weighted mean on 20
    jurors: int


def ranking(edition_id: int, category: str) -> list[Ranked]:
    """Per candidacy: the mean over jurors of each juror's weighted mean, brought to /20."""
    crits = {c.id: c for c in criteria(category)}
    out = []
    for c in db.session.scalars(
        select(Candidacy).where(Candidacy.edition_id == edition_id, Candidacy.status.in_(FINALISTS))
    ):
        if category not in (c.categories or []):
            continue
        per_juror: dict[int, list[tuple[int, int, int]]] = {}
        for s in db.session.scalars(select(JuryScore).where(JuryScore.candidacy_id == c.id)):
            crit = crits.get(s.criterion_id)
            if crit is not None:
                per_juror.setdefault(s.user_id, []).append((s.score, crit.max_score, crit.weight))
        means = [
            20 * sum(sc / mx * w for sc, mx, w in rows) / sum(w for _s, _m, w in rows)
            for rows in per_juror.values()
            if sum(w for _s, _m, w in rows)
        ]
        out.append(Ranked(c, round(sum(means) / len(means), 2) if means else None, len(means)))
    out.sort(key=lambda r: (r.score is None, -(r.score or 0)))
    return out


def set_laureate(candidacy: Candidacy, user: User, category: str, text: str, video: str) -> None:
    """Make `candidacy` the laureate of `category` (replacing the former one). An organisation
    wins one prize: a laureate of another prize is refused (its first prize would be lost)."""
    if publication(candidacy.edition_id).laureates_published_at is not None:
        raise JuryError(_("Les lauréats sont déjà publiés."))
    if candidacy.status not in FINALISTS or category not in (candidacy.categories or []):
        raise JuryError(_("Cette candidature ne concourt pas pour ce prix."))
    if candidacy.status == LAUREAT and candidacy.laureate_category not in (None, category):
        raise JuryError(
            _(
                "%(name)s est déjà lauréate du %(prize)s : une organisation ne reçoit qu'un prix. Pour lui "
                "donner celui-ci, désignez d'abord un autre lauréat du %(prize)s.",
                name=candidacy.organisation.name,
                prize=category_label(candidacy.laureate_category),
            )
        )
    for other in db.session.scalars(
        select(Candidacy).where(
            Candidacy.edition_id == candidacy.edition_id,
            Candidacy.laureate_category == category,
            Candidacy.id != candidacy.id,
        )
    ):
        other.laureate_category = None
        workflow.apply(other, "unlaureate", user, category_label(category))
    candidacy.laureate_category = category
    candidacy.laureate_text, candidacy.laureate_video_url = text, video
    workflow.apply(candidacy, "laureate", user, category_label(category))
    db.session.flush()


@dataclass(frozen=True)
class ShortlistCounts:
    """What publishing the list of 50 will do (the confirmation page)."""

    retained: int
    not_retained: int
    emails: int


def shortlist_counts(edition_id: int) -> ShortlistCounts:
    candidates = candidates_for_shortlist(edition_id)
    retained = [c for c in candidates if c.status in FINALISTS]
    rejected = [c for c in candidates if c.status == PRESELECTIONNE]
    emails = sum(len(_member_emails(c)) for c in retained + rejected)
    return ShortlistCounts(len(retained), len(rejected), emails)


def publish_shortlist(edition_id: int, user: User) -> None:
    """Publish the 50: the pre-selected candidacies left out become « non retenue ». Refused
    while none is retained (everyone would be told they lost)."""
    pub = _publication_to_change(edition_id)
    if pub.shortlist_published_at is None:
        if shortlist_counts(edition_id).retained == 0:
            raise JuryError(
                _(
                    "Aucune candidature n'est retenue : la publication écarterait toutes les candidatures. "
                    "Retenez d'abord celles de la liste des 50."
                )
            )
        pub.shortlist_published_at = utcnow()
        for c in candidates_for_shortlist(edition_id):
            if workflow.allowed(c, "reject"):
                workflow.apply(c, "reject", user)
        db.session.flush()


def cancel_shortlist(edition_id: int, user: User) -> int:
    """Undo the publication of the 50 while its e-mails have not left the outbox: the
    messages still waiting are withdrawn, the candidacies left out are pre-selected again.
    Returns the number of messages withdrawn; JuryError (French) when it is too late."""
    from app.mail import outbox

    pub = publication(edition_id)
    if pub.shortlist_published_at is None:
        raise JuryError(_("La liste des 50 n'est pas publiée."))
    if pub.laureates_published_at is not None:
        raise JuryError(_("Les lauréats sont publiés : la liste des 50 ne peut plus être dépubliée."))
    try:
        withdrawn = outbox.withdraw(list(pub.shortlist_mail_ids or []))
    except outbox.AlreadySent:
        raise JuryError(
            _(
                "Les e-mails de résultat sont déjà partis : la publication de la liste des 50 ne peut plus "
                "être annulée."
            )
        ) from None
    for c in db.session.scalars(
        select(Candidacy).where(Candidacy.edition_id == edition_id, Candidacy.status == NON_RETENU)
    ):
        workflow.apply(c, "unreject", user)
    pub.shortlist_published_at = pub.shortlist_mailed_at = None
    pub.shortlist_mail_ids = None
    db.session.flush()
    return withdrawn


def laureates_announcement(edition, now) -> str:
    """When the public will know the laureates (the page /prix/laureats before publication):
    at the launch of the Month, the edition's first day."""
    if to_local(now).date() < edition.month_start:
        return _(
            "Les lauréats des Prix ESS %(year)s seront annoncés au lancement du Mois de l'ESS, le %(date)s.",
            year=edition.year,
            date=date_fr(edition.month_start, "EEEE d MMMM y"),
        )
    return _("Les lauréats des Prix ESS %(year)s seront annoncés très prochainement.", year=edition.year)


def publish_laureates(edition_id: int) -> None:
    pub = publication(edition_id)  # in the database once the shortlist is published
    if pub.shortlist_published_at is None:
        raise JuryError(_("Publiez d'abord la liste des 50."))
    if pub.laureates_published_at is None:
        pub.laureates_published_at = utcnow()
        db.session.flush()


def open_deliberation(edition_id: int) -> None:
    pub = _publication_to_change(edition_id)
    pub.deliberation_opened_at = pub.deliberation_opened_at or utcnow()
    db.session.flush()


def shortlist(edition_id: int) -> list[Candidacy]:
    return list(
        db.session.scalars(
            select(Candidacy)
            .where(Candidacy.edition_id == edition_id, Candidacy.status.in_(FINALISTS))
            .order_by(Candidacy.project_title)
        )
    )


def laureates(edition_id: int) -> list[Candidacy]:
    rows = db.session.scalars(
        select(Candidacy).where(Candidacy.edition_id == edition_id, Candidacy.status == LAUREAT)
    )
    order = {code: i for i, code in enumerate(CATEGORY_CODES)}
    return sorted(rows, key=lambda c: order.get(c.laureate_category, 99))


def pending_messages(edition_id: int) -> list[tuple[str, str, Candidacy]]:
    """(e-mail, kind, candidacy) held until the admin sends them: computed from the statuses
    once a publication is made and not yet mailed."""
    pub = publication(edition_id)
    kinds = []
    if pub.shortlist_published_at and not pub.shortlist_mailed_at:
        kinds.append("shortlist")
    if pub.laureates_published_at and not pub.laureates_mailed_at:
        kinds.append("laureates")
    out = []
    for kind in kinds:
        statuses = (RETENU, LAUREAT, NON_RETENU) if kind == "shortlist" else (LAUREAT,)
        for c in db.session.scalars(
            select(Candidacy)
            .where(Candidacy.edition_id == edition_id, Candidacy.status.in_(statuses))
            .order_by(Candidacy.id)
        ):
            for email in _member_emails(c):
                out.append((email, kind, c))
    return out


def _member_emails(c: Candidacy) -> list[str]:
    return list(
        db.session.scalars(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == c.organisation_id)
        )
    )


def send_pending(edition_id: int) -> int:
    from app.mail import send_mail
    from app.mail.outbox import mail_id_of

    messages = pending_messages(edition_id)
    shortlist_ids = []
    for email, kind, c in messages:
        if kind == "laureates":
            subject = _("Votre organisation est lauréate des Prix ESS")
        elif c.status == NON_RETENU:
            subject = _("Prix ESS : résultat de votre candidature")
        else:
            subject = _("Votre candidature fait partie des 50 entreprises qui ont de l'audace")
        message = send_mail(
            email,
            subject,
            "prize_result",
            candidacy=c,
            kind=kind,
            category=category_label(c.laureate_category or ""),
        )
        if kind == "shortlist":
            shortlist_ids.append(mail_id_of(message))
    pub = _publication_to_change(edition_id)
    now = utcnow()
    if pub.shortlist_published_at and not pub.shortlist_mailed_at:
        pub.shortlist_mailed_at = now
        pub.shortlist_mail_ids = shortlist_ids
    if pub.laureates_published_at and not pub.laureates_mailed_at:
        pub.laureates_mailed_at = now
    db.session.flush()
    return len(messages)
