"""Time: instants are stored as naive UTC and shown in Europe/Paris or a region's own zone
(overseas regions have theirs)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def utcnow() -> datetime:
    """Now, as the naive UTC datetime the database stores."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def to_utc(local: datetime, tz: str | None = None) -> datetime:
    """Naive local date-time of `tz` (Paris by default), as typed -> naive UTC, as stored."""
    return local.replace(tzinfo=ZoneInfo(tz) if tz else PARIS).astimezone(timezone.utc).replace(tzinfo=None)


def to_local(utc: datetime, tz: str | None = None) -> datetime:
    """Naive UTC, as stored -> naive local date-time of `tz` (Paris by default), as typed."""
    return utc.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz) if tz else PARIS).replace(tzinfo=None)


def iso_paris(utc: datetime) -> str:
    """Naive UTC, as stored -> ISO 8601 with the offset of Paris: '2026-11-14T14:30:00+01:00'
    (the API, open data files)."""
    return utc.replace(tzinfo=timezone.utc).astimezone(PARIS).isoformat()
