"""The national export of the candidacies (CSV and XLSX, one definition of the columns):
readable labels (statuses, prizes, regions, organisation families, sectors and sizes) next to
the few codes a spreadsheet needs to join, every answer of the form, the CRESS evaluation."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Candidacy, Organisation
from app.prizes.candidacy.steps import STEPS, category_label
from app.reference import catalog

FAMILIES = catalog.labels(catalog.FAMILIES)
SECTORS = catalog.labels(catalog.SECTORS)
EMPLOYEES = catalog.labels(catalog.EMPLOYEE_BRACKETS)
# The national team sees the real status (the applicant sees « déposée » until publication).
STATUSES = {
    "brouillon": _l("brouillon"),
    "depose": _l("déposée"),
    "preselectionne": _l("pré-sélectionnée par la CRESS"),
    "retenu": _l("retenue parmi les 50"),
    "laureat": _l("lauréate"),
    "non-retenu": _l("non retenue"),
}


def _answer(step: str, name: str) -> Callable[[Candidacy], object]:
    def get(c: Candidacy):
        value = (c.answers or {}).get(step, {}).get(name)
        if isinstance(value, list):
            return ", ".join(category_label(v) for v in value)
        return value

    return get


def columns() -> list[tuple[object, Callable[[Candidacy], object]]]:
    fixed = [
        (_l("Identifiant"), lambda c: c.id),
        (_l("Édition"), lambda c: c.edition.year),
        (_l("Statut"), lambda c: str(STATUSES.get(c.status, c.status))),
        (_l("Organisation"), lambda c: c.organisation.name),
        (_l("Région"), lambda c: c.organisation.region.name),
        (_l("Famille"), lambda c: str(FAMILIES.get(c.organisation.family, c.organisation.family))),
        (_l("Secteur"), lambda c: str(SECTORS.get(c.organisation.sector, c.organisation.sector))),
        (_l("Salariés"), lambda c: str(EMPLOYEES.get(c.organisation.employees, c.organisation.employees))),
        (_l("Commune"), lambda c: c.organisation.commune),
        (_l("Contact"), lambda c: c.organisation.contact_name),
        (_l("E-mail du contact"), lambda c: c.organisation.contact_email),
        (_l("Téléphone du contact"), lambda c: c.organisation.contact_phone),
        (_l("Titre du projet"), lambda c: c.project_title),
        (_l("Prix visés"), lambda c: ", ".join(category_label(code) for code in c.categories or [])),
        (_l("Note de la CRESS (sur 20)"), lambda c: c.cress_score),
        (_l("Commentaire de la CRESS"), lambda c: c.cress_comment),
        (_l("Lauréate du prix"), lambda c: category_label(c.laureate_category or "") or ""),
        (_l("Dépôt tardif"), lambda c: str(_l("oui") if c.late_code_id else _l("non"))),
        (_l("Créée le"), lambda c: c.created_at),
        (_l("Déposée le"), lambda c: c.submitted_at),
    ]
    answers = [
        (f"{step.title} – {q.label}", _answer(step.slug, q.name))
        for step in STEPS
        for q in step.questions
        if q.name not in ("project_title", "categories")
    ]
    return fixed + answers


def header() -> list[str]:
    return [str(label) for label, _get in columns()]


def rows(edition_id: int) -> Iterator[list]:
    """The edition's candidacies past the draft, by region then organisation (dates in UTC,
    the writers show them in Paris time)."""
    cols = columns()
    query = (
        select(Candidacy)
        .join(Organisation, Organisation.id == Candidacy.organisation_id)
        .where(Candidacy.edition_id == edition_id, Candidacy.status != "brouillon")
        .order_by(Candidacy.region_id, Organisation.name, Candidacy.id)
        .options(
            joinedload(Candidacy.edition),
            joinedload(Candidacy.organisation).joinedload(Organisation.region),
        )
    )
    for c in db.session.scalars(query):
        yield [get(c) for _label, get in cols]
