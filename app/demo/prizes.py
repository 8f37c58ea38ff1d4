"""Demo data of the Prix ESS: the jury's scoring grids, candidacies from demo organisations
reviewed by their CRESS, the shortlist of 50, the jury's first scores and, for closed
editions, the laureates.

The current edition follows the demo's date: candidacies reviewed two weeks after the call
closes, the shortlist published on 1 September, the jury deliberating from 20 October,
laureates announced on 8 December (so on the demo's 22 November the demo juror still has
scores to give). Editions since PRIZE_SINCE that are over have everything published. The
CRESS's best candidacies for the Prix de l'impact local become the vote's nominees.

The rows are inserted in bulk, but every status change goes through the candidacy workflow's
table (`Plan.move`: `workflow.target` refuses a transition the site would refuse) and writes
the history row the site would write.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from app.common.text import slugify
from app.demo.organisations import FAMILY_NOUNS, SECTOR_PHRASES, Org
from app.demo.places import a
from app.demo.prize_texts import COMMENTS, CRITERIA, LEGAL_STATUS, OTHER_PROJECTS, PROJECTS
from app.extensions import db
from app.models import (
    Candidacy,
    CandidacyEvent,
    Criterion,
    Edition,
    JuryAssignment,
    JuryScore,
    Membership,
    Nominee,
    PrizePublication,
    User,
)
from app.prizes.candidacy import workflow

PRIZE_SINCE = 2021  # older demo editions have no Prix ESS data
SHORTLIST = 50
PRESELECTED_SHARE = 0.7  # of the reviewed candidacies of each region
DRAFT_SHARE = 0.1  # unfinished drafts left in the current edition
CANDIDACIES_PER_EVENT = 0.05  # 90 candidacies for 1,800 events, between 60 and 120
ELIGIBLE = ("association", "cooperative", "mutuelle", "entreprise-ess", "fondation")
CATEGORY_WEIGHTS = {"performance": 30, "innovation": 35, "impact-local": 25, "coup-de-coeur": 10}


def target(events: int) -> int:
    return max(60, min(120, round(events * CANDIDACIES_PER_EVENT)))


def build(seed: int, today: datetime, orgs: list[Org], sizes: dict[int, int], current_year: int) -> int:
    """Insert criteria, candidacies, their history, jury data and publications; return
    the number of submitted candidacies."""
    grids = [
        {"category": code, "label": label, "weight": weight, "max_score": 10, "position": i}
        for code, grid in CRITERIA.items()
        for i, (label, weight) in enumerate(grid)
    ]
    _insert(Criterion.__table__, [{"id": n, **row} for n, row in enumerate(grids, start=1)])
    users = {
        row.email.split("@")[0]: row
        for row in db.session.execute(select(User.email, User.id, User.moderated_region_id))
    }
    staff = Staff(
        admin=users["admin"].id,
        jury=users["jury"].id,
        cress={u.moderated_region_id: u.id for u in users.values() if u.moderated_region_id},
    )
    eligible = [o for o in orgs if o.family in ELIGIBLE]
    member_orgs = list(db.session.scalars(select(Membership.organisation_id).order_by(Membership.user_id)))
    plan = Plan()
    for nominee_id, edition_id in db.session.execute(
        select(Nominee.id, Nominee.edition_id).order_by(Nominee.id)
    ):
        plan.nominee_ids.setdefault(edition_id, []).append(nominee_id)
    for edition in db.session.scalars(
        select(Edition).where(Edition.year >= PRIZE_SINCE).order_by(Edition.year)
    ):
        if edition.candidacy_open >= today or not eligible:
            continue
        rng = random.Random(f"{seed}:prix:{edition.year}")
        featured = member_orgs[:1] if edition.year == current_year else []
        _edition(rng, plan, edition, today, eligible, target(sizes.get(edition.year, 0)), featured, staff)
    _insert(Candidacy.__table__, plan.candidacies)
    _insert(CandidacyEvent.__table__, plan.history)
    _insert(JuryAssignment.__table__, plan.assignments)
    _insert(JuryScore.__table__, plan.scores)
    _insert(PrizePublication.__table__, plan.publications)
    if plan.nominees:
        db.session.execute(update(Nominee), plan.nominees)
    return sum(1 for c in plan.candidacies if c["status"] != workflow.BROUILLON)


@dataclass
class Staff:
    """Ids of the demo accounts that act on the candidacies."""

    admin: int
    jury: int
    cress: dict[int, int]  # region id -> its CRESS moderator


@dataclass
class Plan:
    """Rows to insert, built edition by edition."""

    next_id: int = 1
    candidacies: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    assignments: list[dict] = field(default_factory=list)
    scores: list[dict] = field(default_factory=list)
    publications: list[dict] = field(default_factory=list)
    nominees: list[dict] = field(default_factory=list)
    nominee_ids: dict[int, list[int]] = field(default_factory=dict)  # per edition

    def log(self, candidacy: dict, user: int | None, action: str, at: datetime, message: str = "") -> None:
        self.history.append(
            {
                "candidacy_id": candidacy["id"],
                "user_id": user,
                "action": action,
                "message": message,
                "created_at": at,
            }
        )

    def move(self, candidacy: dict, user: int | None, action: str, at: datetime, message: str = "") -> None:
        """A transition of the workflow's table, with its history row."""
        candidacy["status"] = workflow.target(candidacy["status"], action)
        self.log(candidacy, user, action, at, message)


def _edition(
    rng: random.Random,
    plan: Plan,
    edition: Edition,
    today: datetime,
    eligible: list[Org],
    n: int,
    featured: list[int],
    staff: Staff,
) -> None:
    year = edition.year
    closed = edition.candidacy_close <= today
    reviewed_at = edition.candidacy_close + timedelta(days=14)
    shortlist_at = datetime(year, 9, 1, 8)
    deliberation_at = datetime(year, 10, 20, 8)
    laureates_at = datetime(year, 12, 8, 17)  # the awards ceremony
    past = laureates_at <= today
    drafts = 0 if past else round(n * DRAFT_SHARE)
    chosen = rng.sample(eligible, min(len(eligible), n + drafts))
    by_id = {o.id: o for o in eligible}
    for org_id in featured:  # a demo organiser's organisation is among the finalists
        if org_id in by_id and by_id[org_id] not in chosen:
            chosen[0] = by_id[org_id]
    rows: list[tuple[dict, Org, float]] = []
    end = min(edition.candidacy_close, today)
    span = (end - edition.candidacy_open).total_seconds()
    for i, org in enumerate(chosen):
        draft = i >= len(chosen) - drafts or (not closed and rng.random() < 0.5)
        quality = 3.0 if org.id in featured else rng.gauss(0, 1)
        created = edition.candidacy_open + timedelta(seconds=int(rng.uniform(0, span * 0.8)))
        submitted = (
            None
            if draft
            else created + timedelta(seconds=int(rng.uniform(0, (end - created).total_seconds() - 1)))
        )
        row = _candidacy(rng, plan.next_id, edition, org, created, submitted)
        plan.next_id += 1
        plan.candidacies.append(row)
        plan.log(row, None, "create", created)
        if submitted:
            plan.move(row, None, "submit", submitted)
            rows.append((row, org, quality))
    if today < reviewed_at:
        return
    preselected = _review(rng, plan, rows, reviewed_at, staff)
    _nominate(plan, edition, preselected, reviewed_at + timedelta(days=7), staff)
    if today < shortlist_at:
        return
    finalists = sorted(preselected, key=lambda r: -r[2])[: min(SHORTLIST, round(0.8 * len(preselected)))]
    kept = {id(r[0]) for r in finalists}
    for row, _org, _q in preselected:
        row["updated_at"] = shortlist_at
        plan.move(row, staff.admin, "shortlist" if id(row) in kept else "reject", shortlist_at)
    publication = {
        "edition_id": edition.id,
        "shortlist_published_at": shortlist_at,
        "shortlist_mailed_at": shortlist_at + timedelta(hours=2),
        "deliberation_opened_at": None,
        "laureates_published_at": None,
        "laureates_mailed_at": None,
    }
    plan.publications.append(publication)
    if today < deliberation_at:
        return
    publication["deliberation_opened_at"] = deliberation_at
    if not past:
        _first_scores(rng, plan, finalists, edition, deliberation_at, staff.jury)
        return
    _laureates(plan, finalists, laureates_at, staff.admin)
    publication["laureates_published_at"] = laureates_at
    publication["laureates_mailed_at"] = laureates_at + timedelta(hours=2)


def _candidacy(
    rng: random.Random, cid: int, edition: Edition, org: Org, created: datetime, submitted: datetime | None
) -> dict:
    title = f"{rng.choice(PROJECTS.get(org.sector, OTHER_PROJECTS))} {a(org.commune.name)}"
    categories = sorted(
        set(
            rng.choices(
                list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()), k=rng.choice((1, 1, 2, 2, 3))
            )
        ),
        key=list(CATEGORY_WEIGHTS).index,
    )
    founded = rng.randint(1950, edition.year - 3)
    employees = rng.choice((2, 4, 7, 12, 18, 25, 40, 65))
    jobs = max(1, round(employees * rng.uniform(0.1, 0.5)))
    where = a(org.commune.name)
    answers = {
        "organisation": {
            "legal_status": rng.choice(LEGAL_STATUS[org.family]),
            "creation_year": founded,
            "presentation": f"{FAMILY_NOUNS[org.family]} fondée en {founded}, {org.name} "
            f"agit pour {SECTOR_PHRASES[org.sector]} {where}.",
        },
        "projet": {
            "project_title": title,
            "categories": categories,
            "activity": f"{title} : un projet porté avec les habitants et les acteurs locaux, "
            f"qui touche chaque année {rng.randint(3, 40) * 50} personnes.",
        },
        "performance": {
            "economic": f"Un modèle hybride : {rng.randint(40, 80)} % de recettes "
            "d'activité, le reste en subventions et mécénat."
        },
        "innovation": {
            "social_innovation": "Une réponse collective à un besoin que ni le "
            "marché ni les pouvoirs publics ne couvraient."
        },
        "impact": {
            "local_impact": f"{jobs} emplois créés {where} et des partenariats avec "
            f"{rng.randint(4, 30)} structures du territoire."
        },
        "environnement": {
            "environment": "Circuits courts, réemploi et sobriété énergétique guident nos choix."
        },
        "chiffres": {
            "employees": employees,
            "turnover": employees * rng.randint(35, 70) * 1000,
            "jobs_created": jobs,
        },
    }
    return {
        "id": cid,
        "edition_id": edition.id,
        "organisation_id": org.id,
        "region_id": org.region.id,
        "status": workflow.BROUILLON,
        "categories": categories,
        "answers": answers,
        "project_title": title,
        "cress_score": None,
        "cress_comment": "",
        "laureate_category": None,
        "laureate_text": "",
        "laureate_video_url": "",
        "submitted_at": submitted,
        "late_code_id": None,
        "created_at": created,
        "updated_at": submitted or created,
    }


def _review(
    rng: random.Random, plan: Plan, rows: list, at: datetime, staff: Staff
) -> list[tuple[dict, Org, float]]:
    """Each CRESS scores most of its region's candidacies and pre-selects the best."""
    by_region: dict[int, list] = {}
    for item in rows:
        by_region.setdefault(item[1].region.id, []).append(item)
    preselected = []
    for region_id in sorted(by_region):
        cress = staff.cress.get(region_id)
        scored = []
        for row, org, quality in by_region[region_id]:
            if rng.random() < 0.1 and quality < 3:
                continue  # not reviewed yet
            score = max(4, min(20, round(12 + 3 * quality + rng.gauss(0, 1.5))))
            row["cress_score"], row["cress_comment"] = score, rng.choice(COMMENTS)
            row["updated_at"] = at
            plan.log(row, cress, "cress_score", at, f"{score}/20 {row['cress_comment']}")
            scored.append((row, org, quality))
        scored.sort(key=lambda r: (-r[0]["cress_score"], r[0]["id"]))
        for item in scored[: round(len(scored) * PRESELECTED_SHARE + 0.4)]:
            plan.move(item[0], cress, "preselect", at + timedelta(hours=1))
            preselected.append(item)
    return preselected


def _nominate(plan: Plan, edition: Edition, preselected: list, at: datetime, staff: Staff) -> None:
    """The CRESS propose their best pre-selected candidacies for the Prix de l'impact local
    to the public vote: the demo's nominees of the edition become those organisations."""
    local = sorted(
        (r for r in preselected if "impact-local" in r[0]["categories"]),
        key=lambda r: (-r[0]["cress_score"], r[0]["id"]),
    )
    firsts, regions = [], set()  # one per region first, then the next best
    for item in local:
        if item[1].region.id not in regions:
            regions.add(item[1].region.id)
            firsts.append(item)
    taken = {item[0]["id"] for item in firsts}
    chosen = firsts + [item for item in local if item[0]["id"] not in taken]
    slugs: set[str] = set()
    for nominee_id, (row, org, _q) in zip(plan.nominee_ids.get(edition.id, []), chosen, strict=False):
        slug = base = slugify(org.name)[:110]
        while slug in slugs:
            slug = f"{base}-{len(slugs)}"
        slugs.add(slug)
        plan.nominees.append(
            {
                "id": nominee_id,
                "candidacy_id": row["id"],
                "name": org.name,
                "slug": slug,
                "region_id": org.region.id,
                "commune": org.commune.name[:120],
                "summary": f"{row['project_title']} : un projet porté par {org.name} avec les "
                "habitants et les acteurs du territoire.",
            }
        )
        plan.log(row, staff.cress.get(org.region.id), "nominate", at)


def _first_scores(
    rng: random.Random, plan: Plan, finalists: list, edition: Edition, at: datetime, juror: int
) -> None:
    """The demo juror scores about half of the finalists of each category."""
    order = [code for code, grid in CRITERIA.items() for _ in grid]  # criterion ids from 1
    ids = {code: [n for n, c in enumerate(order, start=1) if c == code] for code in CRITERIA}
    for code in CRITERIA:
        plan.assignments.append({"edition_id": edition.id, "user_id": juror, "category": code})
    for row, _org, quality in finalists:
        for code in row["categories"]:
            if rng.random() >= 0.5:
                continue
            for criterion_id in ids[code]:
                plan.scores.append(
                    {
                        "candidacy_id": row["id"],
                        "user_id": juror,
                        "criterion_id": criterion_id,
                        "created_at": at,
                        "score": max(0, min(10, round(6 + 1.5 * quality + rng.gauss(0, 1)))),
                    }
                )
            plan.log(row, juror, "score", at, code)


def _laureates(plan: Plan, finalists: list, at: datetime, admin: int) -> None:
    """One laureate per prize: the best finalist competing for it, one prize each."""
    taken: set[int] = set()
    for code in CRITERIA:
        for row, org, _q in sorted(finalists, key=lambda r: -r[2]):
            if code in row["categories"] and row["id"] not in taken:
                taken.add(row["id"])
                row.update(
                    laureate_category=code,
                    updated_at=at,
                    laureate_text=f"{org.name} est distinguée pour « {row['project_title']} ».",
                )
                plan.move(row, admin, "laureate", at, code)
                break


def _insert(table, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(table), rows)
