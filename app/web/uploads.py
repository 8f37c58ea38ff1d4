"""Uploaded images (event pictures, partner logos): checked by content, re-encoded and
resized server-side, stored outside static/ under random names (UPLOAD_DIR, default
instance/uploads). The original bytes are never served: metadata (EXIF, GPS) is dropped."""

from __future__ import annotations

import io
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding


class UploadError(ValueError):
    """A French message for the user: the file is refused."""


@dataclass(frozen=True)
class StoredImage:
    name: str
    width: int
    height: int


def upload_dir() -> Path:
    configured = current_app.config.get("UPLOAD_DIR")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_image(
    stream, *, max_bytes: int = 5 * 1024 * 1024, max_side: int = 1600, keep_transparency: bool = False
) -> StoredImage:
    """Validate the image in `stream`, resize it to fit `max_side`, store it; return its name."""
    data = stream.read(max_bytes + 1)
    if not data:
        raise UploadError(_l("Le fichier est vide."))
    if len(data) > max_bytes:
        raise UploadError(
            _l("Le fichier dépasse la taille maximale de %(mb)d Mo.", mb=max_bytes // (1024 * 1024))
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in ACCEPTED_FORMATS:
                raise UploadError(_l("Format refusé : envoyez une image JPEG, PNG ou WebP."))
            if probe.width * probe.height > MAX_PIXELS:
                raise UploadError(_l("L'image est trop grande (40 millions de pixels au plus)."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            out = io.BytesIO()
            if keep_transparency and image.mode in ("RGBA", "LA", "P"):
                image.convert("RGBA").save(out, "PNG", optimize=True)
                ext = "png"
            else:
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
                ext = "jpg"
            width, height = image.size
    except UploadError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UploadError(_l("Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP).")) from exc
    name = f"{secrets.token_urlsafe(16)}.{ext}"
    path = upload_dir() / name
    tmp = path.with_suffix(".part")
    tmp.write_bytes(out.getvalue())
    os.replace(tmp, path)
    return StoredImage(name=name, width=width, height=height)


def delete(name: str | None) -> None:
    if name and _safe(name):
        (upload_dir() / name).unlink(missing_ok=True)


def path_of(name: str) -> Path | None:
    if not _safe(name):
        return None
    path = upload_dir() / name
    return path if path.is_file() else None


# The names this module gives (a random token and the extension it chose); anything else,
# a path or a name too long for the file system (OSError), is unknown: 404.
_NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,64}\.(?:jpg|png|webp)")


def _safe(name: str) -> bool:
    return bool(name) and _NAME_RE.fullmatch(name) is not None
