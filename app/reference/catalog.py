"""Reference lists of the Mois de l'ESS (see shared/DOMAIN.md).

Codes are stable identifiers stored in the database; labels are French and shown to users.
Labels are marked with ``lazy_gettext`` so the UI goes through the translation catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class ThemeDef:
    number: int
    slug: str
    name: str
    topics: tuple[str, ...]
    description: str
    color: str  # dark enough for white text (contrast >= 4.5:1)
    weight: float  # share of events in a realistic edition (demo data)


THEMES: tuple[ThemeDef, ...] = (
    ThemeDef(
        1,
        "travailler",
        "Travailler",
        (
            "emploi",
            "formation",
            "insertion professionnelle",
            "handicap",
            "ressources humaines",
            "comités d'entreprise et syndicats",
        ),
        "L'ESS crée des emplois non délocalisables, forme, accompagne vers l'emploi "
        "et invente d'autres façons de travailler ensemble.",
        "#1d4e89",
        0.14,
    ),
    ThemeDef(
        2,
        "consommer-acheter-manger",
        "Consommer, acheter, manger",
        ("consommation responsable", "commerce équitable", "agriculture bio", "circuits courts"),
        "Épiceries solidaires, AMAP, commerce équitable : consommer autrement, près de chez soi.",
        "#8a3b12",
        0.16,
    ),
    ThemeDef(
        3,
        "se-loger",
        "Se loger",
        ("éco-habitat", "coopératives de logement", "logement social", "intergénération"),
        "Habitat participatif, coopératives d'habitants, logement social et intergénérationnel.",
        "#6b3fa0",
        0.04,
    ),
    ThemeDef(
        4,
        "eduquer-et-apprendre",
        "Éduquer et apprendre",
        ("petite enfance", "jeunesse", "éducation", "recherche", "universités"),
        "De la crèche parentale à l'université : l'ESS éduque, transmet et se fait connaître des jeunes.",
        "#0f6b5c",
        0.09,
    ),
    ThemeDef(
        5,
        "entreprendre-epargner-et-investir",
        "Entreprendre, épargner et investir",
        (
            "entrepreneuriat social",
            "création et reprise d'entreprise",
            "coopératives",
            "finance et épargne solidaire",
        ),
        "Créer, reprendre ou transformer une entreprise en coopérative, placer son épargne "
        "dans des projets utiles.",
        "#9b1d42",
        0.22,
    ),
    ThemeDef(
        6,
        "aider-et-soigner",
        "Aider et soigner",
        ("assurance", "prévention", "droit", "santé", "sanitaire et social", "services à la personne"),
        "Mutuelles, centres de santé, services à la personne : prendre soin, prévenir, protéger.",
        "#a3213a",
        0.07,
    ),
    ThemeDef(
        7,
        "s-evader",
        "S'évader",
        ("culture", "arts", "sports et loisirs", "tourisme solidaire"),
        "Culture, sport, loisirs et tourisme solidaire portés par des associations et coopératives.",
        "#5b4a00",
        0.06,
    ),
    ThemeDef(
        8,
        "participer-et-cooperer",
        "Participer et coopérer",
        (
            "citoyenneté",
            "démocratie locale",
            "bénévolat",
            "vie associative",
            "solidarité internationale et humanitaire",
        ),
        "S'engager, donner de son temps, décider ensemble, agir ici et ailleurs.",
        "#2f5d1f",
        0.13,
    ),
    ThemeDef(
        9,
        "preserver",
        "Préserver",
        ("environnement", "développement durable", "éco-mobilité", "transports", "énergie solidaire"),
        "Recycleries, énergies citoyennes, mobilité partagée : l'ESS prend soin de la planète.",
        "#1e6432",
        0.06,
    ),
    ThemeDef(
        10,
        "s-informer-et-communiquer",
        "S'informer et communiquer",
        (
            "informatique",
            "numérique",
            "communication",
            "logiciels libres",
            "médias alternatifs et associatifs",
        ),
        "Médias associatifs, logiciels libres, inclusion numérique : informer et relier.",
        "#3c4a5c",
        0.03,
    ),
)


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class KindDef:
    code: str
    label: str
    category: str  # informative | festive | decouverte
    weight: float


EVENT_CATEGORIES = {
    "informative": _l("Informative"),
    "festive": _l("Festive"),
    "decouverte": _l("Découverte"),
}

EVENT_KINDS: tuple[KindDef, ...] = (
    KindDef("debat", _l("Débat / conférence"), "informative", 0.20),
    KindDef("colloque", _l("Colloque / séminaire"), "informative", 0.06),
    KindDef("forum", _l("Forum / salon"), "decouverte", 0.09),
    KindDef("portes-ouvertes", _l("Portes ouvertes / visite d'entreprise"), "decouverte", 0.13),
    KindDef("projection", _l("Projection"), "informative", 0.08),
    KindDef("atelier", _l("Formation / atelier"), "informative", 0.14),
    KindDef("information", _l("Session d'information"), "informative", 0.07),
    KindDef("animation", _l("Animation publique"), "festive", 0.07),
    KindDef("festif", _l("Rendez-vous festif"), "festive", 0.06),
    KindDef("marche", _l("Marché"), "festive", 0.05),
    KindDef("prevention", _l("Opération de prévention"), "informative", 0.03),
    KindDef("concours", _l("Concours"), "decouverte", 0.02),
)

AUDIENCES: tuple[Choice, ...] = (
    Choice("grand-public", _l("Grand public")),
    Choice("jeunes", _l("Jeunes")),
    Choice("scolaires-etudiants", _l("Scolaires et étudiants")),
    Choice("professionnels-ess", _l("Professionnels de l'ESS")),
    Choice("militants-ess", _l("Militants de l'ESS")),
    Choice("porteurs-de-projets", _l("Porteurs de projets")),
    Choice("institutionnels-elus", _l("Institutionnels et élus")),
    Choice("demandeurs-emploi-salaries", _l("Demandeurs d'emploi et salariés")),
)

SCALES: tuple[Choice, ...] = (
    Choice("locale", _l("Locale")),
    Choice("departementale", _l("Départementale")),
    Choice("regionale", _l("Régionale")),
    Choice("nationale", _l("Nationale")),
)

# The five categories of disability used by French event platforms.
ACCESSIBILITY: tuple[Choice, ...] = (
    Choice("moteur", _l("Handicap moteur")),
    Choice("visuel", _l("Handicap visuel")),
    Choice("auditif", _l("Handicap auditif")),
    Choice("psychique", _l("Handicap psychique")),
    Choice("mental", _l("Handicap intellectuel")),
)

PARTNER_WEEKS: tuple[Choice, ...] = (
    Choice("finance-solidaire", _l("Semaine de la finance solidaire")),
    Choice("solidarite-internationale", _l("Semaine de la solidarité internationale")),
)

# Public life of a published event (the moderation status is separate).
SCHEDULE_STATUSES: tuple[Choice, ...] = (
    Choice("programme", _l("Programmé")),
    Choice("reporte", _l("Reporté")),
    Choice("complet", _l("Complet")),
    Choice("annule", _l("Annulé")),
)

MODERATION_STATUSES: tuple[Choice, ...] = (
    Choice("brouillon", _l("Brouillon")),
    Choice("soumis", _l("Soumis à la CRESS")),
    Choice("a-modifier", _l("Modifications demandées")),
    Choice("refuse", _l("Refusé")),
    Choice("publie", _l("Publié")),
)

FAMILIES: tuple[Choice, ...] = (
    Choice("association", _l("Association")),
    Choice("cooperative", _l("Coopérative")),
    Choice("mutuelle", _l("Mutuelle")),
    Choice("fondation", _l("Fondation")),
    Choice("entreprise-ess", _l("Entreprise commerciale de l'ESS")),
    Choice("collectivite", _l("Collectivité locale")),
    Choice("reseau", _l("Réseau, fédération ou CRESS")),
    Choice("autre", _l("Autre")),
)

SECTORS: tuple[Choice, ...] = (
    Choice("education-populaire", _l("Éducation populaire et loisirs")),
    Choice("creation-entreprise", _l("Création, reprise et consolidation d'entreprises")),
    Choice("insertion", _l("Insertion professionnelle")),
    Choice("action-sociale", _l("Action sociale")),
    Choice("culture", _l("Culture")),
    Choice("formation", _l("Formation")),
    Choice("sante", _l("Santé")),
    Choice("environnement", _l("Environnement")),
    Choice("agriculture-alimentation", _l("Agriculture et alimentation")),
    Choice("finance", _l("Banque, finance et assurance")),
    Choice("habitat", _l("Habitat et logement")),
    Choice("sport", _l("Sport")),
    Choice("commerce", _l("Commerce")),
    Choice("numerique", _l("Numérique et médias")),
    Choice("tourisme", _l("Tourisme")),
    Choice("autre", _l("Autre")),
)

EMPLOYEE_BRACKETS: tuple[Choice, ...] = (
    Choice("0", _l("Aucun salarié")),
    Choice("1-9", _l("1 à 9 salariés")),
    Choice("10-49", _l("10 à 49 salariés")),
    Choice("50-249", _l("50 à 249 salariés")),
    Choice("250+", _l("250 salariés et plus")),
)


def labels(choices) -> dict[str, str]:
    """Map code -> label for a tuple of Choice/KindDef."""
    return {c.code: c.label for c in choices}


def codes(choices) -> tuple[str, ...]:
    return tuple(c.code for c in choices)


# The organisers' survey after the Month (app/organisers/services/survey.py).
SURVEY_SATISFACTION: tuple[Choice, ...] = (
    Choice("tres-satisfait", _l("Très satisfait")),
    Choice("satisfait", _l("Plutôt satisfait")),
    Choice("peu-satisfait", _l("Peu satisfait")),
    Choice("pas-satisfait", _l("Pas du tout satisfait")),
)

SURVEY_AGAIN: tuple[Choice, ...] = (
    Choice("oui", _l("Oui")),
    Choice("peut-etre", _l("Peut-être")),
    Choice("non", _l("Non")),
)
