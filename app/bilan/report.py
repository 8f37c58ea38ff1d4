"""The bilan of an edition (national, or one region's): key figures and tables, ready to show.

Every table has a stable key (used in URLs and file names), typed columns with stable names
(the open-data format, see README « Données ouvertes du bilan ») and, when it helps, the
chart drawn from it. The HTML page, the PDF, the CSV and the JSON all come from this one
Report, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from app.bilan import prizes, queries
from app.bilan.format import change, decimal_fr, percent_fr, share
from app.extensions import db
from app.models import Departement, Edition, Region, Theme
from app.reference import catalog

PER_INHABITANTS = 100_000


@dataclass(frozen=True)
class Column:
    key: str  # stable open-data name
    label: str
    kind: str = "int"  # text | int | pct (percentage) | dec (decimal number)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict]
    chart: str | None = None  # bar | columns | pie
    label: str = "libelle"  # column shown as the chart's labels
    value: str = "evenements"  # column drawn
    note: str = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    value: int | None  # None: not available (shown « non disponible »)
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Report:
    edition: Edition
    region: Region | None
    figures: list[Figure]
    sections: list[Section]
    totals: queries.Totals
    mean_attendance: float | None
    estimated_participants: int | None

    @property
    def tables(self) -> list[Table]:
        return [self.figures_table(), *(t for s in self.sections for t in s.tables)]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    def figures_table(self) -> Table:
        return Table(
            "chiffres-cles",
            _("Chiffres clés"),
            [
                Column("code", _("Code"), "text"),
                Column("libelle", _("Indicateur"), "text"),
                Column("valeur", _("Valeur")),
                Column("note", _("Note"), "text"),
            ],
            [{"code": f.code, "libelle": f.label, "valeur": f.value, "note": f.note} for f in self.figures],
        )


def _count_table(
    key: str,
    title: str,
    choices,
    counts: dict,
    whole: int,
    *,
    value: str = "evenements",
    chart: str | None = "bar",
    share_label: str | None = None,
    note: str = "",
) -> Table:
    """One row per reference choice (zeros included), in the catalogue's order."""
    rows = [
        {
            "code": c.code,
            "libelle": str(c.label),
            value: counts.get(c.code, 0),
            "part_pct": share(counts.get(c.code, 0), whole),
        }
        for c in choices
    ]
    value_label = _("Organisateurs principaux") if value == "organisateurs" else _("Manifestations")
    return Table(
        key,
        title,
        [
            Column("code", _("Code"), "text"),
            Column("libelle", _("Libellé"), "text"),
            Column(value, value_label),
            Column("part_pct", share_label or _("Part (%)"), "pct"),
        ],
        rows,
        chart=chart,
        value=value,
        note=note,
    )


def _organiser_table(key: str, title: str, choices, counts: dict, whole: int, chart: str = "bar") -> Table:
    return _count_table(key, title, choices, counts, whole, value="organisateurs", chart=chart)


def _theme_table(counts: dict, events: int) -> Table:
    main = counts["theme_id"]
    anywhere = queries.events_by_any_theme(counts)
    themes = db.session.scalars(select(Theme).order_by(Theme.number)).all()
    rows = [
        {
            "code": t.slug,
            "libelle": t.name,
            "couleur": t.color,
            "evenements_theme_principal": main.get(t.id, 0),
            "part_theme_principal_pct": share(main.get(t.id, 0), events),
            "evenements": anywhere.get(t.id, 0),
            "part_pct": share(anywhere.get(t.id, 0), events),
        }
        for t in themes
    ]
    return Table(
        "thematiques",
        _("Manifestations par thématique"),
        [
            Column("code", _("Code"), "text"),
            Column("libelle", _("Thématique"), "text"),
            Column("evenements_theme_principal", _("Thématique principale")),
            Column("part_theme_principal_pct", _("Part (%)"), "pct"),
            Column("evenements", _("Thématique principale ou secondaire")),
            Column("part_pct", _("Part des manifestations (%)"), "pct"),
        ],
        rows,
        chart="bar",
        note=_(
            "Une manifestation à deux thématiques compte une fois dans chacune d'elles : la "
            "colonne « principale ou secondaire » (celle du graphique) totalise donc plus que le "
            "nombre de manifestations ; la colonne « thématique principale » compte chacune une "
            "seule fois."
        ),
    )


def _region_table(counts: dict[int, int], events: int) -> Table:
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    rows = []
    for r in regions:
        n = counts.get(r.id, 0)
        rows.append(
            {
                "code": r.slug,
                "libelle": r.name,
                "evenements": n,
                "part_pct": share(n, events),
                "population": r.population or None,
                "pour_100000_habitants": (n * PER_INHABITANTS / r.population if r.population else None),
            }
        )
    rows.sort(key=lambda row: (-row["evenements"], row["libelle"]))
    return Table(
        "regions",
        _("Manifestations par région"),
        [
            Column("code", _("Code"), "text"),
            Column("libelle", _("Région"), "text"),
            Column("evenements", _("Manifestations")),
            Column("part_pct", _("Part (%)"), "pct"),
            Column("population", _("Population")),
            Column("pour_100000_habitants", _("Pour 100 000 habitants"), "dec"),
        ],
        rows,
        chart="bar",
    )


def _departement_table(counts: dict, region: Region, events: int) -> Table:
    departements = db.session.scalars(
        select(Departement).where(Departement.region_id == region.id).order_by(Departement.code)
    ).all()
    rows = [
        {
            "code": d.code,
            "libelle": d.label,
            "evenements": counts.get(d.code, 0),
            "part_pct": share(counts.get(d.code, 0), events),
        }
        for d in departements
    ]
    if counts.get(None):
        rows.append(
            {
                "code": "",
                "libelle": _("Département non renseigné"),
                "evenements": counts[None],
                "part_pct": share(counts[None], events),
            }
        )
    return Table(
        "departements",
        _("Manifestations par département"),
        [
            Column("code", _("Code"), "text"),
            Column("libelle", _("Département"), "text"),
            Column("evenements", _("Manifestations")),
            Column("part_pct", _("Part (%)"), "pct"),
        ],
        rows,
        chart="bar",
    )


def _kind_tables(kinds: dict[str, int], events: int) -> list[Table]:
    table = _count_table("types", _("Manifestations par type"), catalog.EVENT_KINDS, kinds, events)
    category_of = {k.code: k.category for k in catalog.EVENT_KINDS}
    table.columns.insert(2, Column("categorie", _("Catégorie"), "text"))
    for row in table.rows:
        row["categorie"] = str(catalog.EVENT_CATEGORIES[category_of[row["code"]]])
    per_category = dict.fromkeys(catalog.EVENT_CATEGORIES, 0)
    for code, n in kinds.items():
        if code in category_of:
            per_category[category_of[code]] += n
    categories = [catalog.Choice(code, label) for code, label in catalog.EVENT_CATEGORIES.items()]
    return [
        table,
        _count_table(
            "categories",
            _("Manifestations par grande catégorie"),
            categories,
            per_category,
            events,
            chart="pie",
        ),
    ]


def _attendance_table(buckets: dict[str, int], declared: int) -> Table:
    labels = {
        "moins-de-20": _("Moins de 20 participants"),
        "20-50": _("De 20 à 50"),
        "51-100": _("De 51 à 100"),
        "plus-de-100": _("Plus de 100"),
    }
    choices = [catalog.Choice(code, labels[code]) for code, _b in queries.ATTENDANCE_BUCKETS]
    return _count_table(
        "participants",
        _("Manifestations par nombre de participants"),
        choices,
        buckets,
        declared,
        chart="columns",
        share_label=_("Part des manifestations ayant déclaré (%)"),
        note=_(
            "Parmi les manifestations dont l'organisateur a déclaré la fréquentation. "
            "Une manifestation de 20 ou 50 participants est comptée dans « de 20 à 50 », "
            "une de 100 dans « de 51 à 100 »."
        ),
    )


def _growth(edition: Edition, region_id: int | None) -> tuple[Table, list[str]]:
    history = queries.editions_up_to(edition.year, region_id)
    candidacies = prizes.candidacies_by_year([h.year for h in history], region_id)
    rows, previous = [], None
    for h in history:
        rows.append(
            {
                "annee": h.year,
                "libelle": str(h.year),
                "evenements": h.events,
                "evolution_evenements_pct": change(previous.events, h.events) if previous else None,
                "organisateurs": h.organisers,
                "evolution_organisateurs_pct": (
                    change(previous.organisers, h.organisers) if previous else None
                ),
                "candidatures": candidacies.get(h.year),
            }
        )
        previous = h
    table = Table(
        "progression",
        _("Progression d'une édition à l'autre"),
        [
            Column("annee", _("Édition"), "text"),
            Column("evenements", _("Manifestations")),
            Column("evolution_evenements_pct", _("Évolution (%)"), "pct"),
            Column("organisateurs", _("Organisateurs principaux")),
            Column("evolution_organisateurs_pct", _("Évolution (%)"), "pct"),
            Column("candidatures", _("Candidatures aux Prix")),
        ],
        rows,
        chart="columns",
        label="libelle",
        note=_(
            "Candidatures aux Prix : candidatures déposées sur la plateforme (brouillons exclus) ; "
            "vide pour les éditions dont les Prix ESS n'y étaient pas gérés."
        ),
    )
    sentences = []
    held = [h for h in history if h.events]
    if len(history) >= 2 and held and held[0].year < edition.year:
        first, before, last = held[0], history[-2], history[-1]
        for what, a, b, c in (
            (_("de manifestations"), first.events, before.events, last.events),
            (_("d'organisateurs principaux"), first.organisers, before.organisers, last.organisers),
        ):
            total, latest = change(a, c), change(b, c)
            if first.year == before.year or latest is None:
                sentences.append(
                    _(
                        "%(total)s %(what)s entre %(first)s et %(last)s.",
                        total=percent_fr(total, signed=True),
                        what=what,
                        first=first.year,
                        last=last.year,
                    )
                )
                continue
            sentences.append(
                _(
                    "%(total)s %(what)s entre %(first)s et %(last)s "
                    "(et %(latest)s entre %(before)s et %(last)s).",
                    total=percent_fr(total, signed=True),
                    what=what,
                    first=first.year,
                    last=last.year,
                    latest=percent_fr(latest, signed=True),
                    before=before.year,
                )
            )
    return table, sentences


def build(edition: Edition, region: Region | None = None) -> Report:
    eid, rid = edition.id, region.id if region else None
    t = queries.totals(eid, rid)
    mean = t.participants / t.attendance_declared if t.attendance_declared else None
    estimated = round(mean * t.events) if mean is not None else None
    prize = prizes.prize_figures(eid, rid)
    counts = queries.breakdowns(eid, rid)
    figures = [
        Figure(
            "evenements",
            _("Manifestations"),
            t.events,
            ngettext(
                "%(n)s manifestation annulée non comptée",
                "%(n)s manifestations annulées non comptées",
                t.cancelled,
                n=decimal_fr(t.cancelled, 0),
            )
            if t.cancelled
            else "",
        ),
        Figure("organisateurs-principaux", _("Organisateurs principaux"), t.organisers),
        Figure("evenements-coorganises", _("Manifestations co-organisées"), t.coorganised),
        Figure(
            "participants-declares",
            _("Participants déclarés"),
            t.participants,
            ngettext(
                "sur %(n)s manifestation ayant déclaré sa fréquentation",
                "sur %(n)s manifestations ayant déclaré leur fréquentation",
                t.attendance_declared,
                n=decimal_fr(t.attendance_declared, 0),
            ),
        ),
        Figure(
            "participants-estimes",
            _("Participants (estimation)"),
            estimated,
            _(
                "estimation : moyenne déclarée de %(mean)s participants × %(n)s manifestations",
                mean=decimal_fr(mean),
                n=decimal_fr(t.events, 0),
            )
            if mean is not None
            else "",
        ),
        *([] if region else [Figure("regions-engagees", _("Régions engagées"), t.regions)]),
        Figure(
            "evenements-semaines-partenaires", _("Manifestations des semaines partenaires"), t.partner_week
        ),
        Figure(
            "collectivites-organisatrices",
            _("Collectivités locales organisatrices"),
            counts["organisers_family"].get("collectivite", 0),
            ngettext(
                "%(n)s manifestation",
                "%(n)s manifestations",
                counts["events_family"].get("collectivite", 0),
                n=decimal_fr(counts["events_family"].get("collectivite", 0), 0),
            ),
        ),
        Figure("candidatures-prix", _("Candidatures aux Prix ESS"), prize.candidacies if prize else None),
        Figure(
            "preselectionnes-prix", _("Candidatures présélectionnées"), prize.shortlisted if prize else None
        ),
        Figure("laureats-prix", _("Lauréats"), prize.laureates if prize else None),
        Figure(
            "votes-impact-local", _("Votes pour le Prix de l'impact local"), prize.votes if prize else None
        ),
    ]
    growth, growth_sentences = _growth(edition, rid)
    audiences = counts["audience"]
    audience_table = _count_table(
        "publics",
        _("Publics visés"),
        catalog.AUDIENCES,
        audiences,
        t.events,
        share_label=_("Part des manifestations (%)"),
        note=_("Une manifestation vise en général plusieurs publics : les parts ne totalisent pas 100 %."),
    )
    where = (
        [_departement_table(counts["departement_code"], region, t.events)]
        if region
        else [_region_table(counts["region_id"], t.events)]
    )
    events = Section(
        "manifestations",
        _("Les manifestations"),
        tables=[
            _theme_table(counts, t.events),
            *where,
            *_kind_tables(counts["kind"], t.events),
            audience_table,
            _count_table(
                "envergure", _("Manifestations par envergure"), catalog.SCALES, counts["scale"], t.events
            ),
            _count_table(
                "semaines-partenaires",
                _("Manifestations des semaines partenaires"),
                catalog.PARTNER_WEEKS,
                counts["partner_week"],
                t.events,
            ),
            _attendance_table(counts["bucket"], t.attendance_declared),
        ],
    )
    if t.events:
        events.paragraphs.append(
            _(
                "En moyenne %(mean)s publics visés par manifestation.",
                mean=decimal_fr(sum(audiences.values()) / t.events),
            )
        )
    organisers = Section(
        "organisateurs",
        _("Les organisateurs"),
        tables=[
            _organiser_table(
                "familles-organisateurs",
                _("Organisateurs principaux par famille"),
                catalog.FAMILIES,
                counts["organisers_family"],
                t.organisers,
                chart="pie",
            ),
            _count_table(
                "familles-evenements",
                _("Manifestations par famille d'organisateur"),
                catalog.FAMILIES,
                counts["events_family"],
                t.events,
            ),
            _organiser_table(
                "secteurs-organisateurs",
                _("Organisateurs principaux par secteur d'activité"),
                catalog.SECTORS,
                counts["organisers_sector"],
                t.organisers,
            ),
            _organiser_table(
                "salaries-organisateurs",
                _("Organisateurs principaux par nombre de salariés"),
                catalog.EMPLOYEE_BRACKETS,
                counts["organisers_employees"],
                t.organisers,
            ),
        ],
    )
    sections = [
        Section("progression", _("La progression du Mois de l'ESS"), growth_sentences, [growth]),
        events,
        organisers,
    ]
    from app.bilan import survey  # it builds on this module's tables

    sections.append(survey.section(eid, rid))
    return Report(edition, region, figures, sections, t, mean, estimated)
