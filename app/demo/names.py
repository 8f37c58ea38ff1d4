"""Invented names: people, organisations by family and sector, evocative short names."""

from __future__ import annotations

import random
import re

from app.common.text import fold
from app.demo.places import a, de, de_region

FIRST_NAMES = (
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Juliette", "Louise", "Émilie",
    "Nathalie", "Sophie", "Isabelle", "Aurélie", "Fatima", "Amina", "Mélanie", "Hélène",
    "Claire", "Agnès", "Maëlle", "Aïcha", "Marie", "Anne", "Céline", "Nadia", "Lucie",
    "Thomas", "Nicolas", "Julien", "Mathieu", "Karim", "Antoine", "Pierre", "Olivier",
    "Stéphane", "François", "Jérôme", "Yannick", "Mehdi", "Loïc", "Hugo", "Théo", "Bruno",
    "Christophe", "Sébastien", "Gaël", "Moussa", "Rémi", "Patrice", "Frédéric", "Joël",
)
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Le Gall", "Kerouédan", "Nguyen",
    "Diallo", "Benali", "Da Silva", "Haddad", "Traoré", "Lopez", "Chevalier", "Boyer", "Gauthier",
    "Le Bihan", "Arnaud", "Colin", "Pierre-Louis", "Hoarau", "Payet", "Ahamada", "Jean-Baptiste",
)
SHORT_NAMES = (
    "La Fabrique", "Le Relais", "La Passerelle", "La Ruche", "L'Arbre à palabres",
    "Le Grand Chemin", "La Boussole", "Le Fil rouge", "La Clé des champs", "Les Trois Rivières",
    "Le Petit Moulin", "La Belle Ouvrage", "Les Mains vertes", "Le Lien", "L'Envol", "La Source",
    "Le Champ commun", "La Cordée", "L'Atelier partagé", "Le Chaudron", "La Manufacture",
    "Le Bocal", "La Trame", "L'Étincelle", "Les Ateliers du quai", "La Marmite", "Le Pas de côté",
    "La Grange", "Le Phare", "Les Semeurs", "La Bricole", "L'Escale", "La Pépinière", "Le Sillon",
    "Les Hirondelles", "La Canopée", "Le Comptoir", "L'Îlot", "La Forge", "Les Tisserands",
    "Le Carrefour", "La Rose des vents", "L'Olivier", "La Courte Échelle", "Le Bercail",
    "La Halte", "Les Quatre Saisons", "La Roue libre", "Le Moulin à paroles", "L'Abeille",
    "Le Tournesol", "La Luciole", "Le Grenier", "Le Fournil", "Le Coin solidaire",
    "Les Liens tissés", "La Main tendue", "Cœur de quartier", "L'Œil ouvert", "La Ficelle",
)
BRANDS = ("Solénergie", "Terracoop", "Coopalim", "Vélocoop", "Numéricoop", "Bâticoop",
          "Scopéa", "Solicoop", "Ecotissage", "Mutéa", "Biocampagne", "Artisoli")
PERSONS = ("Louise-Michel", "Jean-Jaurès", "Victor-Hugo", "Simone-Veil", "Jules-Ferry",
           "Marie-Curie", "Aimé-Césaire", "George-Sand", "Olympe-de-Gouges", "Albert-Camus",
           "Gisèle-Halimi", "Charles-Gide", "Joséphine-Baker", "Jean-Moulin", "Lucie-Aubrac")

# Patterns with {n} short name, {c} "de Quimper", {a} "à Quimper", {d} "du Finistère",
# {r} "de Bretagne", {region} "Bretagne", {b} brand, {p} person.
_ASSOCIATION = {
    "education-populaire": ("Maison des jeunes et de la culture {c}", "Foyer rural {c}",
                            "Amicale laïque {c}", "Centre social {n}", "Loisirs et partage {c}"),
    "creation-entreprise": ("Boutique de gestion {d}", "Couveuse d'entreprises {n}",
                            "Initiative solidaire {d}", "Club des créateurs {c}"),
    "insertion": ("Chantier d'insertion {n}", "Régie de quartier {c}",
                  "Association intermédiaire {n}", "Jardins d'insertion {c}"),
    "action-sociale": ("Épicerie solidaire {n}", "Entraide et partage {c}",
                       "Accueil et solidarité {c}", "Association d'entraide {n}"),
    "culture": ("Compagnie {n}", "Collectif artistique {n}", "Cinéma associatif {n}",
                "Les Amis du théâtre {c}"),
    "formation": ("Université populaire {c}", "Atelier de formation {n}", "Savoirs partagés {c}"),
    "sante": ("Prévention santé {d}", "Association {n} – santé pour tous"),
    "environnement": ("Association Les Jardins partagés {c}", "Recyclerie {n}",
                      "Ressourcerie {n} {c}", "Nature et environnement {c}"),
    "agriculture-alimentation": ("AMAP {n} {c}", "Les Paniers {c}", "Terre de liens paysans {d}"),
    "finance": ("Club d'investisseurs solidaires {c}", "Microcrédit solidaire {d}"),
    "habitat": ("Habitat partagé {n}", "Association des habitants {c}"),
    "sport": ("Union sportive {c}", "Vélo-école {n}", "Sport pour tous {c}"),
    "commerce": ("Boutique équitable {n}", "Échanges équitables {c}"),
    "numerique": ("Radio associative {n}", "Fablab {n}", "Atelier numérique {c}"),
    "tourisme": ("Tourisme et partage {r}", "Gîtes solidaires {n}"),
}
_COOPERATIVE = {
    "habitat": ("Coopérative d'habitants {n}",),
    "agriculture-alimentation": ("Coopérative paysanne {n}", "Coopérative agricole {c}"),
    "creation-entreprise": ("Coopérative d'activités et d'emploi {n}", "CAE {n} {d}"),
    "environnement": ("SCIC Énergies citoyennes {d}", "Coopérative {b} {region}"),
    "commerce": ("Coopérative de consommateurs {n}", "Épicerie coopérative {n}"),
    "numerique": ("SCOP {b} Numérique", "Coopérative {n} Informatique"),
    "culture": ("SCIC {n} Culture", "Librairie coopérative {n}"),
}
_GENERIC = {
    "association": ("Association {n}", "{n}", "Association {n} {c}"),
    "cooperative": ("Coopérative {n}", "SCOP {n}", "SCIC {n}", "Coopérative {b} {region}"),
    "mutuelle": ("Mutuelle solidaire {d}", "Mutuelle {n}", "Mutuelle des travailleurs {r}",
                 "Mutuelle familiale {c}", "Union mutualiste {r}"),
    "fondation": ("Fondation {n}", "Fondation {p} pour l'enfance", "Fondation pour l'insertion {r}",
                  "Fondation {n} – solidarité {c}"),
    "entreprise-ess": ("{n} SAS", "{b} (entreprise solidaire d'utilité sociale)",
                       "Entreprise d'insertion {n}", "{n} – entreprise adaptée"),
    "collectivite": ("Ville {c}", "Ville {c}", "Mairie {c}", "Communauté de communes {c}",
                     "Conseil départemental {d}"),
    "reseau": ("Réseau {n}", "Fédération des associations {d}", "Union régionale des SCOP {r}",
               "Collectif ESS {c}", "Pôle territorial de coopération économique {c}",
               "Réseau des ressourceries {r}"),
    "autre": ("Collectif {n}", "Comité d'entreprise {b}", "Groupement d'employeurs {n}",
              "Lycée {p} {c}"),
}


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def domain(name: str) -> str:
    """An example.org subdomain from a name ('la-ruche-quimper.example.org')."""
    label = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:40].strip("-") or "ess"
    return f"{label}.example.org"


def email(name: str, host: str) -> str:
    first, _, last = name.partition(" ")
    local = ".".join(p for p in (fold(first[:1]), fold(last).replace(" ", "-")) if p)
    return f"{local.replace(chr(39), '')}@{host}"


def organisation_name(rng: random.Random, family: str, sector: str, commune: str,
                      dept: str, region_code: str, region: str, population: int = 0) -> str:
    if family == "collectivite" and rng.random() < 0.7:
        pattern = "Ville {c}" if population >= 3000 else rng.choice(("Commune {c}", "Mairie {c}"))
    else:
        patterns = _GENERIC[family]
        specific = {"association": _ASSOCIATION, "cooperative": _COOPERATIVE}.get(family, {})
        if sector in specific and rng.random() < 0.6:
            patterns = specific[sector]
        pattern = rng.choice(patterns)
    return pattern.format(n=rng.choice(SHORT_NAMES), c=de(commune), a=a(commune), d=dept,
                          r=de_region(region_code, region), region=region,
                          b=rng.choice(BRANDS), p=rng.choice(PERSONS))
