"""Calendars of the editions and the instants of demo events (stored as naive UTC)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

PARIS = "Europe/Paris"

# Events of the real editions (DOMAIN.md): 950 in 2008, 1,732 in 2011, 1,800 in 2016; the
# later ones are plausible demo sizes (a dip in 2020, the year of the health crisis). The
# demo's 2025 edition is 90 % of the current one (generator.PAST_RATIO), 1,620 by default.
HISTORY: dict[int, int] = {
    2008: 950,
    2009: 1150,
    2010: 1400,
    2011: 1732,
    2012: 1750,
    2013: 1760,
    2014: 1770,
    2015: 1790,
    2016: 1800,
    2017: 1820,
    2018: 1850,
    2019: 1900,
    2020: 1250,
    2021: 1450,
    2022: 1550,
    2023: 1600,
    2024: 1650,
}
HISTORY_BASE = 1800  # HISTORY's sizes go with a current edition of this many events


def history(events: int, until: int) -> dict[int, int]:
    """Past editions before `until` with HISTORY's shape, scaled to a current edition of
    `events` events (the real sizes for the default 1,800)."""
    return {year: round(n * events / HISTORY_BASE) for year, n in HISTORY.items() if year < until}


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def to_utc(local: datetime, tz: str = PARIS) -> datetime:
    """A local wall-clock time of `tz` as the naive UTC datetime stored in the database."""
    aware = local.replace(tzinfo=_zone(tz))
    return aware.astimezone(timezone.utc).replace(tzinfo=None)


def midnight_utc(day: date, tz: str = PARIS) -> datetime:
    return to_utc(datetime.combine(day, time(0)), tz)


def edition_row(year: int) -> dict:
    """The Edition columns of `year`. Periods run from the first day 00:00 (Paris) to the
    midnight that ends their last day (the app compares with `open <= now < close`)."""

    def period(start: tuple[int, int], last: tuple[int, int]) -> tuple[datetime, datetime]:
        end = date(year, *last) + timedelta(days=1)
        return midnight_utc(date(year, *start)), midnight_utc(end)

    candidacy = period((4, 15), (6, 20))
    registration = period((6, 1), (10, 31))
    vote = period((9, 15), (10, 15))
    return {
        "year": year,
        "title": f"Mois de l'ESS {year}",
        "month_start": date(year, 11, 1),
        "month_end": date(year, 11, 30),
        "candidacy_open": candidacy[0],
        "candidacy_close": candidacy[1],
        "registration_open": registration[0],
        "registration_close": registration[1],
        "vote_open": vote[0],
        "vote_close": vote[1],
    }


@dataclass(frozen=True)
class DaySampler:
    """Days of an edition's Month (and its eve) weighted like a real programme."""

    days: tuple[date, ...]
    cum_weights: tuple[float, ...]

    @classmethod
    def for_year(cls, year: int) -> DaySampler:
        days = [date(year, 10, 30), date(year, 10, 31)]
        weights = [0.25, 0.25]
        for d in range(1, 31):
            day = date(year, 11, d)
            w = 0.35 if day.weekday() == 6 else 1.0
            if (day.month, day.day) in ((11, 1), (11, 11)):  # Toussaint, Armistice
                w = 0.2
            elif 8 <= d <= 26:
                w *= 1.15
            days.append(day)
            weights.append(w)
        cum, total = [], 0.0
        for w in weights:
            total += w
            cum.append(total)
        return cls(tuple(days), tuple(cum))

    def draw(self, rng: random.Random, first: int = 1, last: int = 30) -> date:
        """A day; `first`/`last` restrict it to those November days (partner weeks)."""
        while True:
            day = rng.choices(self.days, cum_weights=self.cum_weights)[0]
            if (first, last) == (1, 30) or (day.month == 11 and first <= day.day <= last):
                return day


START_TIMES = (
    (9, 0),
    (9, 30),
    (10, 0),
    (12, 0),
    (14, 0),
    (14, 30),
    (16, 0),
    (17, 30),
    (18, 0),
    (18, 30),
    (19, 0),
    (20, 0),
)
START_WEIGHTS = (12, 6, 12, 3, 14, 6, 2, 5, 15, 10, 10, 5)
DURATIONS = (60, 90, 120, 150, 180, 240)  # minutes
DURATION_WEIGHTS = (15, 15, 30, 10, 15, 10)
LONG_KINDS = frozenset({"colloque", "forum", "marche", "concours"})


def event_times(
    rng: random.Random, days: DaySampler, kind: str, tz: str, first: int = 1, last: int = 30
) -> tuple[datetime, datetime]:
    """(start, end) in UTC: mostly 1–4 hours, some full days, a few over several days."""
    day = days.draw(rng, first, last)
    shape = rng.random()
    full_day = 0.35 if kind in LONG_KINDS else 0.10
    if shape < 0.03:  # several days
        start = datetime.combine(day, time(10, 0))
        end_day = min(day + timedelta(days=rng.choice((1, 2, 2, 3))), date(day.year, 11, 30))
        end = datetime.combine(max(end_day, day), time(18, 0))
    elif shape < 0.03 + full_day:
        start = datetime.combine(day, time(9, rng.choice((0, 30))))
        end = datetime.combine(day, time(rng.choice((17, 17, 18)), rng.choice((0, 30))))
    else:
        hour, minute = rng.choices(START_TIMES, weights=START_WEIGHTS)[0]
        start = datetime.combine(day, time(hour, minute))
        minutes = rng.choices(DURATIONS, weights=DURATION_WEIGHTS)[0]
        if hour >= 19:
            minutes = min(minutes, 180)
        end = start + timedelta(minutes=minutes)
    return to_utc(start, tz), to_utc(end, tz)


def moderation_times(
    rng: random.Random, opens: datetime, cap: datetime, status: str
) -> tuple[datetime, datetime | None, datetime | None]:
    """(created, submitted, published) in order, all before `cap` (the Month or the event)."""
    span = max(cap - opens, timedelta(hours=3))
    created = opens + span * (rng.random() * 0.9)
    created = created.replace(microsecond=0)
    submitted = published = None
    if status != "brouillon":
        submitted = created + (cap - created) * (rng.random() * 0.3)
        submitted = submitted.replace(microsecond=0)
    if status == "publie":
        published = submitted + (cap - submitted) * (0.05 + rng.random() * 0.45)
        published = published.replace(microsecond=0)
    return created, submitted, published
