"""National CSV exports (UTF-8 with BOM, `;`): every column of every event and every
organisation, with readable labels next to the codes. Rows are read and written in
batches (app.common.exports), so the export of 20,000 events never holds them all in memory."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.common.exports import BATCH, csv_lines
from app.extensions import db
from app.models import Event, Organisation
from app.reference import catalog

FAMILIES = catalog.labels(catalog.FAMILIES)
SECTORS = catalog.labels(catalog.SECTORS)
EMPLOYEES = catalog.labels(catalog.EMPLOYEE_BRACKETS)

# Column -> French header. Every column of the table must be here (a test checks it).
EVENT_HEADERS = {
    "id": "Identifiant",
    "edition_id": "Identifiant de l'édition",
    "title": "Titre",
    "slug": "Slug",
    "summary": "Résumé",
    "description": "Description",
    "theme_id": "Identifiant de la thématique",
    "second_theme_id": "Identifiant de la seconde thématique",
    "kind": "Type (code)",
    "scale": "Échelle (code)",
    "partner_week": "Semaine partenaire (code)",
    "starts_at": "Début (heure de Paris)",
    "ends_at": "Fin (heure de Paris)",
    "venue": "Lieu",
    "address": "Adresse",
    "postcode": "Code postal",
    "commune": "Commune",
    "commune_insee": "Code INSEE de la commune",
    "departement_code": "Département (code)",
    "region_id": "Identifiant de la région",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "in_person": "En présentiel",
    "online": "En ligne",
    "online_url": "Lien en ligne",
    "free": "Gratuit",
    "price_info": "Tarif",
    "registration_required": "Inscription obligatoire",
    "registration_url": "Lien d'inscription",
    "access_moteur": "Accessible handicap moteur",
    "access_visuel": "Accessible handicap visuel",
    "access_auditif": "Accessible handicap auditif",
    "access_psychique": "Accessible handicap psychique",
    "access_mental": "Accessible handicap mental",
    "accessibility_info": "Informations d'accessibilité",
    "contact_name": "Contact (nom)",
    "contact_email": "Contact (e-mail)",
    "contact_phone": "Contact (téléphone)",
    "status": "Statut (code)",
    "schedule_status": "État de la programmation (code)",
    "organiser_id": "Identifiant de l'organisateur",
    "other_coorganisers": "Autres co-organisateurs",
    "attendance": "Participants",
    "image_file": "Fichier image",
    "image_credit": "Crédit de l'image",
    "creation_token": "Jeton de création",
    "import_key": "Clé d'import",
    "created_at": "Créé le (heure de Paris)",
    "updated_at": "Modifié le (heure de Paris)",
    "submitted_at": "Soumis le (heure de Paris)",
    "published_at": "Publié le (heure de Paris)",
    "postponed_from": "Initialement prévu le (heure de Paris)",
    "cancel_message": "Message d'annulation",
}
EVENT_EXTRA = (
    "Édition",
    "Thématique",
    "Seconde thématique",
    "Région",
    "Département",
    "Organisateur",
    "Co-organisateurs",
    "Publics (codes)",
)

ORGANISATION_HEADERS = {
    "id": "Identifiant",
    "name": "Nom",
    "family": "Famille (code)",
    "sector": "Secteur (code)",
    "employees": "Salariés (tranche)",
    "region_id": "Identifiant de la région",
    "address": "Adresse",
    "postcode": "Code postal",
    "commune": "Commune",
    "website": "Site web",
    "contact_name": "Contact (nom)",
    "contact_email": "Contact (e-mail)",
    "contact_phone": "Contact (téléphone)",
    "description": "Description",
    "created_at": "Créée le (heure de Paris)",
}
ORGANISATION_EXTRA = ("Région", "Famille", "Secteur", "Salariés")


def _columns(model) -> list[str]:
    return [c.key for c in model.__table__.columns]


def event_lines() -> Iterator[str]:
    columns = _columns(Event)
    header = [EVENT_HEADERS[c] for c in columns] + list(EVENT_EXTRA)
    query = (
        select(Event)
        .order_by(Event.id)
        .options(
            joinedload(Event.edition),
            joinedload(Event.theme),
            joinedload(Event.second_theme),
            joinedload(Event.region),
            joinedload(Event.departement),
            joinedload(Event.organiser),
            selectinload(Event.coorganisers),
            selectinload(Event.audience_rows),
        )
        .execution_options(yield_per=BATCH)
    )

    def rows():
        for event in db.session.scalars(query):
            yield [getattr(event, c) for c in columns] + [
                event.edition.year,
                event.theme.name,
                event.second_theme.name if event.second_theme else "",
                event.region.name,
                event.departement.name if event.departement else "",
                event.organiser.name,
                ", ".join(o.name for o in event.coorganisers),
                ", ".join(event.audiences),
            ]
            db.session.expunge(event)

    return csv_lines(header, rows())


def organisation_lines() -> Iterator[str]:
    columns = _columns(Organisation)
    header = [ORGANISATION_HEADERS[c] for c in columns] + list(ORGANISATION_EXTRA)
    query = (
        select(Organisation)
        .order_by(Organisation.id)
        .options(joinedload(Organisation.region))
        .execution_options(yield_per=BATCH)
    )

    def rows():
        for org in db.session.scalars(query):
            yield [getattr(org, c) for c in columns] + [
                org.region.name,
                FAMILIES.get(org.family, org.family),
                SECTORS.get(org.sector, org.sector),
                EMPLOYEES.get(org.employees, org.employees),
            ]
            db.session.expunge(org)

    return csv_lines(header, rows())
