"""Facet counts of a search: for each filter, how many results each of its values would give
(counted with every other active filter, but not its own), and the total, in one statement.

The rows matching the criteria that are not facets (edition, status, text, dates) and that
fail at most one active facet filter are read once into a CTE, each with `miss`: the number
of the filter it fails (0 when it passes them all). A facet's counts are then a GROUP BY
over the rows with `miss` 0 or its own number, and the total is the count of `miss` 0.
Rows failing two filters cannot count anywhere, so they are left out of the CTE.
Portable SQL (CASE, CTE, UNION ALL): SQLite and PostgreSQL both materialise a CTE that is
used more than once.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, String, case, cast, func, literal, select, union_all

from app.extensions import db
from app.models import Event, EventAudience
from app.reference.lookup import ReferenceData

# Facet name -> the event column whose values it counts (theme: both theme columns).
CATEGORIES = {
    "theme": ("theme_id", "second_theme_id"),
    "region": ("region_id",),
    "departement": ("departement_code",),
    "type": ("kind",),
}
# Boolean columns counted as (facet, value).
FLAGS = {
    **{("accessible", code): f"access_{code}" for code in Event.ACCESS_FIELDS},
    ("en_ligne", "oui"): "online",
    ("en_ligne", "non"): "in_person",
    ("gratuit", "oui"): "free",
}
TOTAL = "total"
FLAGS_ROW = "flags"


def _flag_bits():
    """The boolean columns packed in one integer (bit n for the n-th entry of FLAGS)."""
    return sum(
        (
            case((getattr(Event, column).is_(True), 1 << n), else_=0)
            for n, column in enumerate(FLAGS.values())
        ),
        literal(0),
    )


def _rows(base: list, filters: dict[str, ColumnElement]):
    """The CTE of candidate rows: facet columns, flag bits and `miss` (see above)."""
    columns = [Event.id, *(getattr(Event, c) for cols in CATEGORIES.values() for c in cols)]
    oks = [
        case((condition, 1), else_=0).label(f"ok_{n}")
        for n, condition in enumerate(filters.values(), start=1)
    ]
    inner = select(*columns, _flag_bits().label("flags"), *oks).where(*base).subquery("candidates")
    ok_columns = [inner.c[f"ok_{n}"] for n in range(1, len(oks) + 1)]
    miss = (
        case(*((ok == 0, n) for n, ok in enumerate(ok_columns, start=1)), else_=0)
        if ok_columns
        else literal(0)
    )
    stmt = select(*(inner.c[c.key] for c in columns), inner.c.flags, miss.label("miss"))
    if len(ok_columns) > 1:
        passed = sum(ok_columns[1:], ok_columns[0])
        stmt = stmt.where(passed >= len(ok_columns) - 1)
    return stmt.cte("facet_rows")


def _source(rows, matches, facet: str, filters: dict):
    """Where a facet is counted from: the rows passing every filter (`matches`), or for a
    facet with an active filter, the candidate rows that pass all the others."""
    names = list(filters)
    if facet not in names:
        return matches, True
    return rows, rows.c.miss.in_((0, names.index(facet) + 1))


def _branches(rows, filters: dict) -> list:
    """(facet, value, count) selects: one per facet column, the audiences, the flags
    (grouped by their packed bits and `miss`, unpacked in Python) and the total."""
    # The (often few) rows passing every filter, materialised once when filters exist.
    matches = rows.select().where(rows.c.miss == 0).cte("facet_matches") if filters else rows
    branches = []
    for facet, columns in CATEGORIES.items():
        source, condition = _source(rows, matches, facet, filters)
        for column in columns:
            value = source.c[column]
            branches.append(
                select(literal(facet), cast(value, String), func.count())
                .where(condition, value.is_not(None))
                .group_by(value)
            )
    source, condition = _source(rows, matches, "public", filters)
    branches.append(
        select(literal("public"), EventAudience.code, func.count())
        .where(EventAudience.event_id.in_(select(source.c.id).where(condition)))
        .group_by(EventAudience.code)
    )
    branches.append(
        select(literal(FLAGS_ROW), cast(rows.c.flags * 100 + rows.c.miss, String), func.count()).group_by(
            rows.c.flags, rows.c.miss
        )
    )
    branches.append(select(literal(TOTAL), literal(""), func.count()).select_from(matches))
    return branches


def _add_flags(facets: dict, key: str, n: int, filters: dict) -> None:
    """Unpack a (flag bits, miss) group into the boolean facets it counts for."""
    bits, miss = divmod(int(key), 100)
    names = list(filters)
    for bit, (facet, value) in enumerate(FLAGS):
        own = names.index(facet) + 1 if facet in names else 0
        if bits & (1 << bit) and miss in (0, own):
            facets[facet][value] += n


def _empty() -> dict[str, dict[str, int]]:
    facets: dict[str, dict[str, int]] = {f: {} for f in (*CATEGORIES, "public")}
    for facet, key in FLAGS:
        facets.setdefault(facet, {})[key] = 0
    return facets


def count(
    base: list, filters: dict[str, ColumnElement], ref: ReferenceData
) -> tuple[int, dict[str, dict[str, int]]]:
    """(total, facets) for the non-facet conditions `base` and the active facet `filters`
    (facet name -> condition). Themes and regions are keyed by slug."""
    rows = _rows(base, filters)
    facets = _empty()
    total = 0
    names = {"theme": ref.theme_slugs, "region": ref.region_slugs}
    for facet, key, n in db.session.execute(union_all(*_branches(rows, filters))):
        if facet == TOTAL:
            total = n
            continue
        if facet == FLAGS_ROW:
            _add_flags(facets, key, n, filters)
            continue
        if facet in names:
            key = names[facet].get(int(key))
            if key is None:
                continue
        facets[facet][key] = facets[facet].get(key, 0) + n
    return total, facets
