"""Parsing of the search URL (query parameters) into validated search criteria.

Unknown or malformed values never fail: they are dropped and a French message says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from app.geo import gazetteer
from app.reference import catalog

QUICK_DATES = ("aujourdhui", "demain", "week-end", "semaine")
SORTS = ("date", "pertinence", "distance")  # "distance" only with a centre
RADII = (5, 10, 25, 50)  # km, around a place (`pres`) or a position (`lat`, `lon`)
DEFAULT_RADIUS = 10
_place = lru_cache(maxsize=4096)(gazetteer.place)
VIEWS = ("liste", "carte")
MAX_VALUES = 20  # per multi-valued filter
MAX_PAGE = 10_000


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    themes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    quick: str = ""
    online: str = ""  # "oui" (online), "non" (in person) or ""
    free: bool = False
    sort: str = "date"
    view: str = "liste"
    page: int = 1
    edition: int | None = None  # the year of a past edition browsed (archives); None: current
    near: str = ""  # a place (app.geo.gazetteer.place_code or a postcode): the centre
    lat: float | None = None  # or a position ("Autour de moi"), rounded to 3 decimals
    lon: float | None = None
    radius: int = 0  # km, with a centre
    online_too: bool = False  # with a centre: the online events as well

    @property
    def place(self) -> gazetteer.Place | None:
        return _place(self.near) if self.near else None

    @property
    def centre(self) -> tuple[float, float] | None:
        """(latitude, longitude) of a search by distance, or None."""
        place = self.place
        if place is not None:
            return place.commune.lat, place.commune.lon
        return (self.lat, self.lon) if self.lat is not None and self.lon is not None else None

    def without_page(self) -> SearchParams:
        return replace(self, page=1)

    @property
    def is_filtered(self) -> bool:
        return self.without_page() != SearchParams(sort=self.sort, view=self.view)


@dataclass
class Parsed:
    params: SearchParams
    messages: list[str] = field(default_factory=list)


def quick_range(choice: str, today: date) -> tuple[date, date]:
    """Dates of a quick choice; the week ends on Sunday, the week-end is Saturday–Sunday."""
    if choice == "aujourdhui":
        return today, today
    if choice == "demain":
        return today + timedelta(days=1), today + timedelta(days=1)
    sunday = today + timedelta(days=6 - today.weekday())
    if choice == "week-end":
        return max(today, sunday - timedelta(days=1)), sunday
    return today, sunday  # semaine


def _date(raw: str | None, label: str, messages: list[str]) -> date | None:
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw.strip()[:10])
    except ValueError:
        messages.append(
            _(
                "La date « %(label)s » n'est pas valide (format attendu : AAAA-MM-JJ) et a été ignorée.",
                label=label,
            )
        )
        return None
    if not 2000 <= value.year <= 2100:
        messages.append(_("La date « %(label)s » est hors des limites et a été ignorée.", label=label))
        return None
    return value


def _choices(args: MultiDict, key: str, allowed, label: str, messages: list[str]) -> tuple:
    values = [v.strip() for v in args.getlist(key) if v and v.strip()][:MAX_VALUES]
    kept = tuple(dict.fromkeys(v for v in values if v in allowed))
    if len(kept) < len(set(values)):
        messages.append(_("Une valeur inconnue du filtre « %(label)s » a été ignorée.", label=label))
    return kept


def _coordinate(raw: str | None, limit: float) -> float | None:
    try:
        value = float((raw or "").strip()[:20])
    except ValueError:
        return None
    return round(value, 3) if -limit <= value <= limit else None  # NaN fails both


def _centre(args: MultiDict, messages: list[str]) -> dict:
    """The centre and radius of a search by distance (SearchParams fields), from `pres`
    (a place, which wins) or `lat` and `lon` (a position)."""
    found: dict = {}
    raw_place = (args.get("pres") or "").strip()
    raw_lat, raw_lon = args.get("lat"), args.get("lon")
    if raw_place:
        place = _place(raw_place[: gazetteer.MAX_QUERY_LENGTH])
        if place is None:
            messages.append(
                _(
                    "La commune ou le code postal « %(value)s » est inconnu : la recherche "
                    "autour d'un lieu a été ignorée.",
                    value=raw_place[: gazetteer.MAX_QUERY_LENGTH],
                )
            )
        else:
            found["near"] = place.code
    elif raw_lat or raw_lon:
        lat, lon = _coordinate(raw_lat, 90), _coordinate(raw_lon, 180)
        if lat is None or lon is None:
            messages.append(
                _("La position indiquée n'est pas valide : la recherche autour de vous a été ignorée.")
            )
        else:
            found["lat"], found["lon"] = lat, lon
    raw_radius = (args.get("rayon") or "").strip()
    radius = int(raw_radius) if raw_radius.isdigit() and len(raw_radius) < 4 else None
    if raw_radius and radius not in RADII:
        messages.append(
            _(
                "Le rayon « %(value)s » n'est pas proposé (5, 10, 25 ou 50 km) : "
                "%(default)d km ont été retenus.",
                value=raw_radius[:10],
                default=DEFAULT_RADIUS,
            )
        )
        radius = None
    if found:
        found["radius"] = radius or DEFAULT_RADIUS
        found["online_too"] = args.get("en_ligne_aussi") in ("1", "oui")
    return found


def parse(
    args: MultiDict, *, today: date, themes, regions, departements, max_query: int = 200, editions=()
) -> Parsed:
    """`themes`, `regions`, `departements`: the allowed slugs/codes (from the database);
    `editions`: the years that may be asked with `edition=` (an unknown one is dropped)."""
    messages: list[str] = []
    q = " ".join((args.get("q") or "").split())
    if len(q) > max_query:
        q = q[:max_query].rsplit(" ", 1)[0] or q[:max_query]
        messages.append(
            _(
                "Votre recherche était trop longue : seuls les %(n)d premiers "
                "caractères ont été pris en compte.",
                n=max_query,
            )
        )
    start = _date(args.get("du"), _l("du"), messages)
    end = _date(args.get("au"), _l("au"), messages)
    quick = args.get("quand", "")
    if quick not in QUICK_DATES:
        quick = ""
    if quick and not (start or end):
        start, end = quick_range(quick, today)
    elif quick:
        quick = ""
    if start and end and end < start:
        messages.append(_("La date de fin précédait la date de début : les deux dates ont été inversées."))
        start, end = end, start
    centre = _centre(args, messages)
    sort = args.get("tri", "")
    if sort not in SORTS or (sort == "distance" and not centre):
        sort = "pertinence" if q else "date"
    page_raw = str(args.get("page", "1"))
    page = int(page_raw) if page_raw.isdigit() and 0 < int(page_raw) <= MAX_PAGE else 1
    online = args.get("en_ligne", "")
    params = SearchParams(
        q=q,
        themes=_choices(args, "theme", themes, _l("thématique"), messages),
        regions=_choices(args, "region", regions, _l("région"), messages),
        departements=_choices(args, "departement", departements, _l("département"), messages),
        kinds=_choices(args, "type", catalog.codes(catalog.EVENT_KINDS), _l("type"), messages),
        audiences=_choices(args, "public", catalog.codes(catalog.AUDIENCES), _l("public"), messages),
        access=_choices(
            args, "accessible", catalog.codes(catalog.ACCESSIBILITY), _l("accessibilité"), messages
        ),
        start=start,
        end=end,
        quick=quick,
        online=online if online in ("oui", "non") else "",
        free=args.get("gratuit") == "oui",
        sort=sort,
        view=args.get("vue") if args.get("vue") in VIEWS else "liste",
        page=page,
        edition=_edition(args.get("edition"), editions, messages),
        **centre,
    )
    return Parsed(params, messages)


def _edition(raw: str | None, years, messages: list[str]) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if raw.isdigit() and len(raw) == 4 and int(raw) in years:
        return int(raw)
    messages.append(
        _(
            "L'édition « %(edition)s » n'existe pas : les événements de l'édition en cours sont affichés.",
            edition=raw[:10],
        )
    )
    return None


def to_query_args(params: SearchParams) -> dict:
    """The canonical URL arguments of a search (used for links, pagination, view switch)."""
    args: dict = {}
    if params.q:
        args["q"] = params.q
    for key, values in (
        ("theme", params.themes),
        ("region", params.regions),
        ("departement", params.departements),
        ("type", params.kinds),
        ("public", params.audiences),
        ("accessible", params.access),
    ):
        if values:
            args[key] = list(values)
    if params.quick:
        args["quand"] = params.quick
    else:
        if params.start:
            args["du"] = params.start.isoformat()
        if params.end:
            args["au"] = params.end.isoformat()
    if params.online:
        args["en_ligne"] = params.online
    if params.free:
        args["gratuit"] = "oui"
    if params.near:
        args["pres"] = params.near
    elif params.lat is not None and params.lon is not None:
        args["lat"], args["lon"] = f"{params.lat:.3f}", f"{params.lon:.3f}"
    if params.radius and (params.near or params.lat is not None):
        args["rayon"] = params.radius
        if params.online_too:
            args["en_ligne_aussi"] = "1"
    if params.sort != ("pertinence" if params.q else "date"):
        args["tri"] = params.sort
    if params.view != "liste":
        args["vue"] = params.view
    if params.edition:
        args["edition"] = params.edition
    if params.page > 1:
        args["page"] = params.page
    return args


def near_text(params: SearchParams, args: MultiDict) -> str:
    """What the place field shows: the place searched around ("Rennes (35000)"), else what
    was typed (an unknown place stays in the field, with the notice)."""
    place = params.place
    return (
        place.label if place is not None else (args.get("pres") or "").strip()[: gazetteer.MAX_QUERY_LENGTH]
    )
