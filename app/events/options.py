"""Filter options of the search form, each with its label, count and checked state."""

from __future__ import annotations

from dataclasses import dataclass

from app.events.params import SearchParams
from app.reference import catalog, lookup


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class OptionGroup:
    label: str  # optgroup label (région) or ""
    options: list[Option]


def allowed_values() -> dict[str, set[str]]:
    ref = lookup.current()
    return {
        "themes": {t.slug for t in ref.themes},
        "regions": {r.slug for r in ref.regions},
        "departements": ref.departement_codes,
    }


def _options(pairs, counts: dict[str, int], selected) -> list[Option]:
    return [Option(v, str(label), counts.get(v, 0), v in selected) for v, label in pairs]


def build(params: SearchParams, facets: dict[str, dict[str, int]]) -> dict:
    ref = lookup.current()
    themes, regions = ref.themes, ref.regions
    chosen_regions = [r for r in regions if r.slug in params.regions] or regions
    return {
        "themes": _options([(t.slug, t.name) for t in themes], facets.get("theme", {}), params.themes),
        "regions": _options([(r.slug, r.name) for r in regions], facets.get("region", {}), params.regions),
        "departements": [
            OptionGroup(
                r.name,
                _options(
                    [(d.code, d.label) for d in r.departements],
                    facets.get("departement", {}),
                    params.departements,
                ),
            )
            for r in chosen_regions
        ],
        "kinds": _options(
            [(k.code, k.label) for k in catalog.EVENT_KINDS], facets.get("type", {}), params.kinds
        ),
        "audiences": _options(
            [(a.code, a.label) for a in catalog.AUDIENCES], facets.get("public", {}), params.audiences
        ),
        "access": _options(
            [(a.code, a.label) for a in catalog.ACCESSIBILITY], facets.get("accessible", {}), params.access
        ),
        "online": facets.get("en_ligne", {}),
        "free": facets.get("gratuit", {}).get("oui", 0),
    }


def counts(opts: dict) -> dict[str, int]:
    """Every count shown beside a filter value, keyed like its element ("theme-travailler",
    "departement-35", "en_ligne-oui"…): what a results fragment sends instead of the form."""
    found = {f"region-{o.value}": o.count for o in opts["regions"]}
    found |= {f"departement-{o.value}": o.count for g in opts["departements"] for o in g.options}
    checkboxes = (("theme", "themes"), ("type", "kinds"), ("public", "audiences"), ("accessible", "access"))
    for facet, key in checkboxes:
        found |= {f"{facet}-{o.value}": o.count for o in opts[key]}
    found |= {f"en_ligne-{v}": opts["online"].get(v, 0) for v in ("oui", "non")}
    found["gratuit-oui"] = opts["free"]
    return found


def departements_changed(previous_args, params: SearchParams) -> bool:
    """Must a results fragment send the list of départements again? Only when the regions
    chosen changed since the page it comes from (`previous_args`; None: unknown), as the
    list shows the départements of the chosen regions."""
    return previous_args is None or set(previous_args.getlist("region")) != set(params.regions)


@dataclass(frozen=True)
class Chip:
    label: str
    args: dict  # the search's URL arguments without this filter


def active_filters(params: SearchParams, opts: dict) -> list[Chip]:
    """Removable chips for each active filter value."""
    from dataclasses import replace

    from flask_babel import gettext as _

    from app.events.params import to_query_args

    def label_of(options, value):
        return next((o.label for o in options if o.value == value), value)

    departements = [o for g in opts["departements"] for o in g.options]
    chips: list[Chip] = []
    for field, options in (
        ("themes", opts["themes"]),
        ("regions", opts["regions"]),
        ("departements", departements),
        ("kinds", opts["kinds"]),
        ("audiences", opts["audiences"]),
        ("access", opts["access"]),
    ):
        for value in getattr(params, field):
            rest = tuple(v for v in getattr(params, field) if v != value)
            chips.append(
                Chip(label_of(options, value), to_query_args(replace(params, page=1, **{field: rest})))
            )
    if params.q:
        chips.append(Chip(_("« %(q)s »", q=params.q), to_query_args(replace(params, q="", page=1))))
    if params.start or params.end:
        chips.append(Chip(_("Dates"), to_query_args(replace(params, start=None, end=None, quick="", page=1))))
    if params.online:
        chips.append(
            Chip(
                _("En ligne") if params.online == "oui" else _("En présentiel"),
                to_query_args(replace(params, online="", page=1)),
            )
        )
    if params.free:
        chips.append(Chip(_("Gratuit"), to_query_args(replace(params, free=False, page=1))))
    if params.centre:
        chips.append(Chip(near_label(params), to_query_args(without_centre(params))))
    return chips


def near_label(params: SearchParams) -> str:
    """ "À 10 km de Rennes (35000)", or of the visitor's position."""
    from flask_babel import gettext as _

    place = params.place
    if place is not None:
        return _("À %(radius)d km de %(place)s", radius=params.radius, place=place.label)
    return _("À %(radius)d km de votre position", radius=params.radius)


def without_centre(params: SearchParams) -> SearchParams:
    from dataclasses import replace

    sort = ("pertinence" if params.q else "date") if params.sort == "distance" else params.sort
    return replace(params, near="", lat=None, lon=None, radius=0, online_too=False, sort=sort, page=1)


def filter_count(params: SearchParams, chips: list[Chip]) -> int:
    """The n of "Filtres (n)": the active filters, keywords aside (their field stays
    outside the disclosure)."""
    return len(chips) - (1 if params.q else 0)
