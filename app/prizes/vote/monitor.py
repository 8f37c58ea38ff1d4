"""Follow-up of the public vote for the national administrators: the figures that reveal
ballot stuffing (totals, refusals by reason, confirmation rate, concentrations per mail
domain, per IP hash and per hour, anomalies), the list of confirmed votes that can be
voided, and the journal export.

Which nominee a vote went to is read here only when `services.tally_visible` allows it
(after the close): before, the rows handed to the page and the export carry no nominee at
all, so no template or CSV can show one."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.common.time import utcnow
from app.extensions import db
from app.models import Edition, Nominee, PendingVote, Vote, VoteAudit
from app.prizes.vote.services import is_webmail, tally_visible

# A domain, an IP hash or an hour is flagged when it holds at least ANOMALY_MINIMUM counted
# votes and at least ANOMALY_FACTOR times the median of its kind. The big webmail services
# (VOTE_WEBMAIL_DOMAINS) hold most voters by nature and are never flagged as domains.
ANOMALY_FACTOR = 5
ANOMALY_MINIMUM = 5
TOP = 20
REQUEST, PENDING_OUTCOME, REFUSED_PREFIX = "demande", "en attente de confirmation", "refusé"


@dataclass(frozen=True)
class Concentration:
    key: str | datetime  # a mail domain, an IP hash or an hour (UTC)
    votes: int
    percent: float  # of the counted votes
    anomaly: bool


@dataclass(frozen=True)
class Spread:
    """Counted votes per domain, IP hash or hour: the busiest, the median, the anomalies."""

    top: list[Concentration]
    median: float
    groups: int
    anomalies: list[Concentration]


@dataclass(frozen=True)
class Indicators:
    requests: int  # every vote request recorded in the journal, refused ones included
    links_sent: int  # requests that received a confirmation link
    confirmed: int  # confirmed votes, voided ones included
    voided: int
    counted: int
    pending: int  # requests waiting for their confirmation (not expired)
    refused: int
    confirmation_percent: float | None  # confirmed / links sent
    refusals: list[tuple[str, int]]  # reason, requests
    other_outcomes: list[tuple[str, str, int]]  # action, outcome, count (expired links…)
    domains: Spread
    ips: Spread
    hours: Spread


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _spread(counts: Counter, total: int, may_flag=lambda key: True) -> Spread:
    median = float(statistics.median(counts.values())) if counts else 0.0
    threshold = max(ANOMALY_MINIMUM, ANOMALY_FACTOR * median)

    def concentration(key, n):
        return Concentration(key, n, _percent(n, total) or 0.0, n >= threshold and may_flag(key))

    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    rows = [concentration(key, n) for key, n in ranked]
    return Spread(top=rows[:TOP], median=median, groups=len(rows), anomalies=[r for r in rows if r.anomaly])


def _counted_by(edition: Edition, column) -> Counter:
    rows = db.session.execute(
        select(column, func.count(Vote.id))
        .where(Vote.edition_id == edition.id, Vote.voided_at.is_(None))
        .group_by(column)
    )
    return Counter({key: n for key, n in rows if key})


def _counted_by_hour(edition: Edition) -> Counter:
    hours: Counter = Counter()
    for at in db.session.scalars(
        select(Vote.confirmed_at).where(Vote.edition_id == edition.id, Vote.voided_at.is_(None))
    ):
        hours[at.replace(minute=0, second=0, microsecond=0)] += 1
    return hours


def indicators(edition: Edition, now: datetime | None = None) -> Indicators:
    """The stuffing indicators of the edition's vote; nothing in them names a nominee."""
    now = now or utcnow()
    outcomes = db.session.execute(
        select(VoteAudit.action, VoteAudit.outcome, func.count(VoteAudit.id))
        .where(VoteAudit.edition_id == edition.id, VoteAudit.action != "annulation")
        .group_by(VoteAudit.action, VoteAudit.outcome)
    ).all()
    requests = sum(n for action, _o, n in outcomes if action == REQUEST)
    links_sent = sum(n for action, o, n in outcomes if action == REQUEST and o == PENDING_OUTCOME)
    refusals = sorted(
        ((o, n) for _a, o, n in outcomes if o.startswith(REFUSED_PREFIX)), key=lambda r: (-r[1], r[0])
    )
    others = sorted(
        (
            (a, o, n)
            for a, o, n in outcomes
            if not o.startswith(REFUSED_PREFIX) and not (a == REQUEST and o == PENDING_OUTCOME)
        ),
        key=lambda r: (-r[2], r[0], r[1]),
    )
    confirmed, voided = db.session.execute(
        select(func.count(Vote.id), func.count(Vote.voided_at)).where(Vote.edition_id == edition.id)
    ).one()
    pending = (
        db.session.scalar(
            select(func.count(PendingVote.id)).where(
                PendingVote.edition_id == edition.id, PendingVote.expires_at > now
            )
        )
        or 0
    )
    counted = confirmed - voided
    return Indicators(
        requests=requests,
        links_sent=links_sent,
        confirmed=confirmed,
        voided=voided,
        counted=counted,
        pending=pending,
        refused=sum(n for _o, n in refusals),
        confirmation_percent=_percent(confirmed, links_sent),
        refusals=refusals,
        other_outcomes=others,
        domains=_spread(
            _counted_by(edition, Vote.email_domain), counted, lambda domain: not is_webmail(domain)
        ),
        ips=_spread(_counted_by(edition, Vote.ip_hash), counted),
        hours=_spread(_counted_by_hour(edition), counted),
    )


@dataclass(frozen=True)
class VoteRow:
    """A confirmed vote as the follow-up lists it; `nominee` stays None before the close."""

    id: int
    confirmed_at: datetime
    email_domain: str
    ip_hash: str
    voided_at: datetime | None
    void_reason: str
    nominee: str | None


def vote_rows(edition: Edition, *, ip_hash: str = "", domain: str = "", limit: int = 200) -> list[VoteRow]:
    """The latest confirmed votes (of one IP hash or one domain when given)."""
    visible = tally_visible(edition)
    query = (
        select(Vote, Nominee.name)
        .join(Nominee, Nominee.id == Vote.nominee_id)
        .where(Vote.edition_id == edition.id)
        .order_by(Vote.confirmed_at.desc(), Vote.id.desc())
        .limit(limit)
    )
    if ip_hash:
        query = query.where(Vote.ip_hash == ip_hash)
    if domain:
        query = query.where(Vote.email_domain == domain)
    return [
        VoteRow(
            v.id,
            v.confirmed_at,
            v.email_domain,
            v.ip_hash,
            v.voided_at,
            v.void_reason,
            name if visible else None,
        )
        for v, name in db.session.execute(query)
    ]


JOURNAL_HEADER = ["Date (heure de Paris)", "Action", "Empreinte IP", "Domaine e-mail", "Résultat"]
JOURNAL_HEADER_AFTER_CLOSE = [
    "Date (heure de Paris)",
    "Action",
    "Nommé",
    "Empreinte IP",
    "Domaine e-mail",
    "Résultat",
]


def journal(edition: Edition) -> tuple[list[str], Iterator[list]]:
    """Header and rows of the journal export: with the nominee column only after the close."""
    visible = tally_visible(edition)
    header = JOURNAL_HEADER_AFTER_CLOSE if visible else JOURNAL_HEADER
    # Read now: the rows are streamed after the request's commit, which expires `edition`.
    edition_id = edition.id

    def rows():
        columns = [
            VoteAudit.at,
            VoteAudit.action,
            Nominee.name,
            VoteAudit.ip_hash,
            VoteAudit.email_domain,
            VoteAudit.outcome,
        ]
        if not visible:
            columns.remove(Nominee.name)
        query = (
            select(*columns)
            .select_from(VoteAudit)
            .where(VoteAudit.edition_id == edition_id)
            .order_by(VoteAudit.at, VoteAudit.id)
        )
        if visible:
            query = query.outerjoin(Nominee, Nominee.id == VoteAudit.nominee_id)
        for row in db.session.execute(query.execution_options(yield_per=500)):
            yield [value if value is not None else "" for value in row]

    return header, rows()
