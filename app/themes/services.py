"""Themes with their event counts, and a theme's upcoming events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.events import programme
from app.events.programme import ProgrammeCount
from app.extensions import db
from app.models import Event, Theme


@dataclass(frozen=True)
class ThemeCount:
    theme: Theme
    programme: ProgrammeCount

    @property
    def count(self) -> int:
        """Events on the programme (app.events.programme), cancelled ones apart."""
        return self.programme.events


def themes_with_counts(edition_id: int) -> list[ThemeCount]:
    """Every theme with its events on the programme (main or second theme); the counts
    are cached until a published event changes (app.platform.public_cache)."""
    from app.platform import public_cache

    counts = public_cache.cached("theme-programme", lambda: _theme_counts(edition_id), edition_id)
    themes = db.session.scalars(select(Theme).order_by(Theme.number))
    return [ThemeCount(t, counts.get(t.id, ProgrammeCount(0))) for t in themes]


def _theme_counts(edition_id: int) -> dict[int, ProgrammeCount]:
    counts: dict[int, ProgrammeCount] = {}
    for column in (Event.theme_id, Event.second_theme_id):
        for theme_id, n in programme.count_by(column, edition_id).items():
            counts[theme_id] = programme.add(counts.get(theme_id, ProgrammeCount(0)), n)
    return counts


def get_by_slug(slug: str) -> Theme | None:
    return db.session.scalar(select(Theme).where(Theme.slug == slug))


def upcoming_events(theme: Theme, edition_id: int, now: datetime, limit: int = 12) -> list[Event]:
    """The theme's events to come (by date), then, if room is left, the past ones."""
    stmt = (
        select(Event)
        .where(
            *programme.public(edition_id), or_(Event.theme_id == theme.id, Event.second_theme_id == theme.id)
        )
        .order_by(Event.ends_at < now, Event.starts_at, Event.id)
        .options(
            selectinload(Event.organiser),
            selectinload(Event.region),
            selectinload(Event.theme),
            selectinload(Event.second_theme),
        )
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
