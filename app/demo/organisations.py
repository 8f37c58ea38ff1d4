"""Demo organisers with the shape of 2011's (DOMAIN.md): families, sectors, sizes, regions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.demo import names
from app.demo.places import RegionPlaces, a, allocate, phone, street_address
from app.geo.gazetteer import Commune

ORGANISERS_PER_EVENT = 0.62  # 1,125 main organisers for 1,732 events in 2011
# Share of organisers per family: 70 % associations, 105 local authorities out of 1,125.
FAMILY_SHARES = {
    "association": 0.70,
    "collectivite": 0.093,
    "cooperative": 0.06,
    "reseau": 0.04,
    "mutuelle": 0.04,
    "entreprise-ess": 0.03,
    "fondation": 0.025,
    "autre": 0.012,
}
SECTOR_SHARES = {
    "education-populaire": 12,
    "creation-entreprise": 12,
    "insertion": 11,
    "action-sociale": 10,
    "culture": 9,
    "formation": 8,
    "sante": 6,
    "environnement": 6,
    "agriculture-alimentation": 5,
    "finance": 4,
    "habitat": 3,
    "sport": 3,
    "commerce": 3,
    "numerique": 3,
    "tourisme": 2,
    "autre": 3,
}
MUTUELLE_SECTORS = ("sante", "sante", "finance", "action-sociale")
BRACKETS = ("0", "1-9", "10-49", "50-249", "250+")
# Employee brackets per family (about 67 % of organisers under 10 employees).
EMPLOYEES = {
    "association": (38, 40, 14, 6, 2),
    "cooperative": (5, 55, 28, 10, 2),
    "mutuelle": (2, 20, 30, 28, 20),
    "fondation": (10, 30, 30, 20, 10),
    "entreprise-ess": (5, 50, 30, 12, 3),
    "collectivite": (0, 0, 5, 30, 65),
    "reseau": (15, 60, 20, 5, 0),
    "autre": (30, 40, 20, 10, 0),
}
# How many more events than one an organiser of the family tends to run (events by family
# in 2011: 68 % associations, 8 % mutuelles, 7 % coopératives).
EXTRA_EVENTS = {
    "association": 0.55,
    "cooperative": 0.9,
    "mutuelle": 2.2,
    "fondation": 0.3,
    "entreprise-ess": 0.3,
    "collectivite": 0.25,
    "reseau": 0.9,
    "autre": 0.3,
}
FAMILY_NOUNS = {
    "association": "Association",
    "cooperative": "Coopérative",
    "mutuelle": "Mutuelle",
    "fondation": "Fondation",
    "entreprise-ess": "Entreprise de l'économie sociale et solidaire",
    "collectivite": "Collectivité",
    "reseau": "Tête de réseau",
    "autre": "Structure",
}
SECTOR_PHRASES = {
    "education-populaire": "l'éducation populaire et les loisirs",
    "creation-entreprise": "la création et la reprise d'entreprises",
    "insertion": "l'insertion professionnelle",
    "action-sociale": "l'action sociale",
    "culture": "la culture",
    "formation": "la formation",
    "sante": "la santé",
    "environnement": "l'environnement",
    "agriculture-alimentation": "l'alimentation durable",
    "finance": "la finance solidaire",
    "habitat": "l'habitat",
    "sport": "le sport pour tous",
    "commerce": "le commerce équitable",
    "numerique": "le numérique et les médias",
    "tourisme": "le tourisme solidaire",
    "autre": "l'économie sociale et solidaire",
}


@dataclass(eq=False)
class Org:
    id: int
    name: str
    family: str
    sector: str
    region: RegionPlaces
    commune: Commune
    host: str  # example.org domain
    contact_name: str
    contact_email: str
    contact_phone: str
    activity: float  # weight for running more than one event


def _spread(rng: random.Random, total: int, shares: dict[str, float]) -> list[str]:
    """`total` codes in exact proportions, shuffled."""
    counts = allocate(total, list(shares.values()))
    items = [code for code, n in zip(shares, counts, strict=True) for _ in range(n)]
    rng.shuffle(items)
    return items


def build(
    rng: random.Random, count: int, regions: list[RegionPlaces], region_weights: list[float]
) -> list[Org]:
    """`count` organisations; with enough of them, each region's CRESS is one."""
    per_region = allocate(count, region_weights, minimum=1)
    slots = [region for region, n in zip(regions, per_region, strict=True) for _ in range(n)]
    rng.shuffle(slots)
    families = _spread(rng, count, FAMILY_SHARES)
    with_cress = families.count("reseau") >= len(regions) and all(per_region)
    cress_regions: list[RegionPlaces] = []
    if with_cress:
        for region in regions:
            families.remove("reseau")
            slots.remove(region)
            cress_regions.append(region)
    sectors = _spread(rng, len(families), SECTOR_SHARES)
    used: set[str] = set()
    orgs: list[Org] = []
    for region in cress_regions:
        orgs.append(
            _org(
                rng,
                len(orgs) + 1,
                "reseau",
                "autre",
                region,
                region.capital,
                region.cress_name,
                used,
                activity=4.0,
            )
        )
    for family, sector, region in zip(families, sectors, slots, strict=True):
        if family == "mutuelle":
            sector = rng.choice(MUTUELLE_SECTORS)
        commune = region.commune(rng)
        name = names.organisation_name(
            rng,
            family,
            sector,
            commune.name,
            region.dept_de(commune.dept),
            region.code,
            region.name,
            commune.population,
        )
        activity = min(10.0, rng.paretovariate(1.6)) * EXTRA_EVENTS[family]
        orgs.append(_org(rng, len(orgs) + 1, family, sector, region, commune, name, used, activity))
    return orgs


def _org(
    rng: random.Random,
    org_id: int,
    family: str,
    sector: str,
    region: RegionPlaces,
    commune: Commune,
    name: str,
    used: set[str],
    activity: float,
) -> Org:
    if name in used:
        name = f"{name} – {commune.name}"
        if name in used:
            name = f"{name} ({org_id})"
    used.add(name)
    host = names.domain(name)
    contact = names.person(rng)
    return Org(
        org_id,
        name[:200],
        family,
        sector,
        region,
        commune,
        host,
        contact,
        names.email(contact, host),
        phone(rng, region.code),
        activity,
    )


def rows(rng: random.Random, orgs: list[Org], created_from: datetime) -> list[dict]:
    """Insert rows of the organisation table."""
    result = []
    for org in orgs:
        bracket = rng.choices(BRACKETS, weights=EMPLOYEES[org.family])[0]
        if org.family == "reseau" and org.activity >= 4.0:
            bracket = "1-9"
        where = f"{a(org.commune.name)} ({org.region.name})"
        if org.family == "collectivite":
            description = f"Collectivité partenaire des acteurs de l'économie sociale et solidaire {where}."
        else:
            description = f"{FAMILY_NOUNS[org.family]} engagée dans {SECTOR_PHRASES[org.sector]} {where}."
        result.append(
            {
                "id": org.id,
                "name": org.name,
                "family": org.family,
                "sector": org.sector,
                "employees": bracket,
                "region_id": org.region.id,
                "address": street_address(rng),
                "postcode": org.commune.postcodes[0] if org.commune.postcodes else "",
                "commune": org.commune.name,
                "website": f"https://www.{org.host}",
                "contact_name": org.contact_name,
                "contact_email": org.contact_email,
                "contact_phone": org.contact_phone,
                "description": description,
                "created_at": created_from + timedelta(minutes=rng.randrange(120 * 24 * 60)),
            }
        )
    return result
