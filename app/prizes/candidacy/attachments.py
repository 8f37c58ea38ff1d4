"""Attachments of a candidacy: PDF, JPEG or PNG checked by content, kept byte for byte
outside static/ (UPLOAD_DIR/candidatures) under random names, limited per file and in total."""

from __future__ import annotations

import io
import os
import re
import secrets
from pathlib import Path

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from app.extensions import db
from app.models import Candidacy, CandidacyAttachment, JuryAssignment, User
from app.prizes.candidacy.workflow import BROUILLON, FINALISTS
from app.web.uploads import UploadError, upload_dir

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 25 * 1024 * 1024
MAX_FILES = 10
_PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d")
_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{16,40}\.(pdf|jpg|png)$")


def folder() -> Path:
    path = upload_dir() / "candidatures"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sniff(data: bytes) -> tuple[str, str]:
    """(content type, extension) from the bytes themselves, or UploadError."""
    if data.startswith(b"%PDF-"):
        if not _PDF_HEADER.match(data) or b"%%EOF" not in data[-2048:]:
            raise UploadError(_("Ce fichier PDF est endommagé ou incomplet."))
        return "application/pdf", "pdf"
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            probe.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        fmt = None
    if fmt == "JPEG":
        return "image/jpeg", "jpg"
    if fmt == "PNG":
        return "image/png", "png"
    raise UploadError(_("Format refusé : envoyez un PDF, une image JPEG ou PNG."))


def add(candidacy: Candidacy, stream, filename: str) -> CandidacyAttachment:
    data = stream.read(MAX_FILE_BYTES + 1)
    if not data:
        raise UploadError(_("Le fichier est vide."))
    if len(data) > MAX_FILE_BYTES:
        raise UploadError(_("Le fichier dépasse 8 Mo."))
    if len(candidacy.attachments) >= MAX_FILES:
        raise UploadError(_("Dix pièces jointes au plus par candidature."))
    if sum(a.size for a in candidacy.attachments) + len(data) > MAX_TOTAL_BYTES:
        raise UploadError(
            _(
                "Les pièces jointes d'une candidature ne peuvent dépasser 25 Mo "
                "au total : supprimez-en une ou réduisez ce fichier."
            )
        )
    content_type, ext = sniff(data)
    name = f"{secrets.token_urlsafe(18)}.{ext}"
    path = folder() / name
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    original = os.path.basename((filename or "").replace("\\", "/"))[:200] or f"piece.{ext}"
    attachment = CandidacyAttachment(
        stored_name=name, original_name=original, content_type=content_type, size=len(data)
    )
    candidacy.attachments.append(attachment)
    db.session.flush()
    return attachment


def remove(candidacy: Candidacy, attachment: CandidacyAttachment) -> Path | None:
    """Remove the attachment's row; return its file, for the caller to delete once the
    removal is committed (`delete_file`): a rolled-back removal keeps its file."""
    path = path_of(attachment)
    candidacy.attachments.remove(attachment)
    db.session.flush()
    return path


def delete_file(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


def path_of(attachment: CandidacyAttachment) -> Path | None:
    return folder() / attachment.stored_name if _NAME_RE.match(attachment.stored_name) else None


def can_read(user: User, candidacy: Candidacy) -> bool:
    """Members of the organisation; once submitted, the CRESS of its region, admins and
    the jurors assigned to one of its categories (once shortlisted)."""
    if not user.is_authenticated:
        return False
    if any(m.organisation_id == candidacy.organisation_id for m in user.memberships):
        return True
    if candidacy.status == BROUILLON:
        return False
    if user.is_admin or user.moderated_region_id == candidacy.region_id:
        return True
    if candidacy.status in FINALISTS:
        categories = db.session.scalars(
            select(JuryAssignment.category).where(
                JuryAssignment.user_id == user.id, JuryAssignment.edition_id == candidacy.edition_id
            )
        ).all()
        return bool(set(categories) & set(candidacy.categories or []))
    return False
