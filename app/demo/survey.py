"""Demo answers to the organisers' survey after the Month (app/organisers/services/survey.py),
so that the bilan shows its survey section.

For every edition since 2011 (the first online survey of the real bilans) whose Month ended
before `today`: each main organiser of an event on the programme is invited two days after
the Month, those who have not answered a week later are reminded, and about a quarter to
a third answer (393 answers for 23 % of the events in 2011), with a response rate that varies
by region. The answers follow the 2011 bilan's shape: three quarters satisfied, two thirds
reaching new audiences, half with new partners. Reproducible from the seed."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from app.demo.calendar import midnight_utc
from app.events import programme
from app.extensions import db
from app.models import Edition, Event, Organisation, SurveyAnswer, SurveyAnswerAudience, SurveyInvitation
from app.reference import catalog

FIRST_YEAR = 2011
SATISFACTION = {"tres-satisfait": 30, "satisfait": 47, "peu-satisfait": 17, "pas-satisfait": 6}
AGAIN = {"oui": 68, "peut-etre": 24, "non": 8}
# Audiences reached: weights of each (several per answer).
AUDIENCES = {
    "grand-public": 80,
    "jeunes": 30,
    "scolaires-etudiants": 18,
    "professionnels-ess": 45,
    "militants-ess": 25,
    "porteurs-de-projets": 15,
    "institutionnels-elus": 22,
    "demandeurs-emploi-salaries": 12,
}
MEDIA = (
    "Ouest-France",
    "La Dépêche du Midi",
    "Le Progrès",
    "France Bleu",
    "France 3 Régions",
    "Sud Ouest",
    "La Voix du Nord",
    "le bulletin municipal",
    "une radio associative locale",
    "Alternatives économiques",
)
COMMENTS = (
    "Un beau moment d'échanges avec des habitants que nous ne connaissions pas.",
    "Il faudrait annoncer le programme plus tôt dans la presse locale.",
    "Merci à la CRESS pour l'accompagnement et les affiches.",
    "Peu de monde malgré une bonne communication : la date tombait mal.",
    "Nous avons noué deux partenariats durables grâce au Mois.",
)


def build(seed: int, today: date, current_year: int) -> int:
    """Insert invitations and answers; return the number of answers."""
    editions = db.session.scalars(
        select(Edition).where(Edition.year >= FIRST_YEAR, Edition.year <= current_year).order_by(Edition.year)
    ).all()
    answer_id = 1
    for edition in editions:
        if edition.month_end >= today:
            continue
        answer_id = _edition(random.Random(f"{seed}:survey:{edition.year}"), edition, answer_id)
    return answer_id - 1


def _edition(rng: random.Random, edition: Edition, answer_id: int) -> int:
    organisers = db.session.execute(
        select(Organisation.id, Organisation.region_id, Organisation.contact_email)
        .where(Organisation.id.in_(select(Event.organiser_id).where(*programme.on_programme(edition.id))))
        .order_by(Organisation.id)
    ).all()
    invited_at = midnight_utc(edition.month_end + timedelta(days=2)) + timedelta(hours=9)
    reminded_at = invited_at + timedelta(days=7)
    base = rng.uniform(0.24, 0.34)
    region_rate: dict[int, float] = {}
    invitations, answers, audiences = [], [], []
    for org_id, region_id, email in organisers:
        rate = region_rate.setdefault(region_id, min(0.9, base * rng.uniform(0.6, 1.5)))
        answered = rng.random() < rate
        after_reminder = answered and rng.random() < 0.35
        invitations.append(
            {
                "edition_id": edition.id,
                "organisation_id": org_id,
                "email": email or f"contact-{org_id}@demo.lemois-ess.fr",
                "invited_at": invited_at,
                "reminded_at": reminded_at if (not answered or after_reminder) else None,
            }
        )
        if not answered:
            continue
        at = (reminded_at if after_reminder else invited_at) + timedelta(minutes=rng.randrange(5 * 24 * 60))
        answers.append(_answer(rng, answer_id, edition.id, org_id, at))
        audiences += [
            {"answer_id": answer_id, "code": code}
            for code in _sample(rng, AUDIENCES, rng.choice((1, 2, 2, 3, 4)))
        ]
        answer_id += 1
    for table, rows in (
        (SurveyInvitation.__table__, invitations),
        (SurveyAnswer.__table__, answers),
        (SurveyAnswerAudience.__table__, audiences),
    ):
        if rows:
            db.session.execute(insert(table), rows)
    return answer_id


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _sample(rng: random.Random, weights: dict[str, int], n: int) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < n:
        code = _pick(rng, weights)
        if code not in chosen:
            chosen.append(code)
    return sorted(chosen, key=catalog.codes(catalog.AUDIENCES).index)


def _answer(rng: random.Random, answer_id: int, edition_id: int, org_id: int, at: datetime) -> dict:
    partners = rng.choices((0, 1, rng.randint(2, 5), rng.randint(6, 15)), weights=(22, 25, 40, 13))[0]
    press = rng.random() < 0.45
    return {
        "id": answer_id,
        "edition_id": edition_id,
        "organisation_id": org_id,
        "satisfaction": _pick(rng, SATISFACTION),
        "partners": partners,
        "partner_names": "",
        "press": press,
        "press_media": ", ".join(rng.sample(MEDIA, rng.randint(1, 2))) if press else "",
        "again": _pick(rng, AGAIN),
        "comment": rng.choice(COMMENTS) if rng.random() < 0.2 else "",
        "created_at": at,
        "updated_at": at,
    }
