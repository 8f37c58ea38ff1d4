"""Demo events of one edition, as rows for bulk inserts (events, audiences, co-organisers)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from app.common.text import slugify
from app.demo import calendar, names, writing
from app.demo.organisations import ORGANISERS_PER_EVENT, SECTOR_SHARES, Org
from app.demo.places import a, de, jitter, street_address
from app.demo.theme_texts import THEME_TEXTS
from app.reference import catalog

# Part of the events whose theme follows the organiser's sector; the other themes are drawn
# so that the overall shares stay those of the catalogue.
AFFINITY = 0.35
THEME_FOR_SECTOR = {
    "education-populaire": "eduquer-et-apprendre",
    "creation-entreprise": "entreprendre-epargner-et-investir",
    "insertion": "travailler",
    "action-sociale": "aider-et-soigner",
    "culture": "s-evader",
    "formation": "travailler",
    "sante": "aider-et-soigner",
    "environnement": "preserver",
    "agriculture-alimentation": "consommer-acheter-manger",
    "finance": "entreprendre-epargner-et-investir",
    "habitat": "se-loger",
    "sport": "s-evader",
    "commerce": "consommer-acheter-manger",
    "numerique": "s-informer-et-communiquer",
    "tourisme": "s-evader",
}
SCALES = ("locale", "departementale", "regionale", "nationale")
SCALE_WEIGHTS = (60, 20, 15, 5)
STATUSES = ("publie", "soumis", "brouillon", "a-modifier", "refuse")
STATUS_WEIGHTS = (90, 4, 2.5, 2, 1.5)
# 3.6 audiences per event on average; 80 % general public, 20 % ESS professionals.
AUDIENCE_RATES = {
    "grand-public": 0.83,
    "jeunes": 0.45,
    "scolaires-etudiants": 0.3,
    "professionnels-ess": 0.2,
    "militants-ess": 0.43,
    "porteurs-de-projets": 0.3,
    "institutionnels-elus": 0.42,
    "demandeurs-emploi-salaries": 0.48,
}
AUDIENCE_BOOSTS = {
    "travailler": {"demandeurs-emploi-salaries": 0.3},
    "eduquer-et-apprendre": {"scolaires-etudiants": 0.35, "jeunes": 0.2},
    "entreprendre-epargner-et-investir": {"porteurs-de-projets": 0.35},
    "colloque": {"professionnels-ess": 0.3, "institutionnels-elus": 0.2, "grand-public": -0.4},
}
ACCESS_RATES = {"moteur": 0.6, "visuel": 0.15, "auditif": 0.2, "psychique": 0.12, "mental": 0.15}
# Relative attendance by kind (a market draws more people than a workshop).
CROWD = {
    "debat": 0.9,
    "colloque": 1.6,
    "forum": 1.8,
    "portes-ouvertes": 0.9,
    "projection": 0.9,
    "atelier": 0.5,
    "information": 0.6,
    "animation": 1.2,
    "festif": 1.3,
    "marche": 2.0,
    "prevention": 0.9,
    "concours": 1.2,
}


BARE_TITLES = {k.code: str(k.label) for k in catalog.EVENT_KINDS}
BARE_START, BARE_DURATION = time(18, 0), timedelta(hours=2)


@dataclass
class EditionPlan:
    id: int
    year: int
    events: int
    past: bool  # a closed edition: everything published, attendance declared
    registration_open: datetime
    month_start: datetime  # UTC
    attendance_before: datetime  # events ending before may have their attendance declared
    # Older editions only feed the bilan: the same statistics (themes, kinds, audiences,
    # places, organisers, attendance) without texts, so that 18 editions stay fast to build.
    detailed: bool = True


@dataclass
class Batch:
    events: list[dict] = field(default_factory=list)
    audiences: list[dict] = field(default_factory=list)
    coorganisers: list[dict] = field(default_factory=list)


# Quantiles of declared attendance (2011: ≈ 70 per event, 43 % above 50, 1 in 4 above 100),
# interpolated on a log scale.
ATTENDANCE_QUANTILES = ((0.0, 5), (0.25, 20), (0.57, 50), (0.75, 100), (0.88, 150), (0.98, 250), (1.0, 500))


def attendance(rng: random.Random, kind: str, online: bool) -> int:
    """People who came; busier kinds (markets, forums) draw from higher quantiles."""
    u = rng.random() ** (CROWD[kind] ** -0.5)
    value = float(ATTENDANCE_QUANTILES[-1][1])
    for (q0, v0), (q1, v1) in zip(ATTENDANCE_QUANTILES, ATTENDANCE_QUANTILES[1:], strict=False):
        if u <= q1:
            value = v0 * (v1 / v0) ** ((u - q0) / (q1 - q0))
            break
    return max(3, round(value * (0.85 if online else 1.0)))


def assign_organisers(rng: random.Random, orgs: list[Org], count: int, participation: float) -> list[Org]:
    """Who runs each event: every participating organiser one, then a long tail."""
    if count <= 0 or not orgs:
        return []
    pool = [o for o in orgs if rng.random() < participation] or list(orgs)
    base = rng.sample(pool, count) if count < len(pool) else list(pool)
    extra = rng.choices(pool, weights=[o.activity for o in pool], k=count - len(base))
    chosen = base + extra
    rng.shuffle(chosen)
    return chosen


class EventBuilder:
    def __init__(self, theme_ids: dict[str, int], orgs: list[Org]):
        self.theme_ids = theme_ids
        self.themes = [t for t in catalog.THEMES if t.slug in theme_ids]
        self.topics = {t.slug: t.topics for t in self.themes}
        total = sum(SECTOR_SHARES.values())
        via_sector = dict.fromkeys(theme_ids, 0.0)
        for sector, share in SECTOR_SHARES.items():
            if THEME_FOR_SECTOR.get(sector) in via_sector:
                via_sector[THEME_FOR_SECTOR[sector]] += share / total
        self.slugs = [t.slug for t in self.themes]
        self.weights = [t.weight for t in self.themes]
        self.residual = [max(0.0, t.weight - AFFINITY * via_sector[t.slug]) for t in self.themes]
        self.kinds = [k.code for k in catalog.EVENT_KINDS]
        self.kind_weights = [k.weight for k in catalog.EVENT_KINDS]
        self.orgs = orgs
        self.slugs_cache: dict[str, str] = {}
        self.by_region: dict[str, list[Org]] = {}
        for org in orgs:
            self.by_region.setdefault(org.region.code, []).append(org)

    def build(self, rng: random.Random, plan: EditionPlan, first_id: int) -> Batch:
        batch = Batch()
        days = calendar.DaySampler.for_year(plan.year)
        participation = 1.0
        if plan.past:  # smaller past editions had fewer organisers, not fewer events each
            participation = min(0.85, plan.events * ORGANISERS_PER_EVENT / max(1, len(self.orgs)))
        organisers = assign_organisers(rng, self.orgs, plan.events, participation)
        make = self._event if plan.detailed else self._bare_event
        for offset, org in enumerate(organisers):
            make(rng, plan, days, first_id + offset, org, batch)
        return batch

    def _bare_event(
        self,
        rng: random.Random,
        plan: EditionPlan,
        days: calendar.DaySampler,
        event_id: int,
        org: Org,
        batch: Batch,
    ) -> None:
        """A closed edition's event with its statistics only (title from its kind)."""
        theme = self._theme(rng, org)
        second = None
        if rng.random() < 0.3:
            second = rng.choices(self.slugs, weights=self.weights)[0]
            second = None if second == theme else second
        kind = rng.choices(self.kinds, weights=self.kind_weights)[0]
        week, first, last = _partner_week(rng, theme)
        starts_at = calendar.to_utc(
            datetime.combine(days.draw(rng, first, last), BARE_START), org.region.timezone
        )
        ends_at = starts_at + BARE_DURATION
        in_person = rng.random() >= 0.08
        commune = org.commune if rng.random() < 0.65 else org.region.commune(rng)
        title = f"{BARE_TITLES[kind]} {a(commune.name)}" if in_person else BARE_TITLES[kind]
        if title not in self.slugs_cache:
            self.slugs_cache[title] = slugify(title)
        coorganisers = self._coorganisers(rng, org)
        batch.events.append(
            {
                "id": event_id,
                "edition_id": plan.id,
                "title": title,
                "slug": self.slugs_cache[title],
                "theme_id": self.theme_ids[theme],
                "second_theme_id": self.theme_ids[second] if second else None,
                "kind": kind,
                "scale": rng.choices(SCALES, weights=SCALE_WEIGHTS)[0],
                "partner_week": week,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "commune": commune.name,
                "commune_insee": commune.insee,
                "departement_code": commune.dept,
                "region_id": org.region.id,
                "in_person": in_person,
                "online": not in_person,
                "organiser_id": org.id,
                "status": "publie",
                "schedule_status": "programme",
                "attendance": attendance(rng, kind, not in_person),
                "created_at": starts_at,
                "updated_at": starts_at,
                "published_at": starts_at,
            }
        )
        batch.audiences.extend(
            {"event_id": event_id, "code": code} for code in self._audiences(rng, theme, kind)
        )
        batch.coorganisers.extend({"event_id": event_id, "organisation_id": o.id} for o in coorganisers)

    def _theme(self, rng: random.Random, org: Org) -> str:
        mapped = THEME_FOR_SECTOR.get(org.sector)
        if mapped in self.theme_ids and rng.random() < AFFINITY:
            return mapped
        return rng.choices(self.slugs, weights=self.residual)[0]

    def _event(
        self,
        rng: random.Random,
        plan: EditionPlan,
        days: calendar.DaySampler,
        event_id: int,
        org: Org,
        batch: Batch,
    ) -> None:
        region = org.region
        theme = self._theme(rng, org)
        second = None
        if rng.random() < 0.3 and len(self.slugs) > 1:
            while second is None or second == theme:
                second = rng.choices(self.slugs, weights=self.weights)[0]
        kind = rng.choices(self.kinds, weights=self.kind_weights)[0]
        week, first, last = _partner_week(rng, theme)
        starts_at, ends_at = calendar.event_times(rng, days, kind, region.timezone, first, last)
        mode = rng.random()
        online, in_person = mode < 0.14, mode >= 0.08  # 8 % online only, 6 % both
        commune = org.commune if rng.random() < 0.65 else region.commune(rng)
        where = a(commune.name) if in_person else "en ligne"

        texts = THEME_TEXTS[theme]
        place = rng.choice(texts["places"])
        ctx = {
            "s": rng.choice(texts["subjects"]),
            "film": rng.choice(texts["films"]),
            "act": rng.choice(texts["activities"]),
            "forum": texts["forum"],
            "prev": rng.choice(texts["prevention"]),
            "place": place,
            "pde": writing.de_article(place),
            "pn": rng.choice(names.SHORT_NAMES),
            "ca": where,
            "cde": de(commune.name),
            "dde": region.dept_de(commune.dept),
            "rde": region.de,
            "org": org.name,
            "year": plan.year,
        }
        title = writing.title(rng, kind, ctx)
        slug = slugify(title)
        coorganisers = self._coorganisers(rng, org)
        free_text = ""
        if rng.random() < 0.15:
            free_text = ", ".join(
                writing.free_coorganiser(rng, de(commune.name)) for _ in range(rng.choice((1, 1, 2)))
            )
        partners = [o.name for o in coorganisers] + ([free_text] if free_text else [])
        extras = (
            [writing.clip(f"Un événement co-organisé avec {', '.join(partners)}.", 400)] if partners else []
        )

        latitude = longitude = None
        if in_person:
            latitude, longitude = jitter(rng, commune)
        lifecycle = _lifecycle(rng, plan, kind, starts_at, ends_at, in_person)
        batch.events.append(
            {
                "id": event_id,
                "edition_id": plan.id,
                "title": title,
                "slug": slug,
                "summary": writing.summary(rng, kind, org.name, where, rng.choice(self.topics[theme])),
                "description": writing.description(rng, kind, ctx, texts["pitch"], extras),
                "theme_id": self.theme_ids[theme],
                "second_theme_id": self.theme_ids[second] if second else None,
                "kind": kind,
                "scale": rng.choices(SCALES, weights=SCALE_WEIGHTS)[0],
                "partner_week": week,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "venue": writing.venue(rng, kind, org.name, place, ctx["pn"]) if in_person else "",
                "address": street_address(rng) if in_person else "",
                "postcode": rng.choice(commune.postcodes) if commune.postcodes else "",
                "commune": commune.name,
                "commune_insee": commune.insee,
                "departement_code": commune.dept,
                "region_id": region.id,
                "latitude": latitude,
                "longitude": longitude,
                "in_person": in_person,
                "online": online,
                "online_url": f"https://visio.example.org/{slug[:60]}" if online else "",
                "organiser_id": org.id,
                "other_coorganisers": writing.clip(free_text, 300),
                **_practical(rng, org, slug, lifecycle["schedule_status"] == "complet"),
                **lifecycle,
            }
        )
        batch.audiences.extend(
            {"event_id": event_id, "code": code} for code in self._audiences(rng, theme, kind)
        )
        batch.coorganisers.extend({"event_id": event_id, "organisation_id": o.id} for o in coorganisers)

    def _audiences(self, rng: random.Random, theme: str, kind: str) -> list[str]:
        boosts = {**AUDIENCE_BOOSTS.get(theme, {}), **AUDIENCE_BOOSTS.get(kind, {})}
        chosen = [
            code for code, rate in AUDIENCE_RATES.items() if rng.random() < rate + boosts.get(code, 0.0)
        ]
        return chosen or ["grand-public"]

    def _coorganisers(self, rng: random.Random, org: Org) -> list[Org]:
        if rng.random() >= 0.35:
            return []
        wanted = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        chosen: list[Org] = []
        for _ in range(wanted * 3):
            pool = self.by_region[org.region.code] if rng.random() < 0.85 else self.orgs
            candidate = rng.choice(pool)
            if candidate.id != org.id and all(c.id != candidate.id for c in chosen):
                chosen.append(candidate)
            if len(chosen) == wanted:
                break
        return chosen


def _partner_week(rng: random.Random, theme: str) -> tuple[str | None, int, int]:
    """(partner week, first and last day of November allowed); 77 and 250 events in 2011."""
    if rng.random() < (0.15 if theme == "entreprendre-epargner-et-investir" else 0.015):
        return "finance-solidaire", 1, 14
    if rng.random() < (0.55 if theme == "participer-et-cooperer" else 0.08):
        return "solidarite-internationale", 13, 30
    return None, 1, 30


def _lifecycle(
    rng: random.Random, plan: EditionPlan, kind: str, starts_at: datetime, ends_at: datetime, in_person: bool
) -> dict:
    """Moderation and schedule statuses, their instants and the declared attendance."""
    status = "publie" if plan.past else rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
    schedule = "programme"
    if status == "publie" and not plan.past:
        roll = rng.random()
        schedule = (
            "annule"
            if roll < 0.02
            else "reporte"
            if roll < 0.03
            else "complet"
            if roll < 0.05
            else "programme"
        )
    cap = min(plan.month_start, starts_at) - timedelta(hours=1)
    created, submitted, published = calendar.moderation_times(rng, plan.registration_open, cap, status)
    declared = None
    if (
        status == "publie"
        and schedule in ("programme", "complet")
        and ends_at < plan.attendance_before
        and (plan.past or rng.random() < 0.6)
    ):
        declared = attendance(rng, kind, not in_person)
    return {
        "status": status,
        "schedule_status": schedule,
        "attendance": declared,
        "created_at": created,
        "updated_at": published or submitted or created,
        "submitted_at": submitted,
        "published_at": published,
    }


def _practical(rng: random.Random, org: Org, slug: str, full: bool) -> dict:
    """Price, registration, accessibility and public contact."""
    free = rng.random() < 0.85
    registration = rng.random() < 0.4 or full
    url = ""
    if registration:
        url = (
            f"https://{org.host}/inscription"
            if rng.random() < 0.5
            else f"https://billetterie.example.org/{slug[:60]}"
        )
    access = {k: rng.random() < rate for k, rate in ACCESS_RATES.items()}
    if rng.random() < 0.6:
        contact_name, contact_email = org.contact_name, org.contact_email
    else:
        contact_name = names.person(rng)
        contact_email = names.email(contact_name, org.host)
    return {
        "free": free,
        "price_info": "" if free else rng.choice(writing.PRICES),
        "registration_required": registration,
        "registration_url": url,
        **{f"access_{k}": v for k, v in access.items()},
        "accessibility_info": writing.clip(
            " ".join(writing.ACCESS_INFO[k] for k, v in access.items() if v), 300
        ),
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": org.contact_phone if rng.random() < 0.7 else "",
    }
