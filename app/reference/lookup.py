"""Reference data as stored in the database (themes, regions, départements), read once
per application context — that is once per request — instead of by every helper.

Plain frozen values, not ORM objects: they stay valid after a commit and cost no lazy load.
Kept across requests for one generation of public content (app.platform.public_cache): any
change to themes, regions or départements, in any process, gives a new generation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from flask import g
from sqlalchemy import select

from app.extensions import db
from app.models import Departement, Region, Theme


@dataclass(frozen=True)
class ThemeRef:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class DepartementRef:
    code: str
    label: str


@dataclass(frozen=True)
class RegionRef:
    id: int
    slug: str
    name: str
    departements: tuple[DepartementRef, ...]


@dataclass(frozen=True)
class ReferenceData:
    themes: tuple[ThemeRef, ...]  # by number
    regions: tuple[RegionRef, ...]  # by name

    @cached_property
    def theme_slugs(self) -> dict[int, str]:
        return {t.id: t.slug for t in self.themes}

    @cached_property
    def region_slugs(self) -> dict[int, str]:
        return {r.id: r.slug for r in self.regions}

    @cached_property
    def departement_codes(self) -> set[str]:
        return {d.code for r in self.regions for d in r.departements}

    def theme_ids(self, slugs) -> list[int]:
        return [t.id for t in self.themes if t.slug in slugs]

    def region_ids(self, slugs) -> list[int]:
        return [r.id for r in self.regions if r.slug in slugs]


def load() -> ReferenceData:
    """Three small queries; départements are grouped by region in Python."""
    themes = db.session.execute(select(Theme.id, Theme.slug, Theme.name).order_by(Theme.number))
    by_region: dict[int, list[DepartementRef]] = {}
    rows = db.session.execute(
        select(Departement.region_id, Departement.code, Departement.name).order_by(Departement.code)
    )
    for region_id, code, name in rows:
        by_region.setdefault(region_id, []).append(DepartementRef(code, f"{name} ({code})"))
    regions = db.session.execute(select(Region.id, Region.slug, Region.name).order_by(Region.name))
    return ReferenceData(
        themes=tuple(ThemeRef(*row) for row in themes),
        regions=tuple(
            RegionRef(rid, slug, name, tuple(by_region.get(rid, ()))) for rid, slug, name in regions
        ),
    )


_by_generation: dict[str, ReferenceData] = {}


def current() -> ReferenceData:
    """The reference data of the current generation, read once per process and generation
    (and once per application context)."""
    if "reference_data" not in g:
        from app.platform import public_cache

        token = public_cache.generation()
        found = _by_generation.get(token)
        if found is None:
            found = load()
            _by_generation.clear()  # older generations are of no use any more
            _by_generation[token] = found
        g.reference_data = found
    return g.reference_data
