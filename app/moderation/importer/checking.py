"""Checking the rows of a file: one Preview with the clean lines, the errors line by line
and the lines already imported."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.common.text import match_key
from app.extensions import db
from app.geo import gazetteer
from app.models import Departement, Edition, Event, Region, Theme
from app.moderation.importer.columns import COLUMNS
from app.moderation.importer.reading import cell_text
from app.moderation.importer.values import EMAIL, code_of, theme_slug, utc_datetime, yes_no
from app.reference import catalog


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


def _column_map(header: list[object]) -> tuple[dict[str, int], list[str]]:
    wanted = {match_key(str(label)): key for key, label, _r, _m in COLUMNS}
    wanted.update({key.replace("_", " "): key for key, *_ in COLUMNS})
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        key = wanted.get(match_key(cell_text(name)))
        if key and key not in positions:
            positions[key] = i
    missing = [str(label) for key, label, required, _m in COLUMNS if required and key not in positions]
    return positions, missing


def import_key(values: dict[str, str], edition: Edition, region: Region) -> str:
    line = "\x1f".join(match_key(values.get(key, "")) for key, *_ in COLUMNS)
    return hashlib.sha256(f"{edition.id}|{region.id}|{line}".encode()).hexdigest()


def check(rows: list[list[object]], region: Region, edition: Edition, filename: str) -> Preview:
    preview = Preview(region_id=region.id, edition_id=edition.id, filename=filename[:120])
    positions, missing = _column_map(rows[0])
    if missing:
        preview.file_errors.append(
            _(
                "Colonnes obligatoires absentes de la première ligne : "
                "%(names)s. Partez du modèle à télécharger.",
                names=", ".join(missing),
            )
        )
        return preview
    themes = {t.slug: t.id for t in db.session.scalars(select(Theme))}
    region_depts = {d.code for d in region.departements}
    known = set(db.session.scalars(select(Event.import_key).where(Event.import_key.is_not(None))))
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        raw = {key: row[i] if i < len(row) else None for key, i in positions.items()}
        values = {key: cell_text(v) for key, v in raw.items()}
        if not any(cell_text(v) for v in row):
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
            errors.append(
                _("« %(column)s » est trop long (%(max)d caractères au plus).", column=label, max=max_length)
            )
    clean: dict = {
        k: values.get(k, "")
        for k in (
            "titre",
            "resume",
            "description",
            "lieu",
            "adresse",
            "organisateur",
            "contact_nom",
            "contact_email",
            "contact_telephone",
            "inscription",
        )
    }
    if values.get("thematique"):
        slug = theme_slug(values["thematique"])
        if slug is None:
            errors.append(
                _(
                    "Thématique inconnue : « %(value)s » (indiquez son nom ou son numéro de 1 à 10).",
                    value=values["thematique"],
                )
            )
        else:
            clean["theme_id"] = themes[slug]
    if values.get("type"):
        kind = code_of(catalog.EVENT_KINDS, values["type"])
        if kind is None:
            errors.append(_("Type inconnu : « %(value)s ».", value=values["type"]))
        clean["kind"] = kind
    audiences = []
    for part in re.split(r"[,;|/\n]+", values.get("publics", "")):
        if part.strip():
            code = code_of(catalog.AUDIENCES, part)
            if code is None:
                errors.append(_("Public inconnu : « %(value)s ».", value=part.strip()))
            else:
                audiences.append(code)
    clean["audiences"] = audiences or ["grand-public"]
    starts = ends = None
    for key, label in (("debut", _("Début")), ("fin", _("Fin"))):
        if values.get(key):
            parsed = utc_datetime(raw.get(key), region.timezone)
            if parsed is None:
                errors.append(
                    _(
                        "« %(column)s » : date illisible « %(value)s » (attendu : JJ/MM/AAAA HH:MM).",
                        column=label,
                        value=values[key],
                    )
                )
            elif parsed.year != edition.year:
                errors.append(
                    _("« %(column)s » : la date doit être en %(year)d.", column=label, year=edition.year)
                )
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
    free = yes_no(values.get("gratuit", ""))
    if free is None:
        errors.append(_("« Gratuit » : répondez oui ou non."))
    clean["free"] = bool(free)
    if clean["contact_email"] and not EMAIL.match(clean["contact_email"]):
        errors.append(_("Adresse e-mail du contact invalide : « %(value)s ».", value=clean["contact_email"]))
    if clean["inscription"] and not clean["inscription"].startswith(("http://", "https://")):
        errors.append(_("Le lien d'inscription doit commencer par http:// ou https://."))
    return clean, errors


def _place(postcode: str, name: str, region: Region, region_depts: set[str], clean: dict) -> list[str]:
    communes = gazetteer.communes_for_postcode(postcode)
    if not communes:
        return [_("Code postal inconnu : « %(value)s ».", value=postcode)]
    key = match_key(name)
    found = next((c for c in communes if match_key(c.name) == key), None)
    if found is None:
        hit = gazetteer.find(name, postcode)
        found = (
            hit
            if hit is not None
            and hit in communes
            and match_key(hit.name).replace("saint", "st") == key.replace("saint", "st")
            else None
        )
    if found is None:
        known = ", ".join(c.name for c in communes[:5])
        return [
            _(
                "Commune « %(name)s » introuvable pour le code postal %(postcode)s "
                "(communes de ce code : %(known)s).",
                name=name,
                postcode=postcode,
                known=known,
            )
        ]
    if found.dept not in region_depts:
        dept = db.session.get(Departement, found.dept)
        return [
            _(
                "%(commune)s est dans le département %(dept)s, hors de la région %(region)s.",
                commune=found.name,
                dept=dept.label if dept else found.dept,
                region=region.name,
            )
        ]
    clean.update(
        postcode=postcode,
        commune=found.name,
        commune_insee=found.insee,
        departement_code=found.dept,
        latitude=found.lat,
        longitude=found.lon,
    )
    return []
