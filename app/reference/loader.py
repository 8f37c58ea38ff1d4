"""Idempotent loading of reference data (themes, regions, départements) into the database.

Existing rows are updated in place (matched by their stable code/slug), never duplicated;
texts the national team edited later are kept unless `overwrite_texts` is set.
"""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Departement, Region, Theme
from app.reference import catalog, geography


def load_themes(overwrite_texts: bool = False) -> int:
    existing = {t.number: t for t in db.session.scalars(select(Theme))}
    for d in catalog.THEMES:
        theme = existing.get(d.number)
        if theme is None:
            theme = Theme(number=d.number)
            db.session.add(theme)
            overwrite = True
        else:
            overwrite = overwrite_texts
        theme.slug = d.slug
        if overwrite:
            theme.name = d.name
            theme.description = d.description
            theme.topics_text = "\n".join(d.topics)
            theme.color = d.color
    db.session.flush()
    return len(catalog.THEMES)


def load_regions() -> int:
    existing = {r.code: r for r in db.session.scalars(select(Region))}
    for d in geography.REGIONS:
        region = existing.get(d.code) or Region(code=d.code)
        if region.id is None:
            db.session.add(region)
            region.cress_presentation = (
                f"La {d.cress_name} fédère les acteurs de l'économie sociale et solidaire "
                f"de la région {d.name} et coordonne le Mois de l'ESS sur son territoire."
            )
        region.slug = d.slug
        region.name = d.name
        region.cress_name = d.cress_name
        region.cress_website = d.cress_website
        region.cress_email = d.cress_email
        region.cress_city = d.cress_city
        region.timezone = d.timezone
        region.population = d.population
        region.overseas = d.overseas
        region.center_lat = d.center_lat
        region.center_lon = d.center_lon
        region.zoom = d.zoom
    db.session.flush()
    regions = {r.code: r for r in db.session.scalars(select(Region))}
    existing_depts = {d.code: d for d in db.session.scalars(select(Departement))}
    for d in geography.DEPARTEMENTS:
        dept = existing_depts.get(d.code) or Departement(code=d.code)
        if d.code not in existing_depts:
            db.session.add(dept)
        dept.name = d.name
        dept.region_id = regions[d.region_code].id
    db.session.flush()
    return len(geography.REGIONS)


def load_all() -> None:
    load_themes()
    load_regions()
