"""Bulk import of events by a CRESS from a CSV or XLSX file.

Rules (also stated on the page): the file is read and checked line by line; nothing is
imported while one line has an error (all or nothing, in one transaction). Imported events
are published at once (the CRESS is the moderator), attached to the organisation of the same
name in the region, or to a new organisation with the name only. Each line's fingerprint
(normalized values + edition + region) is stored in Event.import_key: importing the same file
again creates no duplicate. Between upload and confirmation the checked lines wait in a JSON
file under instance/imports/, named by a random token, for two hours."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.events import workflow
from app.events.services import slugify
from app.extensions import db
from app.geo import gazetteer
from app.models import Departement, Edition, Event, Organisation, Region, Theme, User
from app.reference import catalog

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
PREVIEW_LIFETIME = 2 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# key, French header, required, max length
COLUMNS = (
    ("titre", _l("Titre"), True, 200),
    ("resume", _l("Résumé"), False, 300),
    ("description", _l("Description"), False, 10000),
    ("thematique", _l("Thématique"), True, 120),
    ("type", _l("Type"), True, 120),
    ("publics", _l("Publics"), False, 500),
    ("debut", _l("Début"), True, 40),
    ("fin", _l("Fin"), True, 40),
    ("lieu", _l("Lieu"), False, 200),
    ("adresse", _l("Adresse"), False, 255),
    ("code_postal", _l("Code postal"), True, 10),
    ("commune", _l("Commune"), True, 120),
    ("gratuit", _l("Gratuit"), False, 10),
    ("organisateur", _l("Organisateur"), True, 200),
    ("contact_nom", _l("Contact"), False, 120),
    ("contact_email", _l("E-mail du contact"), False, 255),
    ("contact_telephone", _l("Téléphone du contact"), False, 30),
    ("inscription", _l("Lien d'inscription"), False, 255),
)
EXAMPLE = {
    "titre": "Portes ouvertes de la recyclerie", "resume": "Visite des ateliers et du magasin.",
    "description": "Découvrez comment nos salariés en insertion donnent une seconde vie aux objets.",
    "thematique": "Préserver", "type": "Portes ouvertes / visite d'entreprise",
    "publics": "Grand public, Jeunes", "debut": "14/11/2026 10:00", "fin": "14/11/2026 17:00",
    "lieu": "La Recyclerie", "adresse": "12 rue des Ateliers", "code_postal": "35000",
    "commune": "Rennes", "gratuit": "oui", "organisateur": "Association La Recyclerie",
    "contact_nom": "Camille Martin", "contact_email": "contact@exemple.fr",
    "contact_telephone": "02 99 00 00 00", "inscription": "",
}


class ImportFileError(Exception):
    """The file cannot be read (message in French, shown next to the file field)."""


def headers() -> list[str]:
    return [str(label) for _k, label, _r, _m in COLUMNS]


# --- Reading ---------------------------------------------------------------------------

def read_table(data: bytes) -> list[list[object]]:
    """Rows of the file (header first), whatever its name says: checked by content."""
    if not data:
        raise ImportFileError(_("Le fichier est vide."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Le fichier dépasse la taille maximale de 2 Mo."))
    if data[:4] == b"PK\x03\x04":
        rows = _read_xlsx(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(_("Les classeurs Excel 97-2003 (.xls) ne sont pas acceptés : "
                                "enregistrez le fichier au format .xlsx ou CSV."))
    elif b"\x00" in data[:4096]:
        raise ImportFileError(_("Ce fichier n'est ni un CSV ni un classeur Excel (.xlsx)."))
    else:
        rows = _read_csv(data)
    filled = sum(1 for r in rows if any(_text(v) for v in r))
    if not filled or not any(_text(v) for v in rows[0]):
        raise ImportFileError(_("Le fichier est vide ou sa première ligne (les en-têtes) est vide."))
    if filled - 1 > MAX_ROWS:
        raise ImportFileError(_("Le fichier compte plus de %(max)s lignes : découpez-le.",
                                max="2 000"))
    return rows


def _read_xlsx(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 50:
                break
        workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
        raise ImportFileError(_("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.")) from None
    return rows


def _read_csv(data: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("L'encodage du fichier n'est pas reconnu : enregistrez-le en "
                                "CSV UTF-8."))
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error:
        raise ImportFileError(_("Ce fichier n'est pas un CSV lisible.")) from None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return " ".join(str(value).split())


# --- Checking ----------------------------------------------------------------------------

@dataclass
class LineError:
    line: int
    messages: list[str]


@dataclass
class Preview:
    region_id: int
    edition_id: int
    filename: str
    total: int = 0
    rows: list[dict] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return not self.errors and not self.file_errors and bool(self.rows)


def _lookup(choices, value: str) -> str | None:
    key = gazetteer.normalize(value)
    for choice in choices:
        if key in (gazetteer.normalize(choice.code), gazetteer.normalize(str(choice.label))):
            return choice.code
    return None


def _theme(value: str) -> str | None:
    key = gazetteer.normalize(value)
    for t in catalog.THEMES:
        if key in (str(t.number), t.slug.replace("-", " "), gazetteer.normalize(t.name)):
            return t.slug
    return None


_DATE_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%d/%m/%Y %H h %M", "%d/%m/%Y %Hh",
                 "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S",
                 "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M")


def _datetime(value: object, tz: str) -> datetime | None:
    """A local date-time of the file -> naive UTC, or None if unreadable."""
    if isinstance(value, datetime):
        local = value
    elif isinstance(value, date):
        return None  # a day without a time
    else:
        text = _text(value)
        local = None
        for fmt in _DATE_FORMATS:
            try:
                local = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if local is None:
            return None
    return local.replace(tzinfo=ZoneInfo(tz)).astimezone(timezone.utc).replace(tzinfo=None)


def _bool(value: str) -> bool | None:
    key = gazetteer.normalize(value)
    if key in ("", "oui", "o", "vrai", "1", "yes", "x"):
        return True
    if key in ("non", "n", "faux", "0", "no"):
        return False
    return None


def _column_map(header: list[object]) -> tuple[dict[str, int], list[str]]:
    wanted = {gazetteer.normalize(str(label)): key for key, label, _r, _m in COLUMNS}
    wanted.update({key.replace("_", " "): key for key, *_ in COLUMNS})
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        key = wanted.get(gazetteer.normalize(_text(name)))
        if key and key not in positions:
            positions[key] = i
    missing = [str(label) for key, label, required, _m in COLUMNS if required and key not in positions]
    return positions, missing


def import_key(values: dict[str, str], edition: Edition, region: Region) -> str:
    line = "\x1f".join(gazetteer.normalize(values.get(key, "")) for key, *_ in COLUMNS)
    return hashlib.sha256(f"{edition.id}|{region.id}|{line}".encode()).hexdigest()


def check(rows: list[list[object]], region: Region, edition: Edition, filename: str) -> Preview:
    preview = Preview(region_id=region.id, edition_id=edition.id, filename=filename[:120])
    positions, missing = _column_map(rows[0])
    if missing:
        preview.file_errors.append(_("Colonnes obligatoires absentes de la première ligne : "
                                     "%(names)s. Partez du modèle à télécharger.",
                                     names=", ".join(missing)))
        return preview
    themes = {t.slug: t.id for t in db.session.scalars(select(Theme))}
    region_depts = {d.code for d in region.departements}
    known = set(db.session.scalars(select(Event.import_key).where(Event.import_key.is_not(None))))
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        raw = {key: row[i] if i < len(row) else None for key, i in positions.items()}
        values = {key: _text(v) for key, v in raw.items()}
        if not any(_text(v) for v in row):
            continue
        preview.total += 1
        key = import_key(values, edition, region)
        if key in known or key in seen:
            preview.duplicates.append(number)
            continue
        seen[key] = number
        clean, messages = _check_line(values, raw, region, edition, region_depts, themes)
        if messages:
            preview.errors.append(LineError(number, messages))
        else:
            clean.update(line=number, import_key=key)
            preview.rows.append(clean)
    return preview


def _check_line(values, raw, region, edition, region_depts, themes) -> tuple[dict, list[str]]:
    errors: list[str] = []
    for key, label, required, max_length in COLUMNS:
        value = values.get(key, "")
        if required and not value:
            errors.append(_("« %(column)s » est obligatoire.", column=label))
        elif len(value) > max_length:
            errors.append(_("« %(column)s » est trop long (%(max)d caractères au plus).",
                            column=label, max=max_length))
    clean: dict = {k: values.get(k, "") for k in ("titre", "resume", "description", "lieu", "adresse",
                                                   "organisateur", "contact_nom", "contact_email",
                                                   "contact_telephone", "inscription")}
    if values.get("thematique"):
        slug = _theme(values["thematique"])
        if slug is None:
            errors.append(_("Thématique inconnue : « %(value)s » (indiquez son nom ou son numéro "
                            "de 1 à 10).", value=values["thematique"]))
        else:
            clean["theme_id"] = themes[slug]
    if values.get("type"):
        kind = _lookup(catalog.EVENT_KINDS, values["type"])
        if kind is None:
            errors.append(_("Type inconnu : « %(value)s ».", value=values["type"]))
        clean["kind"] = kind
    audiences = []
    for part in re.split(r"[,;|/\n]+", values.get("publics", "")):
        if part.strip():
            code = _lookup(catalog.AUDIENCES, part)
            if code is None:
                errors.append(_("Public inconnu : « %(value)s ».", value=part.strip()))
            else:
                audiences.append(code)
    clean["audiences"] = audiences or ["grand-public"]
    starts = ends = None
    for key, label in (("debut", _("Début")), ("fin", _("Fin"))):
        if values.get(key):
            parsed = _datetime(raw.get(key), region.timezone)
            if parsed is None:
                errors.append(_("« %(column)s » : date illisible « %(value)s » (attendu : "
                                "JJ/MM/AAAA HH:MM).", column=label, value=values[key]))
            elif parsed.year != edition.year:
                errors.append(_("« %(column)s » : la date doit être en %(year)d.", column=label,
                                year=edition.year))
            elif key == "debut":
                starts = parsed
            else:
                ends = parsed
    if starts and ends and ends < starts:
        errors.append(_("La fin est avant le début."))
    if starts and ends:
        clean.update(starts_at=starts.isoformat(), ends_at=ends.isoformat())
    if values.get("code_postal") and values.get("commune"):
        errors.extend(_place(values["code_postal"], values["commune"], region, region_depts, clean))
    free = _bool(values.get("gratuit", ""))
    if free is None:
        errors.append(_("« Gratuit » : répondez oui ou non."))
    clean["free"] = bool(free)
    if clean["contact_email"] and not _EMAIL.match(clean["contact_email"]):
        errors.append(_("Adresse e-mail du contact invalide : « %(value)s ».",
                        value=clean["contact_email"]))
    if clean["inscription"] and not clean["inscription"].startswith(("http://", "https://")):
        errors.append(_("Le lien d'inscription doit commencer par http:// ou https://."))
    return clean, errors


def _place(postcode: str, name: str, region: Region, region_depts: set[str], clean: dict) -> list[str]:
    communes = gazetteer.communes_for_postcode(postcode)
    if not communes:
        return [_("Code postal inconnu : « %(value)s ».", value=postcode)]
    key = gazetteer.normalize(name)
    found = next((c for c in communes if gazetteer.normalize(c.name) == key), None)
    if found is None:
        hit = gazetteer.find(name, postcode)
        found = hit if hit is not None and hit in communes and \
            gazetteer.normalize(hit.name).replace("saint", "st") == key.replace("saint", "st") else None
    if found is None:
        known = ", ".join(c.name for c in communes[:5])
        return [_("Commune « %(name)s » introuvable pour le code postal %(postcode)s "
                  "(communes de ce code : %(known)s).", name=name, postcode=postcode, known=known)]
    if found.dept not in region_depts:
        dept = db.session.get(Departement, found.dept)
        return [_("%(commune)s est dans le département %(dept)s, hors de la région %(region)s.",
                  commune=found.name, dept=dept.label if dept else found.dept, region=region.name)]
    clean.update(postcode=postcode, commune=found.name, commune_insee=found.insee,
                 departement_code=found.dept, latitude=found.lat, longitude=found.lon)
    return []


# --- Preview storage ---------------------------------------------------------------------

def _folder() -> Path:
    folder = Path(current_app.config.get("IMPORT_DIR") or Path(current_app.instance_path) / "imports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_preview(preview: Preview, user: User) -> str:
    folder = _folder()
    now = time.time()
    for old in folder.glob("*.json"):
        if now - old.stat().st_mtime > PREVIEW_LIFETIME:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    payload = {"user_id": user.id, "created": now, "region_id": preview.region_id,
               "edition_id": preview.edition_id, "filename": preview.filename,
               "total": preview.total, "rows": preview.rows, "duplicates": preview.duplicates,
               "errors": [[e.line, e.messages] for e in preview.errors],
               "file_errors": preview.file_errors}
    tmp = folder / f"{token}.tmp"
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / f"{token}.json")
    return token


def load_preview(token: str, user: User) -> Preview | None:
    """The stored preview of `user` (None if unknown, expired or someone else's)."""
    if not _TOKEN.match(token or ""):
        return None
    path = _folder() / f"{token}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if payload.get("user_id") != user.id or time.time() - payload["created"] > PREVIEW_LIFETIME:
        return None
    return Preview(region_id=payload["region_id"], edition_id=payload["edition_id"],
                   filename=payload["filename"], total=payload["total"], rows=payload["rows"],
                   duplicates=payload["duplicates"],
                   errors=[LineError(line, messages) for line, messages in payload["errors"]],
                   file_errors=payload["file_errors"])


def discard_preview(token: str) -> None:
    if _TOKEN.match(token or ""):
        (_folder() / f"{token}.json").unlink(missing_ok=True)


# --- Import ------------------------------------------------------------------------------

def _organisation(name: str, region: Region, cache: dict[str, Organisation]) -> Organisation:
    key = gazetteer.normalize(name)
    if not cache:
        for org in db.session.scalars(select(Organisation).where(Organisation.region_id == region.id)
                                      .order_by(Organisation.id)):
            cache.setdefault(gazetteer.normalize(org.name), org)
        cache.setdefault("\x00loaded", None)
    org = cache.get(key)
    if org is None:
        org = Organisation(name=name, family="autre", sector="autre", employees="",
                           region_id=region.id)
        db.session.add(org)
        db.session.flush()
        cache[key] = org
    return org


def import_rows(preview: Preview, user: User) -> list[Event]:
    """Create the events of a checked file, published; lines already imported are skipped."""
    region = db.session.get(Region, preview.region_id)
    now = workflow.utcnow()
    orgs: dict[str, Organisation] = {}
    keys = [row["import_key"] for row in preview.rows]
    existing = set(db.session.scalars(select(Event.import_key).where(Event.import_key.in_(keys))))
    created = []
    for row in preview.rows:
        if row["import_key"] in existing:
            continue
        event = Event(
            edition_id=preview.edition_id, title=row["titre"], slug=slugify(row["titre"]),
            summary=row["resume"], description=row["description"], theme_id=row["theme_id"],
            kind=row["kind"], starts_at=datetime.fromisoformat(row["starts_at"]),
            ends_at=datetime.fromisoformat(row["ends_at"]), venue=row["lieu"], address=row["adresse"],
            postcode=row["postcode"], commune=row["commune"], commune_insee=row["commune_insee"],
            departement_code=row["departement_code"], region_id=region.id,
            latitude=row["latitude"], longitude=row["longitude"], free=row["free"],
            registration_required=bool(row["inscription"]), registration_url=row["inscription"],
            contact_name=row["contact_nom"], contact_email=row["contact_email"],
            contact_phone=row["contact_telephone"], status="publie", submitted_at=now,
            published_at=now, organiser_id=_organisation(row["organisateur"], region, orgs).id,
            import_key=row["import_key"],
        )
        event.audiences = row["audiences"]
        db.session.add(event)
        db.session.flush()
        workflow.record(event, "import", user, _("Ligne %(line)d de « %(file)s »",
                                                  line=row["line"], file=preview.filename),
                        from_status="")
        created.append(event)
    return created


def template_rows() -> list[list[str]]:
    return [headers(), [EXAMPLE[key] for key, *_ in COLUMNS]]


def template_csv() -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(template_rows())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Événements"))
    for row in template_rows():
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
