"""Replace the editions, organisations and events with a realistic, reproducible demo.

`generate(events=1800, seed=2026)` builds the current edition (2026) and the previous one
(about 90 % of its size, closed: everything published, attendance declared). The same seed
always gives the same database content: every draw comes from seeded generators and every
instant from the editions' calendars (never the clock). Rows go in through Core bulk
inserts, then the full-text index is rebuilt once.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import delete, insert, select, text

from app.demo import calendar
from app.demo import organisations as org_builder
from app.demo.events import Batch, EditionPlan, EventBuilder
from app.demo.organisations import ORGANISERS_PER_EVENT
from app.demo.places import region_places
from app.events import search_index
from app.extensions import db
from app.models import (
    Departement,
    Edition,
    Event,
    EventAudience,
    Organisation,
    Region,
    Theme,
    event_coorganisers,
)

CURRENT_YEAR = 2026
DEFAULT_TODAY = date(2026, 11, 22)
PAST_RATIO = 0.9  # events of the previous edition, relative to the current one


def generate(
    events: int = 1800,
    seed: int = 2026,
    today: date | None = None,
    past_editions: dict[int, int] | None = None,
    history: bool = False,
    organisations: int | None = None,
    votes: int | None = None,
) -> str:
    """Replace all editions, organisations and events; return a French summary.

    `past_editions` maps older years to their number of events (default: the previous
    year with 90 % of `events`). `history` adds the editions since 2008 with the growth of
    the real ones (`calendar.HISTORY`, scaled to `events`): they feed the bilan, so their
    events carry the same statistics but no summary or description.
    `organisations` fixes their number (default: ORGANISERS_PER_EVENT per event of the
    largest edition); `votes` the number of confirmed votes of the current edition, inserted
    even before its vote closes (default: 800 to 1,500 once closed, as for past editions).
    The caller commits.
    """
    check_sizes(events, organisations, votes)
    events = int(events)
    today = today or DEFAULT_TODAY
    if past_editions is None:
        past_editions = {CURRENT_YEAR - 1: round(events * PAST_RATIO)}
    if history:
        past_editions = {
            **calendar.history(events, until=min(past_editions, default=CURRENT_YEAR)),
            **past_editions,
        }
    sizes = {
        **{y: max(0, int(n)) for y, n in past_editions.items() if y != CURRENT_YEAR},
        CURRENT_YEAR: events,
    }
    if organisations == 0 and max(sizes.values()) > 0:
        raise ValueError("Il faut au moins une organisation pour organiser les événements.")

    clear()
    themes = db.session.scalars(select(Theme).order_by(Theme.number)).all()
    regions = db.session.scalars(select(Region).order_by(Region.code)).all()
    if not themes or not regions:
        raise RuntimeError("Données de référence absentes : lancez « flask reference-data ».")
    dept_names = dict(db.session.execute(select(Departement.code, Departement.name)).all())
    places = [region_places(r, dept_names) for r in regions]

    rng = random.Random(f"{seed}:organisations")
    weights = [r.population * rng.lognormvariate(0, 0.3) for r in regions]
    n_orgs = organisations
    if n_orgs is None:
        n_orgs = round(max(sizes.values()) * ORGANISERS_PER_EVENT)
        if max(sizes.values()) > 0:
            n_orgs = max(n_orgs, 1)
    orgs = org_builder.build(rng, n_orgs, places, weights)
    first_year = min(sizes)
    _insert(Organisation.__table__, org_builder.rows(rng, orgs, datetime(first_year, 3, 1)))

    builder = EventBuilder({t.slug: t.id for t in themes}, orgs)
    next_id = 1
    for edition_id, year in enumerate(sorted(sizes), start=1):
        row = calendar.edition_row(year)
        _insert(Edition.__table__, [{"id": edition_id, **row}])
        plan = EditionPlan(
            id=edition_id,
            year=year,
            events=sizes[year],
            past=year < CURRENT_YEAR,
            registration_open=row["registration_open"],
            month_start=calendar.midnight_utc(row["month_start"]),
            attendance_before=(calendar.midnight_utc(today) if year == CURRENT_YEAR else datetime.max),
            detailed=year >= CURRENT_YEAR - 1 or not history,
        )
        batch = builder.build(random.Random(f"{seed}:{year}"), plan, next_id)
        _insert_batch(batch)
        next_id += len(batch.events)

    search_index.reindex(db.session.connection())
    from app.demo import accounts

    accounts.build(datetime.combine(today, datetime.min.time()))
    from app.demo import vote

    counted = vote.build(
        seed, datetime.combine(today, datetime.min.time()), current_year=CURRENT_YEAR, current_votes=votes
    )
    from app.demo import prizes

    prizes.build(seed, datetime.combine(today, datetime.min.time()), orgs, sizes, CURRENT_YEAR)
    from app.demo import survey

    survey.build(seed, today, CURRENT_YEAR)
    _resync_sequences()
    _refresh_planner_statistics()
    db.session.expire_all()
    return summary(sizes, len(orgs), counted.get(CURRENT_YEAR, 0) if votes is not None else None)


def check_sizes(events: int, organisations: int | None, votes: int | None) -> None:
    """Refuse sizes the demo cannot honour (French messages, shown by `flask demo-data`)."""
    for what, value in (("d'événements", events), ("d'organisations", organisations), ("de votes", votes)):
        if value is not None and value < 0:
            raise ValueError(f"Le nombre {what} ne peut pas être négatif (reçu : {value}).")


def _resync_sequences() -> None:
    """Rows were inserted with explicit ids: move PostgreSQL's sequences past them."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in ("edition", "organisation", "event", "candidacy", "prize_criterion", "survey_answer"):
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
        )


def clear() -> None:
    """Delete events (with their audiences, co-organisers and history), accounts,
    organisations, editions, the Prix ESS data (scoring grids included) and the survey."""
    from app.models import (
        Candidacy,
        CandidacyAttachment,
        CandidacyEvent,
        ConflictOfInterest,
        Criterion,
        EventDecision,
        JuryAssignment,
        JuryScore,
        LateSubmissionCode,
        Membership,
        Nominee,
        PrizePublication,
        User,
    )
    from app.models.vote import PendingVote, UsedChallenge, Vote, VoteAudit

    for table in (VoteAudit.__table__, Vote.__table__, PendingVote.__table__, UsedChallenge.__table__):
        db.session.execute(delete(table))
    from app.models import SurveyAnswer, SurveyAnswerAudience, SurveyInvitation

    for table in (SurveyAnswerAudience.__table__, SurveyAnswer.__table__, SurveyInvitation.__table__):
        db.session.execute(delete(table))
    for table in (
        JuryScore.__table__,
        Criterion.__table__,
        ConflictOfInterest.__table__,
        JuryAssignment.__table__,
        CandidacyEvent.__table__,
        CandidacyAttachment.__table__,
        Nominee.__table__,
        Candidacy.__table__,
        LateSubmissionCode.__table__,
        PrizePublication.__table__,
        event_coorganisers,
        EventAudience.__table__,
        EventDecision.__table__,
        Event.__table__,
        Membership.__table__,
        User.__table__,
        Organisation.__table__,
        Edition.__table__,
    ):
        db.session.execute(delete(table))


def _insert(table, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(table), rows)


def _insert_batch(batch: Batch) -> None:
    _insert(Event.__table__, batch.events)
    _insert(EventAudience.__table__, batch.audiences)
    _insert(event_coorganisers, batch.coorganisers)


def _refresh_planner_statistics() -> None:
    """PostgreSQL plans from table statistics, which a bulk load leaves empty until
    autovacuum comes by: measured with 20,000 events, a search's facet query took 59 ms
    before ANALYZE (the planner expected 1 row where 18,000 came) and 7 ms after. SQLite's
    plans were the same either way (bench/app_sql_ratio.py), so it is left as it is."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))


def _number(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _plural(n: int, word: str) -> str:
    return f"{_number(n)} {word}{'s' if n > 1 else ''}"


def summary(sizes: dict[int, int], n_orgs: int, votes: int | None = None) -> str:
    """'1 800 événements (édition 2026), 1 620 (édition 2025), 1 116 organisations';
    beyond three editions the older ones are summed: '… 26 272 (éditions 2008 à 2024), …';
    `votes` (when asked for) adds '…, 50 000 votes (édition 2026)'."""
    years = sorted(sizes, reverse=True)
    parts = [f"{_plural(sizes[years[0]], 'événement')} (édition {years[0]})"]
    if len(years) > 3:
        older = years[2:]
        parts.append(f"{_number(sizes[years[1]])} (édition {years[1]})")
        parts.append(f"{_number(sum(sizes[y] for y in older))} (éditions {older[-1]} à {older[0]})")
    else:
        parts += [f"{_number(sizes[y])} (édition {y})" for y in years[1:]]
    parts.append(_plural(n_orgs, "organisation"))
    if votes is not None:
        parts.append(f"{_plural(votes, 'vote')} (édition {years[0]})")
    return ", ".join(parts)
