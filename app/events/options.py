"""Filter options of the search form, each with its label, count and checked state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from flask_babel import get_locale

from app.events.params import SearchParams
from app.reference import catalog, lookup


class Option(NamedTuple):  # a tuple: a results page builds about 150 of them
    value: str
    label: str
    count: int
    selected: bool


class OptionGroup(NamedTuple):
    label: str  # optgroup label (région) or ""
    options: list[Option]


def allowed_values() -> dict[str, set[str]]:
    ref = lookup.current()
    return {
        "themes": {t.slug for t in ref.themes},
        "regions": {r.slug for r in ref.regions},
        "departements": ref.departement_codes,
    }


@dataclass(frozen=True)
class _Choices:
    """The (value, label) pairs of every filter, labels translated once per reference data
    and locale (a lazy label costs a gettext call each time it is read)."""

    themes: tuple[tuple[str, str], ...]
    regions: tuple[tuple[str, str], ...]
    departements: dict[str, tuple[str, tuple[tuple[str, str], ...]]]  # region slug -> (name, pairs)
    kinds: tuple[tuple[str, str], ...]
    audiences: tuple[tuple[str, str], ...]
    access: tuple[tuple[str, str], ...]


_CHOICES: dict[tuple[int, str], tuple[object, _Choices]] = {}


def _choices() -> _Choices:
    ref = lookup.current()
    key = (id(ref), str(get_locale()))
    found = _CHOICES.get(key)
    if found is not None and found[0] is ref:
        return found[1]
    choices = _Choices(
        themes=tuple((t.slug, t.name) for t in ref.themes),
        regions=tuple((r.slug, r.name) for r in ref.regions),
        departements={
            r.slug: (r.name, tuple((d.code, d.label) for d in r.departements)) for r in ref.regions
        },
        kinds=tuple((k.code, str(k.label)) for k in catalog.EVENT_KINDS),
        audiences=tuple((a.code, str(a.label)) for a in catalog.AUDIENCES),
        access=tuple((a.code, str(a.label)) for a in catalog.ACCESSIBILITY),
    )
    if len(_CHOICES) > 8:
        _CHOICES.clear()
    _CHOICES[key] = (ref, choices)
    return choices


def _options(pairs, counts: dict[str, int], selected) -> list[Option]:
    return [Option(v, label, counts.get(v, 0), v in selected) for v, label in pairs]


def build(params: SearchParams, facets: dict[str, dict[str, int]]) -> dict:
    choices = _choices()
    chosen_regions = [slug for slug, _name in choices.regions if slug in params.regions] or [
        slug for slug, _name in choices.regions
    ]
    departements = facets.get("departement", {})
    return {
        "themes": _options(choices.themes, facets.get("theme", {}), params.themes),
        "regions": _options(choices.regions, facets.get("region", {}), params.regions),
        "departements": [
            OptionGroup(name, _options(pairs, departements, params.departements))
            for name, pairs in map(choices.departements.__getitem__, chosen_regions)
        ],
        "kinds": _options(choices.kinds, facets.get("type", {}), params.kinds),
        "audiences": _options(choices.audiences, facets.get("public", {}), params.audiences),
        "access": _options(choices.access, facets.get("accessible", {}), params.access),
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


def describe(params: SearchParams) -> str:
    """The search in words, in French ("Travailler · Bretagne · gratuit"), for feeds and alerts."""
    from flask_babel import gettext as _

    from app.web.filters import date_fr

    chips = active_filters(params, build(params, {}))
    quick = {
        "aujourdhui": _("aujourd'hui"),
        "demain": _("demain"),
        "week-end": _("ce week-end"),
        "semaine": _("cette semaine"),
    }
    if params.quick:
        dates = quick[params.quick]
    elif params.start and params.end:
        dates = _(
            "du %(start)s au %(end)s",
            start=date_fr(params.start, "d MMMM y"),
            end=date_fr(params.end, "d MMMM y"),
        )
    elif params.start:
        dates = _("à partir du %(start)s", start=date_fr(params.start, "d MMMM y"))
    elif params.end:
        dates = _("jusqu'au %(end)s", end=date_fr(params.end, "d MMMM y"))
    else:
        dates = ""
    labels = [dates if chip.label == _("Dates") else chip.label for chip in chips]
    return " · ".join(labels) or _("Tous les événements")
