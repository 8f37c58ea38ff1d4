"""Demo data of the public vote: 15 nominees per edition (VOTE_NOMINEES) and confirmed
votes for the editions whose vote is closed (the current one's stay hidden until then)."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from app.extensions import db
from app.models import Edition, Nominee, Region, Vote

KINDS = ["Recyclerie", "Épicerie solidaire", "Tiers-lieu", "Coopérative d'habitants",
         "Atelier vélo", "Jardin partagé", "Ressourcerie", "Café associatif",
         "SCIC énergie citoyenne", "Garage solidaire", "Crèche parentale", "Monnaie locale",
         "Entreprise d'insertion", "Conserverie coopérative", "Fablab"]
PLACES = ["des Deux Rives", "du Lavoir", "de la Gare", "du Vieux Port", "des Tilleuls",
          "de la Vallée", "du Marché", "des Remparts", "du Canal", "des Quatre Vents"]
DOMAINS = ["orange.fr", "gmail.com", "free.fr", "laposte.net", "sfr.fr", "hotmail.fr",
           "yahoo.fr", "outlook.fr", "wanadoo.fr", "asso-exemple.org"]


def _slugify(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())[:120]


def build(seed: int, now: datetime, count: int = 15) -> int:
    """Insert nominees for every edition and votes for the closed ones; return the votes."""
    regions = db.session.execute(select(Region.id, Region.slug)).all()
    communes = ["Rennes", "Lyon", "Lille", "Nantes", "Toulouse", "Dijon", "Rouen", "Metz",
                "Limoges", "Poitiers", "Ajaccio", "Besançon", "Tours", "Pau", "Amiens"]
    total = 0
    for edition in db.session.scalars(select(Edition).order_by(Edition.year)):
        rng = random.Random(f"{seed}:vote:{edition.year}")
        names = rng.sample([f"{k} {p}" for k in KINDS for p in PLACES], count)
        rows = [{"edition_id": edition.id, "name": name, "slug": _slugify(name),
                 "region_id": regions[i % len(regions)][0], "commune": communes[i % len(communes)],
                 "summary": f"{name} : une initiative locale de l'économie sociale et solidaire "
                            "qui crée du lien et des emplois sur son territoire.",
                 "video_url": ""} for i, name in enumerate(names)]
        db.session.execute(insert(Nominee.__table__), rows)
        if edition.vote_close > now:
            continue
        ids = db.session.scalars(select(Nominee.id).where(Nominee.edition_id == edition.id)).all()
        weights = [rng.lognormvariate(0, 0.8) for _ in ids]
        span = (edition.vote_close - edition.vote_open).total_seconds()
        votes = []
        for n in range(rng.randint(800, 1500)):
            votes.append({
                "edition_id": edition.id, "nominee_id": rng.choices(ids, weights)[0],
                "voter_hash": hashlib.sha256(f"demo:{edition.year}:{n}".encode()).hexdigest(),
                "email_domain": rng.choice(DOMAINS),
                "ip_hash": hashlib.sha256(f"ip:{rng.randint(1, 900)}".encode()).hexdigest()[:32],
                "confirmed_at": edition.vote_open + timedelta(seconds=rng.uniform(0, span - 1)),
                "void_reason": ""})
        db.session.execute(insert(Vote.__table__), votes)
        total += len(votes)
    return total
