"""The widget's rules: its own options (number of events, layout, title), its events (the
search's, from today on, in date order), its URL and the snippet partners copy.

The filters are the search's (app.events.params.parse, app.events.search.search): the same
parameter names, the same values, the same French notices for bad values."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.events.engine import Card
from app.events.params import SearchParams, to_query_args
from app.events.search import SearchResult, search
from app.reference import catalog, lookup
from app.web.filters import aware_local, date_fr, span_fr, time_fr

COUNT_DEFAULT = 5
COUNT_MAX = 30
LAYOUTS = ("compact", "detaille")
TITLE_MAX = 80
# "Near me" parameters (a commune's INSEE code or postcode, a radius in km): passed on as
# typed by the generator; the search reads and checks them.
MESSAGE_TYPE = "moisess-widget-height"  # what the widget posts to its parent (static/js)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class WidgetOptions:
    count: int = COUNT_DEFAULT
    layout: str = "compact"
    title: str = ""

    def to_query_args(self) -> dict:
        args: dict = {}
        if self.count != COUNT_DEFAULT:
            args["nombre"] = self.count
        if self.layout != "compact":
            args["affichage"] = self.layout
        if self.title:
            args["titre"] = self.title
        return args


def parse_options(args: MultiDict) -> tuple[WidgetOptions, list[str]]:
    """The widget's own parameters; bad values fall back to the default with a French notice."""
    messages: list[str] = []
    count = COUNT_DEFAULT
    raw = (args.get("nombre") or "").strip()
    if raw:
        if not raw.isascii() or not raw.isdigit():
            messages.append(
                _(
                    "Le nombre d'événements « %(value)s » n'est pas un nombre : "
                    "%(n)d événements sont affichés.",
                    value=raw[:20],
                    n=COUNT_DEFAULT,
                )
            )
        else:
            asked = int(raw) if len(raw) <= 6 else COUNT_MAX + 1
            count = min(max(asked, 1), COUNT_MAX)
            if count != asked:
                messages.append(
                    _(
                        "Le nombre d'événements va de 1 à %(max)d : %(n)d événements sont affichés.",
                        max=COUNT_MAX,
                        n=count,
                    )
                )
    layout = args.get("affichage") or "compact"
    if layout not in LAYOUTS:
        messages.append(_("L'affichage demandé est inconnu : l'affichage compact est utilisé."))
        layout = "compact"
    title = " ".join(_CONTROL.sub(" ", args.get("titre") or "").split())
    if len(title) > TITLE_MAX:
        title = title[:TITLE_MAX].rstrip()
        messages.append(_("Le titre est limité à %(n)d caractères : il a été raccourci.", n=TITLE_MAX))
    return WidgetOptions(count, layout, title), messages


@dataclass(frozen=True)
class WidgetEvent:
    """An event as the widget shows it: its search card and ready-made French texts."""

    card: Card
    day: str  # "samedi 14 novembre"
    time: str  # "14 h 30"
    iso: str  # start, ISO 8601 in the event's time zone
    span: str  # "samedi 14 novembre 2026, de 14 h à 16 h" (detailed layout)
    place: str  # "Rennes (35)", "" for an online event


def widget_event(card: Card) -> WidgetEvent:
    tz = card.region.timezone
    local = aware_local(card.starts_at, tz)
    place = ""
    if card.in_person:
        place = f"{card.commune} ({card.departement_code})" if card.departement_code else card.commune
    return WidgetEvent(
        card=card,
        day=date_fr(local.date(), "EEEE d MMMM"),
        time=time_fr(card.starts_at, tz),
        iso=local.isoformat(),
        span=span_fr(card.starts_at, card.ends_at, tz),
        place=place,
    )


@dataclass
class WidgetPage:
    result: SearchResult
    events: list[WidgetEvent]
    past: bool  # nothing to come: the edition's past events are shown instead


def events(params: SearchParams, edition_id: int, today: date, count: int) -> WidgetPage:
    """The search's results for `params` from `today` on (an earlier start date is moved to
    today), in date order, `count` per page. When nothing is to come and no dates were asked
    (the edition is over), the same search over the whole edition, said so."""
    wanted = replace(params, sort="date", view="liste", quick="", start=max(params.start or today, today))
    result = search(wanted, edition_id, page_size=count, with_facets=False)
    past = False
    if not result.total and not (params.start or params.end):
        whole = search(replace(wanted, start=None), edition_id, page_size=count, with_facets=False)
        if whole.total:
            result, past = whole, True
    return WidgetPage(result, [widget_event(c) for c in result.cards], past)


def search_args(params: SearchParams) -> dict:
    """The search page's arguments for the same filters ("Voir tous les événements")."""
    return to_query_args(replace(params, page=1, view="liste", sort="date"))


def widget_args(params: SearchParams, options: WidgetOptions) -> dict:
    """The widget URL's arguments for the generator's form: the search's canonical ones
    (the commune and radius included) and the widget's options."""
    return search_args(params) | options.to_query_args()


def describe(params: SearchParams) -> str:
    """The frame's title: "Événements du Mois de l'ESS – Bretagne, Se loger"."""
    ref = lookup.current()
    audiences = catalog.labels(catalog.AUDIENCES)
    departements = {d.code: d.label for r in ref.regions for d in r.departements}
    labels = [r.name for r in ref.regions if r.slug in params.regions]
    labels += [departements[c] for c in params.departements if c in departements]
    labels += [t.name for t in ref.themes if t.slug in params.themes]
    labels += [str(audiences[a]) for a in params.audiences if a in audiences]
    base = _("Événements du Mois de l'ESS")
    return f"{base} – {', '.join(labels)}" if labels else base


def frame_height(options: WidgetOptions) -> int:
    """A first height (px) for the frame, before the resize script (if any) fits it."""
    per_event = 96 if options.layout == "compact" else 150
    return 130 + (50 if options.title else 0) + per_event * options.count


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def snippet(widget_url: str, title: str, height: int, script_url: str) -> str:
    """The HTML a partner pastes: the frame, then the optional script that fits its height."""
    frame = (
        f'<iframe src="{_attribute(widget_url)}" title="{_attribute(title)}" '
        f'height="{height}" loading="lazy" style="width:100%;border:0"></iframe>'
    )
    return f'{frame}\n<script src="{_attribute(script_url)}" async></script>'
