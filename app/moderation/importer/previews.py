"""The checked lines between upload and confirmation: a JSON file per preview under
instance/imports/ (or IMPORT_DIR), named by a random token, kept two hours."""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app

from app.models import User
from app.moderation.importer.checking import LineError, Preview

PREVIEW_LIFETIME = 2 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


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
    payload = {
        "user_id": user.id,
        "created": now,
        "region_id": preview.region_id,
        "edition_id": preview.edition_id,
        "filename": preview.filename,
        "total": preview.total,
        "rows": preview.rows,
        "duplicates": preview.duplicates,
        "errors": [[e.line, e.messages] for e in preview.errors],
        "file_errors": preview.file_errors,
    }
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
    return Preview(
        region_id=payload["region_id"],
        edition_id=payload["edition_id"],
        filename=payload["filename"],
        total=payload["total"],
        rows=payload["rows"],
        duplicates=payload["duplicates"],
        errors=[LineError(line, messages) for line, messages in payload["errors"]],
        file_errors=payload["file_errors"],
    )


def discard_preview(token: str) -> None:
    if _TOKEN.match(token or ""):
        (_folder() / f"{token}.json").unlink(missing_ok=True)
