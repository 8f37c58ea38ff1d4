"""Where demo organisations and events are: regions, real communes, streets, phones.

Communes come from the offline gazetteer (real INSEE codes, postcodes and coordinates),
drawn within a region in proportion to their population.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from app.geo import gazetteer
from app.geo.gazetteer import Commune

# The article a département's name takes after "de" (everything else: "de Paris").
_DEPT_ARTICLES = {
    "de l'": "01 02 03 07 09 10 11 12 27 28 34 35 36 37 38 60 61 89 91",
    "des ": "04 05 06 08 13 22 40 64 65 66 78 79 88 92",
    "du ": "14 15 18 25 29 30 32 39 41 45 46 47 49 56 59 62 63 67 68 69 81 82 83 84 90 94 95",
    "de la ": "16 17 19 2A 2B 21 23 24 26 31 33 42 43 44 48 50 51 52 53 54 55 57 58 70 71 72 "
    "73 74 76 77 80 85 86 87 93 971 972 973",
}
DEPT_ARTICLE = {code: art for art, codes in _DEPT_ARTICLES.items() for code in codes.split()}
REGION_ARTICLE = {
    "84": "d'",
    "24": "du ",
    "44": "du ",
    "32": "des ",
    "11": "d'",
    "76": "d'",
    "52": "des ",
    "01": "de la ",
    "02": "de la ",
    "03": "de la ",
}
VOWELS = tuple("AEIOUYÂÉÈÊÎÏÔŒ")

STREETS = (
    "rue Victor-Hugo",
    "rue Jean-Jaurès",
    "rue de la République",
    "avenue de la Libération",
    "place du Marché",
    "rue des Écoles",
    "boulevard Gambetta",
    "rue du Moulin",
    "chemin des Vignes",
    "rue de la Gare",
    "impasse des Tilleuls",
    "allée des Acacias",
    "rue Pasteur",
    "quai des Bateliers",
    "place de la Mairie",
    "rue de l'Église",
    "rue des Coopérateurs",
    "rue de la Solidarité",
    "avenue Louise-Michel",
    "rue Charles-Gide",
    "rue Jules-Ferry",
    "rue Aimé-Césaire",
    "rue George-Sand",
    "boulevard de la Liberté",
    "rue des Artisans",
    "rue du Château",
    "avenue Simone-Veil",
    "rue des Lavandières",
    "rue du Faubourg",
    "place des Halles",
    "rue des Jardins",
    "rue Olympe-de-Gouges",
)

# Numbers reserved by the ARCEP for fiction, per area (never a real subscriber).
FICTION_PHONES = {
    "01": "01 99 00",
    "02": "02 61 91",
    "03": "03 53 01",
    "04": "04 65 71",
    "05": "05 36 49",
    "06": "06 39 98",
}
PHONE_AREA = {
    "11": "01",
    "53": "02",
    "28": "02",
    "52": "02",
    "24": "02",
    "32": "03",
    "44": "03",
    "27": "03",
    "84": "04",
    "93": "04",
    "94": "04",
    "75": "05",
    "76": "05",
}


def de(name: str) -> str:
    """'de Quimper', "d'Angers", 'du Mans', 'des Sables-d'Olonne'."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name.upper().startswith(VOWELS):
        return "d'" + name
    return "de " + name


def a(name: str) -> str:
    """'à Quimper', 'au Mans', 'aux Sables-d'Olonne'."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def de_dept(code: str, name: str) -> str:
    return DEPT_ARTICLE.get(code, "de ") + name


def de_region(code: str, name: str) -> str:
    article = REGION_ARTICLE.get(code)
    return article + name if article else de(name)


def phone(rng: random.Random, region_code: str) -> str:
    area = PHONE_AREA.get(region_code, "06")
    if rng.random() < 0.25:
        area = "06"
    return f"{FICTION_PHONES[area]} {rng.randrange(100):02d} {rng.randrange(100):02d}"


def street_address(rng: random.Random) -> str:
    street = rng.choice(STREETS)
    return street if rng.random() < 0.08 else f"{rng.randint(1, 120)} {street}"


@dataclass(eq=False)
class RegionPlaces:
    """The communes of one region, ready for weighted draws."""

    id: int
    code: str
    name: str
    timezone: str
    communes: tuple[Commune, ...]
    cum_weights: tuple[float, ...]
    dept_names: dict[str, str]
    capital: Commune
    cress_name: str

    def commune(self, rng: random.Random) -> Commune:
        return rng.choices(self.communes, cum_weights=self.cum_weights)[0]

    @property
    def de(self) -> str:
        return de_region(self.code, self.name)

    def dept_de(self, code: str) -> str:
        return de_dept(code, self.dept_names.get(code, self.name))


def region_places(region, dept_names: dict[str, str]) -> RegionPlaces:
    """`region` is a Region row; communes located only at their département are left out."""
    pool = [c for c in gazetteer.all_communes() if c.region == region.code]
    precise = [c for c in pool if c.precision != "departement"] or pool
    cum, total = [], 0.0
    for commune in precise:
        total += max(commune.population, 50) ** 0.9
        cum.append(total)
    capital = gazetteer.find(region.cress_city, dept=None)
    if capital is None or capital.region != region.code:
        capital = max(precise, key=lambda c: c.population)
    return RegionPlaces(
        region.id,
        region.code,
        region.name,
        region.timezone,
        tuple(precise),
        tuple(cum),
        dept_names,
        capital,
        region.cress_name,
    )


def jitter(rng: random.Random, commune: Commune) -> tuple[float, float]:
    """Coordinates near the commune's centre: ±300 m, more in large cities."""
    radius = min(3500.0, max(300.0, 2.4 * math.sqrt(commune.population)))
    dlat = rng.uniform(-radius, radius) / 111_320
    dlon = rng.uniform(-radius, radius) / (111_320 * math.cos(math.radians(commune.lat)))
    return round(commune.lat + dlat, 6), round(commune.lon + dlon, 6)


def allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), at least `minimum` each
    when there is enough to go round."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    floor = minimum if total >= minimum * len(weights) * 2 else 0
    rest = total - floor * len(weights)
    wsum = sum(weights) or 1.0
    shares = [rest * w / wsum for w in weights]
    counts = [floor + int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (int(shares[i]) - shares[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts
