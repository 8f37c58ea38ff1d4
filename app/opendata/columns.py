"""The columns of the open data files of events, defined once: the CSV header and cells, the
JSON keys and values, and the data dictionary page all come from COLUMNS.

No personal data: no contact (name, e-mail, telephone) of the event or of the organisation,
no attendance figures per event, nothing of the moderation. FORMAT_VERSION changes when a
column is renamed or removed (adding one does not)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from app.common.text import plain_excerpt
from app.common.time import iso_paris
from app.models import Event
from app.reference import catalog

FORMAT_VERSION = 1

TEXT, INTEGER, DECIMAL, BOOLEAN, DATETIME, LIST = (
    "texte",
    "entier",
    "décimal",
    "booléen",
    "date-heure",
    "liste",
)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: Any  # lazy French text
    example: str
    value: Callable[[Event, Callable[[Event], str]], Any]  # (event, page URL of an event)


def _codes(values) -> list[str]:
    return list(values)


COLUMNS: tuple[Column, ...] = (
    Column("id", INTEGER, _l("Numéro de l'événement sur le site (stable)."), "1234", lambda e, u: e.id),
    Column(
        "edition", INTEGER, _l("Année de l'édition du Mois de l'ESS."), "2026", lambda e, u: e.edition.year
    ),
    Column(
        "titre", TEXT, _l("Titre de l'événement."), "Portes ouvertes de la coopérative", lambda e, u: e.title
    ),
    Column(
        "description",
        TEXT,
        _l("Présentation de l'événement, en texte brut."),
        "Visite d'une société coopérative d'intérêt collectif…",
        lambda e, u: plain_excerpt(e.description or e.summary, 20_000),
    ),
    Column(
        "debut",
        DATETIME,
        _l("Début, heure de Paris (CSV : AAAA-MM-JJ HH:MM ; JSON : ISO 8601 avec décalage)."),
        "2026-11-14 09:00",
        lambda e, u: e.starts_at,
    ),
    Column(
        "fin", DATETIME, _l("Fin, heure de Paris (même format)."), "2026-11-14 12:00", lambda e, u: e.ends_at
    ),
    Column(
        "statut",
        TEXT,
        _l("programme, reporte, complet ou annule (les annulés restent publiés)."),
        "programme",
        lambda e, u: e.schedule_status,
    ),
    Column("type", TEXT, _l("Type d'événement (code)."), "portes-ouvertes", lambda e, u: e.kind),
    Column(
        "categorie",
        TEXT,
        _l("Catégorie du type : informative, festive ou decouverte."),
        "decouverte",
        lambda e, u: _CATEGORY.get(e.kind, ""),
    ),
    Column(
        "thematique",
        TEXT,
        _l("Thématique principale (identifiant)."),
        "travailler",
        lambda e, u: e.theme.slug,
    ),
    Column(
        "thematique_2",
        TEXT,
        _l("Seconde thématique (identifiant), vide sinon."),
        "s-evader",
        lambda e, u: e.second_theme.slug if e.second_theme else "",
    ),
    Column(
        "publics",
        LIST,
        _l("Publics visés (codes ; séparés par « , » dans le CSV, liste en JSON)."),
        "grand-public,jeunes",
        lambda e, u: _codes(e.audiences),
    ),
    Column(
        "envergure",
        TEXT,
        _l("locale, departementale, regionale ou nationale."),
        "locale",
        lambda e, u: e.scale,
    ),
    Column("region", TEXT, _l("Région (identifiant)."), "bretagne", lambda e, u: e.region.slug),
    Column("region_code_insee", TEXT, _l("Code INSEE de la région."), "53", lambda e, u: e.region.code),
    Column("departement", TEXT, _l("Code du département."), "35", lambda e, u: e.departement_code or ""),
    Column("commune", TEXT, _l("Commune."), "Rennes", lambda e, u: e.commune),
    Column("code_insee", TEXT, _l("Code INSEE de la commune."), "35238", lambda e, u: e.commune_insee or ""),
    Column("code_postal", TEXT, _l("Code postal."), "35000", lambda e, u: e.postcode),
    Column("lieu", TEXT, _l("Nom du lieu."), "Maison de l'ESS", lambda e, u: e.venue),
    Column("adresse", TEXT, _l("Adresse du lieu."), "12 rue de la République", lambda e, u: e.address),
    Column(
        "latitude",
        DECIMAL,
        _l("Latitude (WGS 84) ; virgule décimale dans le CSV, nombre en JSON ; vide si inconnue."),
        "48,1113",
        lambda e, u: e.latitude,
    ),
    Column(
        "longitude", DECIMAL, _l("Longitude (WGS 84), vide si inconnue."), "-1,68", lambda e, u: e.longitude
    ),
    Column("presentiel", BOOLEAN, _l("En présentiel (CSV : oui/non)."), "oui", lambda e, u: e.in_person),
    Column("en_ligne", BOOLEAN, _l("En ligne."), "non", lambda e, u: e.online),
    Column("gratuit", BOOLEAN, _l("Gratuit."), "oui", lambda e, u: e.free),
    Column(
        "tarifs", TEXT, _l("Précisions sur les tarifs."), "5 € (gratuit -18 ans)", lambda e, u: e.price_info
    ),
    Column(
        "inscription_obligatoire",
        BOOLEAN,
        _l("Inscription obligatoire."),
        "non",
        lambda e, u: e.registration_required,
    ),
    Column(
        "lien_inscription",
        TEXT,
        _l("Adresse d'inscription."),
        "https://exemple.fr/inscription",
        lambda e, u: e.registration_url,
    ),
    Column(
        "accessibilite",
        LIST,
        _l("Accessible aux personnes en situation de handicap : moteur, visuel, auditif, psychique, mental."),
        "moteur,auditif",
        lambda e, u: _codes(e.accessibility),
    ),
    Column(
        "organisateur",
        TEXT,
        _l("Nom de l'organisation."),
        "Coopérative Les Champs",
        lambda e, u: e.organiser.name,
    ),
    Column(
        "organisateur_famille",
        TEXT,
        _l("Famille de l'ESS de l'organisation (association, cooperative, mutuelle…)."),
        "cooperative",
        lambda e, u: e.organiser.family,
    ),
    Column(
        "organisateur_site",
        TEXT,
        _l("Site web de l'organisation."),
        "https://mon-association.fr",
        lambda e, u: e.organiser.website,
    ),
    Column(
        "url",
        TEXT,
        _l("Page de l'événement sur le site du Mois de l'ESS."),
        "https://www.lemois-ess.org/evenements/1234-portes-ouvertes",
        lambda e, u: u(e),
    ),
    Column(
        "mise_a_jour",
        DATETIME,
        _l("Dernière modification, heure de Paris."),
        "2026-10-02 17:45",
        lambda e, u: e.updated_at,
    ),
)

_CATEGORY = {kind.code: kind.category for kind in catalog.EVENT_KINDS}


def names() -> list[str]:
    return [c.name for c in COLUMNS]


def _csv_cell(column: Column, value):
    if column.type == LIST:
        return ",".join(value)
    if column.type == DECIMAL and value is not None:
        return str(value).replace(".", ",")  # decimal comma, as in the bilan's files
    return value


def csv_row(event: Event, page_url) -> list:
    """Cells for app.common.exports.csv_lines (which writes booleans, times and text)."""
    return [_csv_cell(c, c.value(event, page_url)) for c in COLUMNS]


def json_row(event: Event, page_url) -> dict:
    row = {}
    for c in COLUMNS:
        value = c.value(event, page_url)
        row[c.name] = iso_paris(value) if isinstance(value, datetime) else value
    return row
