"""Documents of the back-office: exports (CSV for French Excel, XLSX) and the regional
programme (printable page and PDF), arranged by département then date."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.common.exports import spreadsheet_safe, xlsx_bytes
from app.common.time import to_local
from app.models import Departement, Event
from app.moderation.services import STATUS_LABELS
from app.reference import catalog

KINDS = catalog.labels(catalog.EVENT_KINDS)
AUDIENCES = catalog.labels(catalog.AUDIENCES)
SCHEDULE = catalog.labels(catalog.SCHEDULE_STATUSES)


def _local(value: datetime | None) -> datetime | None:
    return to_local(value) if value is not None else None


def _yes(value: bool) -> str:
    return str(_("oui")) if value else str(_("non"))


def columns(public_url: Callable[[Event], str]) -> list[tuple[str, Callable[[Event], object]]]:
    """French header -> value of an event (datetimes in Europe/Paris, naive)."""
    return [
        (_l("Identifiant"), lambda e: e.id),
        (_l("Statut"), lambda e: str(STATUS_LABELS[e.status])),
        (_l("Programmation"), lambda e: str(SCHEDULE[e.schedule_status])),
        (_l("Titre"), lambda e: e.title),
        (_l("Thématique"), lambda e: e.theme.name),
        (_l("Type"), lambda e: str(KINDS.get(e.kind, e.kind))),
        (_l("Publics"), lambda e: ", ".join(str(AUDIENCES.get(a, a)) for a in e.audiences)),
        (_l("Début"), lambda e: _local(e.starts_at)),
        (_l("Fin"), lambda e: _local(e.ends_at)),
        (_l("Lieu"), lambda e: e.venue),
        (_l("Adresse"), lambda e: e.address),
        (_l("Code postal"), lambda e: e.postcode),
        (_l("Commune"), lambda e: e.commune),
        (_l("Département"), lambda e: e.departement.label if e.departement else ""),
        (_l("En ligne"), lambda e: _yes(e.online)),
        (_l("Gratuit"), lambda e: _yes(e.free)),
        (_l("Organisateur"), lambda e: e.organiser.name),
        (_l("Contact"), lambda e: e.contact_name),
        (_l("E-mail du contact"), lambda e: e.contact_email),
        (_l("Téléphone du contact"), lambda e: e.contact_phone),
        (_l("E-mail de la structure"), lambda e: e.organiser.contact_email),
        (_l("Téléphone de la structure"), lambda e: e.organiser.contact_phone),
        (_l("Inscrit le"), lambda e: _local(e.created_at)),
        (_l("Soumis le"), lambda e: _local(e.submitted_at)),
        (_l("Publié le"), lambda e: _local(e.published_at)),
        (_l("Page publique"), lambda e: public_url(e) if e.is_published else ""),
    ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return spreadsheet_safe(str(value))


def to_csv(events: list[Event], public_url: Callable[[Event], str]) -> bytes:
    """UTF-8 with BOM and ';' separators: French Excel opens it as is."""
    cols = columns(public_url)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for label, _get in cols])
    for event in events:
        writer.writerow([_csv_cell(get(event)) for _label, get in cols])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(events: list[Event], public_url: Callable[[Event], str], title: str) -> bytes:
    cols = columns(public_url)
    return xlsx_bytes(
        [str(label) for label, _get in cols],
        ([get(event) for _label, get in cols] for event in events),
        title,
        widths=(8, 14, 12, 40, 28, 22, 30, 16, 16),
        utc_times=False,  # the columns are already in Paris time
    )


@dataclass
class DepartementGroup:
    departement: Departement | None
    events: list[Event]

    @property
    def title(self) -> str:
        return self.departement.label if self.departement else str(_("En ligne ou sans département"))


def by_departement(events: list[Event]) -> list[DepartementGroup]:
    """Published events grouped by département (code order), each group by date."""
    groups: dict[str, DepartementGroup] = {}
    for event in sorted(events, key=lambda e: (e.departement_code or "ZZZ", e.starts_at, e.id)):
        key = event.departement_code or ""
        if key not in groups:
            groups[key] = DepartementGroup(event.departement, [])
        groups[key].events.append(event)
    return list(groups.values())


def to_pdf(html: str, base_url: str, stylesheet: str) -> bytes:
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[CSS(filename=stylesheet)])
