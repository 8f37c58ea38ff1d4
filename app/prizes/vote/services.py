"""Rules of the public vote. Services flush, never commit.

E-mail normalisation (one vote per person): the address is trimmed and lower-cased; a
« +tag » after the local part is removed for every domain (jean+prix@x.fr = jean@x.fr);
for gmail.com and googlemail.com the dots of the local part are removed too and
googlemail.com counts as gmail.com. The confirmed vote keeps only HMAC-SHA256(VOTE_HASH_SALT,
normalised address).

Nothing said to the visitor depends on whether the address has already voted: the owner
of the address learns it by e-mail.

Tie-break: at equal counts, the nominee whose last counted vote was confirmed first
(the one that reached the final count first) ranks first."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, text

from app.common.time import utcnow
from app.extensions import db
from app.mail import send_mail
from app.models import Edition, Nominee, PendingVote, Vote, VoteAudit
from app.platform.links import TokenError, link_token, new_secret, secret_hash, token_hash
from app.prizes.vote.sql import insert_ignore

CONFIRM = "vote-confirm"
GMAIL = {"gmail.com", "googlemail.com"}


# --- identity -------------------------------------------------------------------------


def voter_identity(email: str) -> str:
    """One address per person for the vote (see above); accounts only trim and lower-case
    (app.common.text.normalize_email)."""
    email = (email or "").strip().lower()
    local, _sep, domain = email.rpartition("@")
    if not local:
        return email
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def email_domain(email: str) -> str:
    return (email or "").strip().lower().rpartition("@")[2][:255]


def _hmac(value: str) -> str:
    salt = current_app.config["VOTE_HASH_SALT"] or current_app.config["SECRET_KEY"]
    return hmac.new(salt.encode(), value.encode(), hashlib.sha256).hexdigest()


def voter_hash(email: str) -> str:
    return _hmac("voter:" + voter_identity(email))


def ip_hash(ip: str | None) -> str:
    return _hmac("ip:" + (ip or ""))[:32]


@lru_cache(maxsize=1)
def disposable_domains() -> frozenset[str]:
    path = Path(__file__).with_name("disposable_domains.txt")
    return frozenset(
        line.strip().lower()
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )


def is_disposable(domain: str) -> bool:
    parts = domain.lower().split(".")
    return any(".".join(parts[i:]) in disposable_domains() for i in range(len(parts) - 1))


# --- window ---------------------------------------------------------------------------


def state(edition: Edition, now: datetime | None = None) -> str:
    """'before', 'open' or 'closed' (vote_open included, vote_close excluded; UTC naive)."""
    now = now or utcnow()
    if now < edition.vote_open:
        return "before"
    if now < edition.vote_close:
        return "open"
    return "closed"


def tally_visible(edition: Edition, now: datetime | None = None) -> bool:
    """The disclosure rule of the vote, read by every page and export: which nominee a vote
    went to, per-nominee counts, results and the count of the bilan are shown to nobody
    (national administrators included) until the vote has closed. Before, the follow-up
    shows only figures without nominees (app/prizes/vote/monitor.py)."""
    return state(edition, now) == "closed"


def nominees(edition: Edition) -> list[Nominee]:
    return list(
        db.session.scalars(select(Nominee).where(Nominee.edition_id == edition.id).order_by(Nominee.id))
    )


def shuffled(items: list, seed: str) -> list:
    import random

    items = list(items)
    random.Random(seed).shuffle(items)
    return items


def nominee_by_slug(edition: Edition, slug: str) -> Nominee | None:
    return db.session.scalar(select(Nominee).where(Nominee.edition_id == edition.id, Nominee.slug == slug))


# --- audit ----------------------------------------------------------------------------


def audit(
    edition: Edition | None,
    action: str,
    outcome: str,
    *,
    nominee: Nominee | None = None,
    ip: str | None = None,
    domain: str = "",
) -> None:
    db.session.add(
        VoteAudit(
            at=utcnow(),
            edition_id=edition.id if edition else None,
            action=action,
            nominee_id=nominee.id if nominee else None,
            ip_hash=ip_hash(ip) if ip is not None else "",
            email_domain=domain[:255],
            outcome=outcome[:200],
        )
    )


# --- request and confirmation -----------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    field: str
    message: str
    silent: bool = False  # answered like an accepted request (the honeypot: robots learn nothing)


def domain_count_last_hour(domain: str, now: datetime) -> int:
    since = now - timedelta(hours=1)
    pending = db.session.scalar(
        select(func.count(PendingVote.id)).where(
            PendingVote.email_domain == domain, PendingVote.created_at >= since
        )
    )
    confirmed = db.session.scalar(
        select(func.count(Vote.id)).where(Vote.email_domain == domain, Vote.confirmed_at >= since)
    )
    return (pending or 0) + (confirmed or 0)


def is_webmail(domain: str) -> bool:
    """One of the big webmail services, where most voters are (VOTE_WEBMAIL_DOMAINS)."""
    return domain in current_app.config["VOTE_WEBMAIL_DOMAINS"]


def domain_hourly_limit(domain: str) -> int:
    """Votes per hour from one mail domain: the big webmail services get a higher ceiling
    than an organisation's own domain."""
    if is_webmail(domain):
        return current_app.config["VOTE_WEBMAIL_HOURLY_LIMIT"]
    return current_app.config["VOTE_DOMAIN_HOURLY_LIMIT"]


def _take_turn(domain: str) -> None:
    """On PostgreSQL, the requests of one domain take turns from its count to their commit
    (a lock held until the end of the transaction), so that requests arriving together
    cannot all pass the hourly limit. Not for the big webmail services, whose ceiling is
    high and whose many voters must not queue behind each other. SQLite's writing requests
    already take turns (app/platform/database.py)."""
    if is_webmail(domain) or db.session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(f"vote-domain:{domain}".encode()).digest()[:8], "big", signed=True)
    db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def check_address(edition: Edition, email: str, now: datetime | None = None) -> Refusal | None:
    """Refusals that depend on the domain only (never on whether the address has voted)."""
    now = now or utcnow()
    domain = email_domain(email)
    if is_disposable(domain):
        return Refusal(
            "email",
            _(
                "Les adresses e-mail jetables ne sont pas acceptées pour le vote. "
                "Utilisez votre adresse habituelle."
            ),
        )
    _take_turn(domain)
    if domain_count_last_hour(domain, now) >= domain_hourly_limit(domain):
        return Refusal(
            "email",
            _(
                "Trop de votes viennent d'adresses en « %(domain)s » en ce moment. Réessayez dans une heure.",
                domain=domain,
            ),
        )
    return None


def screen_request(
    edition: Edition,
    nominee: Nominee | None,
    email: str,
    ip: str | None,
    *,
    honeypot: str = "",
    pow: str = "",
    question_token: str = "",
    answer: str = "",
    now: datetime | None = None,
) -> Refusal | None:
    """The anti-robot and address checks of a vote request, in order: the honeypot, the proof
    of work or the question, then the address (`check_address`). Each refusal is written to
    the journal; None when the request may go on to `request_vote`."""
    from app.prizes.vote import challenge

    domain = email_domain(email)
    if honeypot:
        audit(edition, "demande", "refusé : champ piège rempli", nominee=nominee, ip=ip, domain=domain)
        return Refusal("website", "", silent=True)
    if not (challenge.verify_pow(pow or "", now) or challenge.verify_question(question_token, answer, now)):
        audit(edition, "demande", "refusé : défi anti-robot", nominee=nominee, ip=ip, domain=domain)
        return Refusal("answer", _("Réponse incorrecte ou expirée : répondez à la nouvelle question."))
    refusal = check_address(edition, email, now)
    if refusal:
        audit(edition, "demande", "refusé : " + refusal.message[:150], nominee=nominee, ip=ip, domain=domain)
    return refusal


def request_vote(
    edition: Edition, nominee: Nominee, email: str, ip: str | None, now: datetime | None = None
) -> None:
    """Record a pending vote and e-mail its confirmation link, or tell the owner of the
    address that they have already voted. The caller shows the same page either way."""
    now = now or utcnow()
    domain = email_domain(email)
    clean = email.strip()
    already = db.session.scalar(
        select(Vote.id).where(Vote.edition_id == edition.id, Vote.voter_hash == voter_hash(clean))
    )
    if already is not None:
        send_mail(
            clean, _("Vous avez déjà voté pour le Prix de l'impact local"), "vote_already", edition=edition
        )
        audit(edition, "demande", "déjà voté (message envoyé)", nominee=nominee, ip=ip, domain=domain)
        return
    token = new_pending(edition.id, nominee.id, clean, domain, now)
    db.session.flush()
    send_mail(
        clean,
        _("Confirmez votre vote pour le Prix de l'impact local"),
        "vote_confirm",
        edition=edition,
        nominee=nominee,
        url=url_for("vote.confirm", token=token, _external=True),
        hours=current_app.config["VOTE_CONFIRM_MAX_AGE"] // 3600,
    )
    audit(edition, "demande", "en attente de confirmation", nominee=nominee, ip=ip, domain=domain)


def new_pending(edition_id: int, nominee_id: int, email: str, domain: str, now: datetime) -> str:
    """Add a pending vote; return the token of its confirmation link. The link carries a new
    random secret; the row keeps only its hash and is found by it, never by its id."""
    secret = new_secret()
    db.session.add(
        PendingVote(
            edition_id=edition_id,
            nominee_id=nominee_id,
            email=email[:255],
            email_domain=domain,
            created_at=now,
            expires_at=now + timedelta(seconds=current_app.config["VOTE_CONFIRM_MAX_AGE"]),
            token_hash=secret_hash(secret),
        )
    )
    return link_token(CONFIRM, secret)


@dataclass(frozen=True)
class Outcome:
    kind: str  # confirmed, already, recorded, expired, invalid, closed
    message: str

    @property
    def ok(self) -> bool:
        return self.kind in ("confirmed", "already", "recorded")


def confirm(token: str, ip: str | None = None, now: datetime | None = None) -> Outcome:
    now = now or utcnow()
    try:
        hashed = token_hash(CONFIRM, token, current_app.config["VOTE_CONFIRM_MAX_AGE"])
    except TokenError as error:
        if error.expired:
            return Outcome(
                "expired",
                _("Ce lien de confirmation a expiré. Vous pouvez voter à nouveau depuis la page du vote."),
            )
        return Outcome("invalid", _("Ce lien de confirmation n'est pas valide."))
    # Claim the request first, by the hash of the link's secret (a write: one click only can
    # take it, and on SQLite the write lock is taken at once, so concurrent confirmations
    # queue instead of failing).
    pending = db.session.execute(
        delete(PendingVote)
        .where(PendingVote.token_hash == hashed)
        .returning(
            PendingVote.edition_id,
            PendingVote.nominee_id,
            PendingVote.email,
            PendingVote.email_domain,
            PendingVote.expires_at,
        )
    ).first()
    if pending is None:
        # Used already (pending rows are deleted at confirmation, never re-issued) or purged.
        return Outcome("recorded", _("Ce lien a déjà servi : votre vote est déjà enregistré."))
    edition = db.session.get(Edition, pending.edition_id)
    nominee = db.session.get(Nominee, pending.nominee_id)
    domain = pending.email_domain
    if pending.expires_at <= now:
        audit(edition, "confirmation", "lien expiré", nominee=nominee, ip=ip, domain=domain)
        return Outcome(
            "expired",
            _("Ce lien de confirmation a expiré. Vous pouvez voter à nouveau depuis la page du vote."),
        )
    if state(edition, now) != "open":
        audit(edition, "confirmation", "hors période de vote", nominee=nominee, ip=ip, domain=domain)
        return Outcome("closed", _("Le vote n'est pas ouvert : ce vote ne peut pas être enregistré."))
    email = pending.email
    inserted = insert_ignore(
        Vote.__table__,
        {
            "edition_id": pending.edition_id,
            "nominee_id": pending.nominee_id,
            "voter_hash": voter_hash(email),
            "email_domain": domain,
            "ip_hash": ip_hash(ip) if ip is not None else "",
            "confirmed_at": now,
            "void_reason": "",
        },
    )
    if not inserted:
        send_mail(
            email, _("Vous avez déjà voté pour le Prix de l'impact local"), "vote_already", edition=edition
        )
        audit(edition, "confirmation", "déjà voté", nominee=nominee, ip=ip, domain=domain)
        return Outcome(
            "already",
            _(
                "Vous avez déjà voté pour cette édition : un seul vote par "
                "personne est compté. Votre premier vote reste enregistré."
            ),
        )
    audit(edition, "confirmation", "vote compté", nominee=nominee, ip=ip, domain=domain)
    return Outcome("confirmed", _("Merci ! Votre vote pour « %(name)s » est enregistré.", name=nominee.name))


def purge(now: datetime | None = None) -> int:
    """Delete expired pending requests (and their addresses)."""
    from app.prizes.vote.challenge import purge_used

    now = now or utcnow()
    purge_used(now)
    return db.session.execute(delete(PendingVote).where(PendingVote.expires_at <= now)).rowcount or 0


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    rank: int
    nominee: Nominee
    votes: int
    reached_at: datetime | None


def results(edition: Edition) -> list[Result]:
    """The ranking, empty while the tally may not be shown (`tally_visible`)."""
    if not tally_visible(edition):
        return []
    counted = (
        select(Vote.nominee_id, func.count(Vote.id).label("n"), func.max(Vote.confirmed_at).label("reached"))
        .where(Vote.edition_id == edition.id, Vote.voided_at.is_(None))
        .group_by(Vote.nominee_id)
    )
    figures = {row.nominee_id: (row.n, row.reached) for row in db.session.execute(counted)}
    rows = [(n, *figures.get(n.id, (0, None))) for n in nominees(edition)]
    rows.sort(key=lambda r: (-r[1], r[2] or datetime.max, r[0].name))
    return [Result(i, n, votes, reached) for i, (n, votes, reached) in enumerate(rows, start=1)]


def confirmed_vote_count(edition_id: int) -> int:
    """Counted (confirmed, not voided) votes of an edition — for the bilan."""
    return (
        db.session.scalar(
            select(func.count(Vote.id)).where(Vote.edition_id == edition_id, Vote.voided_at.is_(None))
        )
        or 0
    )


def published_vote_count(edition_id: int, now: datetime | None = None) -> int | None:
    """The count for the bilan: None while the vote of the edition is not closed."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or not tally_visible(edition, now):
        return None
    return confirmed_vote_count(edition_id)


# --- admin ----------------------------------------------------------------------------


def void(vote: Vote, reason: str, admin_email: str) -> None:
    if vote.voided_at is None:
        vote.voided_at, vote.void_reason = utcnow(), reason[:500]
        edition = db.session.get(Edition, vote.edition_id)
        audit(
            edition,
            "annulation",
            f"annulé par {admin_email} : {reason}"[:200],
            nominee=vote.nominee,
            domain=vote.email_domain,
        )
        db.session.flush()


RESULTS_HEADER = [
    "Rang",
    "Nommé",
    "Région",
    "Commune",
    "Votes comptés",
    "Dernier vote compté (heure de Paris)",
]


def result_rows(edition: Edition) -> list[list]:
    """Read at once, not lazily: the export streams after the request's commit, which
    expires the ORM objects (a lazy read then failed on a detached edition)."""
    return [
        [r.rank, r.nominee.name, r.nominee.region.name, r.nominee.commune, r.votes, r.reached_at]
        for r in results(edition)
    ]
