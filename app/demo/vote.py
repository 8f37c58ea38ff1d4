"""Demo data of the public vote: 15 nominees per edition (VOTE_NOMINEES) and confirmed
votes for the editions whose vote is closed (800 to 1,500 each).

`current_votes` asks for an exact number of confirmed votes of the current edition (the load
benchmark's 50,000), inserted even while its vote is open or not yet open: they sit in the
database but stay hidden, since results and counts are only shown once the vote has closed
(app/prizes/vote/services.py: `tally_visible`)."""

from __future__ import annotations

import hashlib
import itertools
import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from app.common.text import slugify
from app.extensions import db
from app.models import Edition, Nominee, Region, Vote

KINDS = [
    "Recyclerie",
    "Épicerie solidaire",
    "Tiers-lieu",
    "Coopérative d'habitants",
    "Atelier vélo",
    "Jardin partagé",
    "Ressourcerie",
    "Café associatif",
    "SCIC énergie citoyenne",
    "Garage solidaire",
    "Crèche parentale",
    "Monnaie locale",
    "Entreprise d'insertion",
    "Conserverie coopérative",
    "Fablab",
]
PLACES = [
    "des Deux Rives",
    "du Lavoir",
    "de la Gare",
    "du Vieux Port",
    "des Tilleuls",
    "de la Vallée",
    "du Marché",
    "des Remparts",
    "du Canal",
    "des Quatre Vents",
]
# Shares of French personal addresses (webmails first), plus a few organisations' domains.
DOMAINS = {
    "gmail.com": 34,
    "orange.fr": 16,
    "hotmail.fr": 9,
    "free.fr": 8,
    "yahoo.fr": 6,
    "outlook.fr": 5,
    "laposte.net": 5,
    "sfr.fr": 4,
    "wanadoo.fr": 3,
    "icloud.com": 3,
    "live.fr": 2,
    "asso-exemple.org": 2,
    "mairie-exemple.fr": 1,
    "cooperative-exemple.coop": 1,
    "protonmail.com": 1,
}
VOTES_PER_IP = 1.3  # households and workplaces share an address
CHUNK = 5000  # rows per INSERT statement


def build(
    seed: int,
    now: datetime,
    count: int = 15,
    current_year: int | None = None,
    current_votes: int | None = None,
) -> dict[int, int]:
    """Insert nominees for every edition and votes for the closed ones (exactly
    `current_votes` for `current_year` when given); return the votes per year."""
    regions = db.session.execute(select(Region.id, Region.slug).order_by(Region.code)).all()
    communes = [
        "Rennes",
        "Lyon",
        "Lille",
        "Nantes",
        "Toulouse",
        "Dijon",
        "Rouen",
        "Metz",
        "Limoges",
        "Poitiers",
        "Ajaccio",
        "Besançon",
        "Tours",
        "Pau",
        "Amiens",
    ]
    counts: dict[int, int] = {}
    for edition in db.session.scalars(select(Edition).order_by(Edition.year)):
        rng = random.Random(f"{seed}:vote:{edition.year}")
        names = rng.sample([f"{k} {p}" for k in KINDS for p in PLACES], count)
        rows = [
            {
                "edition_id": edition.id,
                "name": name,
                "slug": slugify(name, 120),
                "region_id": regions[i % len(regions)][0],
                "commune": communes[i % len(communes)],
                "summary": f"{name} : une initiative locale de l'économie sociale et solidaire "
                "qui crée du lien et des emplois sur son territoire.",
                "video_url": "",
            }
            for i, name in enumerate(names)
        ]
        db.session.execute(insert(Nominee.__table__), rows)
        if edition.year == current_year and current_votes is not None:
            n_votes = current_votes
        elif edition.vote_close <= now:
            n_votes = rng.randint(800, 1500)
        else:
            continue
        ids = db.session.scalars(
            select(Nominee.id).where(Nominee.edition_id == edition.id).order_by(Nominee.id)
        ).all()
        votes = vote_rows(rng, edition, ids, n_votes, now, seed)
        for start in range(0, len(votes), CHUNK):
            db.session.execute(insert(Vote.__table__), votes[start : start + CHUNK])
        counts[edition.year] = len(votes)
    return counts


def vote_rows(
    rng: random.Random, edition: Edition, nominee_ids: list[int], n: int, now: datetime, seed: int
) -> list[dict]:
    """`n` confirmed votes spread over the nominees with uneven popularity (a few favourites,
    a long tail), one distinct voter each, confirmed within the vote window (up to `now`
    while it is open) with rushes after the opening and before the close."""
    if n <= 0 or not nominee_ids:
        return []
    popularity = list(itertools.accumulate(rng.lognormvariate(0, 0.8) for _ in nominee_ids))
    chosen = rng.choices(nominee_ids, cum_weights=popularity, k=n)
    domains = rng.choices(list(DOMAINS), weights=list(DOMAINS.values()), k=n)
    start = edition.vote_open
    end = min(edition.vote_close, now) if now > edition.vote_open else edition.vote_close
    span = max(1.0, (end - start).total_seconds() - 1)
    rush = min(span, 3 * 86400.0)
    ips = max(1, round(n / VOTES_PER_IP))
    prefix = f"demo:{seed}:{edition.year}"
    rows = []
    for i, (nominee_id, domain) in enumerate(zip(chosen, domains, strict=True)):
        roll = rng.random()
        if roll < 0.2:  # the opening days
            offset = rng.uniform(0, rush)
        elif roll < 0.35:  # the last days
            offset = span - rng.uniform(0, rush)
        else:
            offset = rng.uniform(0, span)
        rows.append(
            {
                "edition_id": edition.id,
                "nominee_id": nominee_id,
                "voter_hash": hashlib.sha256(f"{prefix}:voter:{i}".encode()).hexdigest(),
                "email_domain": domain,
                "ip_hash": hashlib.sha256(f"{prefix}:ip:{rng.randrange(ips)}".encode()).hexdigest()[:32],
                "confirmed_at": start + timedelta(seconds=int(offset)),
                "voided_at": None,
                "void_reason": "",
            }
        )
    return rows
