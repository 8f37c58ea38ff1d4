"""Reference data: the 18 French regions (with their CRESS) and the 101 départements.

Pure data, no Flask. Codes and names come from the INSEE "découpage administratif"
(npm ``@etalab/decoupage-administratif``); ``population`` is the sum of the
municipal populations of the region's communes in that dataset. CRESS contacts
(Chambre régionale de l'économie sociale et solidaire) are demo values.
Map centres and Leaflet zoom levels frame the whole region.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # INSEE region code
    slug: str
    name: str
    cress_name: str
    cress_website: str
    cress_email: str
    cress_city: str
    timezone: str
    population: int
    overseas: bool
    center_lat: float
    center_lon: float
    zoom: int


@dataclass(frozen=True, slots=True)
class Departement:
    code: str
    name: str
    region_code: str


def _region(
    code: str,
    slug: str,
    name: str,
    domain: str,
    city: str,
    population: int,
    center: tuple[float, float],
    zoom: int,
    timezone: str = "Europe/Paris",
) -> Region:
    return Region(
        code=code,
        slug=slug,
        name=name,
        cress_name=f"CRESS {name}",
        cress_website=f"https://www.{domain}",
        cress_email=f"contact@{domain}",
        cress_city=city,
        timezone=timezone,
        population=population,
        overseas=timezone != "Europe/Paris",
        center_lat=center[0],
        center_lon=center[1],
        zoom=zoom,
    )


REGIONS: tuple[Region, ...] = (
    _region(
        "84",
        "auvergne-rhone-alpes",
        "Auvergne-Rhône-Alpes",
        "cress-aura.org",
        "Lyon",
        8205557,
        (45.50, 4.55),
        7,
    ),
    _region(
        "27",
        "bourgogne-franche-comte",
        "Bourgogne-Franche-Comté",
        "cress-bfc.org",
        "Dijon",
        2802670,
        (47.26, 5.00),
        7,
    ),
    _region("53", "bretagne", "Bretagne", "ess-bretagne.org", "Rennes", 3449370, (48.08, -3.06), 7),
    _region(
        "24",
        "centre-val-de-loire",
        "Centre-Val de Loire",
        "cress-centre.org",
        "Orléans",
        2587031,
        (47.66, 1.59),
        7,
    ),
    _region("94", "corse", "Corse", "cress-corse.org", "Ajaccio", 355486, (42.17, 9.06), 8),
    _region("44", "grand-est", "Grand Est", "cress-grandest.org", "Metz", 5563378, (48.81, 5.81), 7),
    _region("32", "hauts-de-france", "Hauts-de-France", "cresshdf.org", "Lille", 5992194, (49.99, 2.81), 7),
    _region("11", "ile-de-france", "Île-de-France", "cressidf.org", "Paris", 12463067, (48.67, 2.47), 8),
    _region("28", "normandie", "Normandie", "cress-normandie.org", "Caen", 3345842, (49.14, -0.04), 7),
    _region(
        "75",
        "nouvelle-aquitaine",
        "Nouvelle-Aquitaine",
        "cress-na.org",
        "Bordeaux",
        6150451,
        (45.06, 0.36),
        7,
    ),
    _region("76", "occitanie", "Occitanie", "cress-occitanie.org", "Toulouse", 6124653, (43.70, 2.28), 7),
    _region(
        "52", "pays-de-la-loire", "Pays de la Loire", "cress-pdl.org", "Nantes", 3907156, (47.43, -0.87), 7
    ),
    _region(
        "93",
        "provence-alpes-cote-d-azur",
        "Provence-Alpes-Côte d'Azur",
        "cresspaca.org",
        "Marseille",
        5218960,
        (44.03, 6.02),
        7,
    ),
    _region(
        "01",
        "guadeloupe",
        "Guadeloupe",
        "cress-guadeloupe.org",
        "Pointe-à-Pitre",
        384160,
        (16.17, -61.40),
        9,
        timezone="America/Guadeloupe",
    ),
    _region(
        "02",
        "martinique",
        "Martinique",
        "cress-martinique.org",
        "Fort-de-France",
        360630,
        (14.64, -61.02),
        10,
        timezone="America/Martinique",
    ),
    _region(
        "03",
        "guyane",
        "Guyane",
        "cress-guyane.org",
        "Cayenne",
        293996,
        (3.95, -53.10),
        7,
        timezone="America/Cayenne",
    ),
    _region(
        "04",
        "la-reunion",
        "La Réunion",
        "cress-reunion.com",
        "Saint-Denis",
        889679,
        (-21.13, 55.53),
        9,
        timezone="Indian/Reunion",
    ),
    _region(
        "06",
        "mayotte",
        "Mayotte",
        "cress-mayotte.org",
        "Mamoudzou",
        256518,
        (-12.82, 45.15),
        10,
        timezone="Indian/Mayotte",
    ),
)

_DEPARTEMENTS_DATA = (
    ("01", "Ain", "84"),
    ("02", "Aisne", "32"),
    ("03", "Allier", "84"),
    ("04", "Alpes-de-Haute-Provence", "93"),
    ("05", "Hautes-Alpes", "93"),
    ("06", "Alpes-Maritimes", "93"),
    ("07", "Ardèche", "84"),
    ("08", "Ardennes", "44"),
    ("09", "Ariège", "76"),
    ("10", "Aube", "44"),
    ("11", "Aude", "76"),
    ("12", "Aveyron", "76"),
    ("13", "Bouches-du-Rhône", "93"),
    ("14", "Calvados", "28"),
    ("15", "Cantal", "84"),
    ("16", "Charente", "75"),
    ("17", "Charente-Maritime", "75"),
    ("18", "Cher", "24"),
    ("19", "Corrèze", "75"),
    ("21", "Côte-d'Or", "27"),
    ("22", "Côtes-d'Armor", "53"),
    ("23", "Creuse", "75"),
    ("24", "Dordogne", "75"),
    ("25", "Doubs", "27"),
    ("26", "Drôme", "84"),
    ("27", "Eure", "28"),
    ("28", "Eure-et-Loir", "24"),
    ("29", "Finistère", "53"),
    ("2A", "Corse-du-Sud", "94"),
    ("2B", "Haute-Corse", "94"),
    ("30", "Gard", "76"),
    ("31", "Haute-Garonne", "76"),
    ("32", "Gers", "76"),
    ("33", "Gironde", "75"),
    ("34", "Hérault", "76"),
    ("35", "Ille-et-Vilaine", "53"),
    ("36", "Indre", "24"),
    ("37", "Indre-et-Loire", "24"),
    ("38", "Isère", "84"),
    ("39", "Jura", "27"),
    ("40", "Landes", "75"),
    ("41", "Loir-et-Cher", "24"),
    ("42", "Loire", "84"),
    ("43", "Haute-Loire", "84"),
    ("44", "Loire-Atlantique", "52"),
    ("45", "Loiret", "24"),
    ("46", "Lot", "76"),
    ("47", "Lot-et-Garonne", "75"),
    ("48", "Lozère", "76"),
    ("49", "Maine-et-Loire", "52"),
    ("50", "Manche", "28"),
    ("51", "Marne", "44"),
    ("52", "Haute-Marne", "44"),
    ("53", "Mayenne", "52"),
    ("54", "Meurthe-et-Moselle", "44"),
    ("55", "Meuse", "44"),
    ("56", "Morbihan", "53"),
    ("57", "Moselle", "44"),
    ("58", "Nièvre", "27"),
    ("59", "Nord", "32"),
    ("60", "Oise", "32"),
    ("61", "Orne", "28"),
    ("62", "Pas-de-Calais", "32"),
    ("63", "Puy-de-Dôme", "84"),
    ("64", "Pyrénées-Atlantiques", "75"),
    ("65", "Hautes-Pyrénées", "76"),
    ("66", "Pyrénées-Orientales", "76"),
    ("67", "Bas-Rhin", "44"),
    ("68", "Haut-Rhin", "44"),
    ("69", "Rhône", "84"),
    ("70", "Haute-Saône", "27"),
    ("71", "Saône-et-Loire", "27"),
    ("72", "Sarthe", "52"),
    ("73", "Savoie", "84"),
    ("74", "Haute-Savoie", "84"),
    ("75", "Paris", "11"),
    ("76", "Seine-Maritime", "28"),
    ("77", "Seine-et-Marne", "11"),
    ("78", "Yvelines", "11"),
    ("79", "Deux-Sèvres", "75"),
    ("80", "Somme", "32"),
    ("81", "Tarn", "76"),
    ("82", "Tarn-et-Garonne", "76"),
    ("83", "Var", "93"),
    ("84", "Vaucluse", "93"),
    ("85", "Vendée", "52"),
    ("86", "Vienne", "75"),
    ("87", "Haute-Vienne", "75"),
    ("88", "Vosges", "44"),
    ("89", "Yonne", "27"),
    ("90", "Territoire de Belfort", "27"),
    ("91", "Essonne", "11"),
    ("92", "Hauts-de-Seine", "11"),
    ("93", "Seine-Saint-Denis", "11"),
    ("94", "Val-de-Marne", "11"),
    ("95", "Val-d'Oise", "11"),
    ("971", "Guadeloupe", "01"),
    ("972", "Martinique", "02"),
    ("973", "Guyane", "03"),
    ("974", "La Réunion", "04"),
    ("976", "Mayotte", "06"),
)

DEPARTEMENTS: tuple[Departement, ...] = tuple(Departement(*row) for row in _DEPARTEMENTS_DATA)

_REGIONS_BY_CODE = {r.code: r for r in REGIONS}
_REGIONS_BY_SLUG = {r.slug: r for r in REGIONS}
_DEPARTEMENTS_BY_CODE = {d.code: d for d in DEPARTEMENTS}


def region_by_code(code: str | None) -> Region | None:
    return _REGIONS_BY_CODE.get(code.strip()) if isinstance(code, str) else None


def region_by_slug(slug: str | None) -> Region | None:
    return _REGIONS_BY_SLUG.get(slug.strip().lower()) if isinstance(slug, str) else None


def departement_by_code(code: str | None) -> Departement | None:
    return _DEPARTEMENTS_BY_CODE.get(code.strip().upper()) if isinstance(code, str) else None


def departements_of_region(region_code: str) -> tuple[Departement, ...]:
    return tuple(d for d in DEPARTEMENTS if d.region_code == region_code)
