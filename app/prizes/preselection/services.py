"""CRESS pre-selection of the Prix ESS: score, comment, pre-selection for the national
shortlist and nominees of the public vote. Nothing here is public: the applicant keeps
seeing « déposée » until the national team publishes the shortlist."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.common.text import slugify
from app.extensions import db
from app.models import Candidacy, CandidacyEvent, Nominee, User
from app.prizes.candidacy import workflow
from app.prizes.candidacy.workflow import (
    BROUILLON,
    DEPOSE,
    NON_RETENU,
    PRESELECTIONNE,
    REVIEWED,
    CandidacyError,
    record,
)
from app.web.filters import date_fr

REVIEWABLE = (DEPOSE, PRESELECTIONNE)


def region_candidacies(edition_id: int, region_id: int) -> list[Candidacy]:
    return list(
        db.session.scalars(
            select(Candidacy)
            .where(
                Candidacy.edition_id == edition_id,
                Candidacy.region_id == region_id,
                Candidacy.status != BROUILLON,
            )
            .order_by(Candidacy.cress_score.desc().nulls_last(), Candidacy.project_title)
        )
    )


def preselection_labels(candidacies: list[Candidacy]) -> dict[int, str]:
    """What the CRESS decided, per candidacy: still visible once the national shortlist is
    published (the pre-selected candidacies left out of the 50 become « non-retenu »)."""
    last_decision: dict[int, str] = {}
    ids = [c.id for c in candidacies]
    if ids:
        rows = db.session.execute(
            select(CandidacyEvent.candidacy_id, CandidacyEvent.action)
            .where(
                CandidacyEvent.candidacy_id.in_(ids), CandidacyEvent.action.in_(("preselect", "unpreselect"))
            )
            .order_by(CandidacyEvent.created_at, CandidacyEvent.id)
        )
        last_decision = {candidacy_id: action for candidacy_id, action in rows}
    labels = {}
    for c in candidacies:
        if c.status in REVIEWED and c.status != NON_RETENU:
            labels[c.id] = _("oui")
        elif c.status == NON_RETENU and last_decision.get(c.id) == "preselect":
            labels[c.id] = _("oui, non retenue parmi les 50")
        else:
            labels[c.id] = _("non")
    return labels


def nominee_for(candidacy: Candidacy) -> Nominee | None:
    return db.session.scalar(select(Nominee).where(Nominee.candidacy_id == candidacy.id))


def evaluate(candidacy: Candidacy, user: User, score: int | None, comment: str, preselect: bool) -> None:
    if candidacy.status not in REVIEWABLE:
        raise CandidacyError(_("Cette candidature n'est plus en pré-sélection régionale."))
    if score != candidacy.cress_score or comment != candidacy.cress_comment:
        candidacy.cress_score, candidacy.cress_comment = score, comment
        record(candidacy, user, "cress_score", f"{score if score is not None else '—'}/20 {comment}".strip())
    target = PRESELECTIONNE if preselect else DEPOSE
    if target != candidacy.status:
        published = shortlist_published_at(candidacy.edition_id)
        if published is not None:
            # The national list is out and its result e-mails computed: a change now would
            # leave the candidacy with no result. The CRESS asks the national team instead.
            raise CandidacyError(
                _(
                    "La liste nationale des 50 a été publiée le %(date)s : la pré-sélection régionale est "
                    "close. Pour une candidature oubliée, contactez l'équipe nationale.",
                    date=date_fr(published, "d MMMM y"),
                )
            )
        workflow.apply(candidacy, "preselect" if preselect else "unpreselect", user)
    db.session.flush()


def shortlist_published_at(edition_id: int):
    from app.models import PrizePublication

    pub = db.session.get(PrizePublication, edition_id)
    return pub.shortlist_published_at if pub else None


def nominate(candidacy: Candidacy, user: User, summary: str, commune: str) -> Nominee:
    """Make the candidacy a nominee of the public vote (Prix de l'impact local)."""
    if candidacy.status in (BROUILLON, NON_RETENU):
        raise CandidacyError(_("Seule une candidature déposée peut être proposée au vote."))
    existing = nominee_for(candidacy)
    if existing is not None:
        return existing
    base = slugify(candidacy.organisation.name)
    slug, n = base, 2
    while db.session.scalar(
        select(Nominee.id).where(Nominee.edition_id == candidacy.edition_id, Nominee.slug == slug)
    ):
        slug, n = f"{base}-{n}", n + 1
    nominee = Nominee(
        edition_id=candidacy.edition_id,
        candidacy_id=candidacy.id,
        name=candidacy.organisation.name,
        slug=slug,
        region_id=candidacy.region_id,
        commune=commune[:120],
        summary=summary,
    )
    db.session.add(nominee)
    record(candidacy, user, "nominate")
    db.session.flush()
    return nominee


def unnominate(candidacy: Candidacy, user: User) -> None:
    nominee = nominee_for(candidacy)
    if nominee is not None:
        db.session.delete(nominee)
        record(candidacy, user, "unnominate")
        db.session.flush()
