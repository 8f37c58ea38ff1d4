"""The bilan's section on the organisers' survey after the Month (as in the 2011 and 2017
bilans): the response rate, then one table per question, nationally or for one region.

Whom it counts: an organisation belongs to the region of its profile. "Invited" are the
organisations invited by e-mail, plus any that answered without an invitation (from their
space), so that the answers are always a part of the invited. Comments and the names of
media or partners are never shown: only counts."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import String, case, cast, func, literal_column, select, union, union_all

from app.bilan.format import decimal_fr, percent_fr, share
from app.bilan.report import Column, Section, Table
from app.extensions import db
from app.models import Organisation, Region, SurveyAnswer, SurveyAnswerAudience, SurveyInvitation
from app.reference import catalog

# Number of partners: upper bounds (inclusive) of the brackets; the last is "more than 5".
PARTNER_BUCKETS = (("aucun", 0), ("un", 1), ("2-5", 5), ("plus-de-5", None))


@dataclass(frozen=True)
class Response:
    answers: int
    invited: int

    @property
    def rate(self) -> float | None:
        return share(self.answers, self.invited)


def _organisations(region_id: int | None):
    query = select(Organisation.id)
    return query.where(Organisation.region_id == region_id) if region_id is not None else query


def _surveyed(edition_id: int):
    """Organisation ids invited or having answered (a union: each once)."""
    return union(
        select(SurveyInvitation.organisation_id.label("organisation_id")).where(
            SurveyInvitation.edition_id == edition_id
        ),
        select(SurveyAnswer.organisation_id).where(SurveyAnswer.edition_id == edition_id),
    ).subquery()


def response(edition_id: int, region_id: int | None = None) -> Response:
    surveyed = _surveyed(edition_id)
    invited = (
        select(func.count())
        .select_from(surveyed)
        .where(surveyed.c.organisation_id.in_(_organisations(region_id)))
    )
    answers = select(func.count(SurveyAnswer.id)).where(
        SurveyAnswer.edition_id == edition_id, SurveyAnswer.organisation_id.in_(_organisations(region_id))
    )
    row = db.session.execute(select(answers.scalar_subquery(), invited.scalar_subquery())).one()
    return Response(answers=int(row[0]), invited=int(row[1]))


def counts(edition_id: int, region_id: int | None = None) -> dict[str, dict[str, int]]:
    """{question: {code: answers}} for satisfaction, audiences, partners (brackets), press,
    again, in one statement."""
    answers = (
        select(SurveyAnswer)
        .where(
            SurveyAnswer.edition_id == edition_id, SurveyAnswer.organisation_id.in_(_organisations(region_id))
        )
        .cte("answers")
    )
    whens = [(answers.c.partners <= bound, code) for code, bound in PARTNER_BUCKETS if bound is not None]
    bucket = case(*whens, else_=PARTNER_BUCKETS[-1][0])
    press = case((answers.c.press, "oui"), else_="non")

    def part(name: str, key, source=answers):
        return (
            select(
                literal_column(f"'{name}'").label("q"), cast(key, String).label("k"), func.count().label("n")
            )
            .select_from(source)
            .group_by(key)
        )

    audiences = answers.join(SurveyAnswerAudience, SurveyAnswerAudience.answer_id == answers.c.id)
    statement = union_all(
        part("satisfaction", answers.c.satisfaction),
        part("audiences", SurveyAnswerAudience.code, audiences),
        part("partners", bucket),
        part("press", press),
        part("again", answers.c.again),
    )
    result: dict[str, dict[str, int]] = {
        q: {} for q in ("satisfaction", "audiences", "partners", "press", "again")
    }
    for question, key, n in db.session.execute(statement):
        result[question][key] = int(n)
    return result


def partners_total(edition_id: int, region_id: int | None = None) -> int:
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(SurveyAnswer.partners), 0)).where(
                SurveyAnswer.edition_id == edition_id,
                SurveyAnswer.organisation_id.in_(_organisations(region_id)),
            )
        )
    )


def _table(
    key: str, title: str, choices, counted: dict, answers: int, chart: str = "bar", note: str = ""
) -> Table:
    rows = [
        {
            "code": c.code,
            "libelle": str(c.label),
            "reponses": counted.get(c.code, 0),
            "part_pct": share(counted.get(c.code, 0), answers),
        }
        for c in choices
    ]
    return Table(
        key,
        title,
        [
            Column("code", _("Code"), "text"),
            Column("libelle", _("Réponse"), "text"),
            Column("reponses", _("Organisateurs")),
            Column("part_pct", _("Part des réponses (%)"), "pct"),
        ],
        rows,
        chart=chart,
        value="reponses",
        note=note,
    )


def _region_table(edition_id: int) -> Table:
    """Response per region (national report): organisations invited, answers, rate."""
    surveyed = _surveyed(edition_id)
    invited = dict(
        db.session.execute(
            select(Organisation.region_id, func.count())
            .select_from(surveyed)
            .join(Organisation, Organisation.id == surveyed.c.organisation_id)
            .group_by(Organisation.region_id)
        ).all()
    )
    answered = dict(
        db.session.execute(
            select(Organisation.region_id, func.count())
            .select_from(SurveyAnswer)
            .join(Organisation, Organisation.id == SurveyAnswer.organisation_id)
            .where(SurveyAnswer.edition_id == edition_id)
            .group_by(Organisation.region_id)
        ).all()
    )
    rows = [
        {
            "code": r.slug,
            "libelle": r.name,
            "invites": invited.get(r.id, 0),
            "reponses": answered.get(r.id, 0),
            "taux_reponse_pct": share(answered.get(r.id, 0), invited.get(r.id, 0)),
        }
        for r in db.session.scalars(select(Region).order_by(Region.name))
    ]
    return Table(
        "enquete-regions",
        _("Taux de réponse à l'enquête par région"),
        [
            Column("code", _("Code"), "text"),
            Column("libelle", _("Région"), "text"),
            Column("invites", _("Organisateurs invités")),
            Column("reponses", _("Réponses")),
            Column("taux_reponse_pct", _("Taux de réponse (%)"), "pct"),
        ],
        rows,
        chart="bar",
        value="taux_reponse_pct",
    )


def response_sentence(r: Response) -> str:
    """« 393 réponses sur 1 712 organisateurs invités, soit 23,0 % »."""
    return ngettext(
        "%(n)s réponse sur %(m)s organisateurs invités, soit %(rate)s.",
        "%(n)s réponses sur %(m)s organisateurs invités, soit %(rate)s.",
        r.answers,
        n=decimal_fr(r.answers, 0),
        m=decimal_fr(r.invited, 0),
        rate=percent_fr(r.rate),
    )


def section(edition_id: int, region_id: int | None = None) -> Section:
    r = response(edition_id, region_id)
    result = Section("enquete", _("L'enquête auprès des organisateurs"))
    if not r.invited:
        result.paragraphs.append(
            _(
                "L'enquête auprès des organisateurs n'a pas encore eu lieu pour cette édition : "
                "elle suit le Mois."
            )
        )
        return result
    result.paragraphs.append(response_sentence(r))
    if not r.answers:
        return result
    c = counts(edition_id, region_id)
    satisfied = c["satisfaction"].get("tres-satisfait", 0) + c["satisfaction"].get("satisfait", 0)
    total_partners = partners_total(edition_id, region_id)
    result.paragraphs += [
        _(
            "%(rate)s des organisateurs ayant répondu sont satisfaits ou très satisfaits de leur "
            "participation.",
            rate=percent_fr(share(satisfied, r.answers)),
        ),
        ngettext(
            "%(n)s partenaire associé aux manifestations, soit %(mean)s en moyenne par organisateur "
            "ayant répondu.",
            "%(n)s partenaires associés aux manifestations, soit %(mean)s en moyenne par organisateur "
            "ayant répondu.",
            total_partners,
            n=decimal_fr(total_partners, 0),
            mean=decimal_fr(total_partners / r.answers),
        ),
    ]
    partner_choices = [
        catalog.Choice("aucun", _("Aucun partenaire")),
        catalog.Choice("un", _("Un partenaire")),
        catalog.Choice("2-5", _("De 2 à 5 partenaires")),
        catalog.Choice("plus-de-5", _("Plus de 5 partenaires")),
    ]
    press = [catalog.Choice("oui", _("Oui")), catalog.Choice("non", _("Non"))]
    result.tables = [
        _table(
            "enquete-satisfaction",
            _("Satisfaction des organisateurs"),
            catalog.SURVEY_SATISFACTION,
            c["satisfaction"],
            r.answers,
        ),
        _table(
            "enquete-publics",
            _("Publics touchés selon les organisateurs"),
            catalog.AUDIENCES,
            c["audiences"],
            r.answers,
            note=_("Plusieurs réponses possibles : les parts ne totalisent pas 100 %."),
        ),
        _table(
            "enquete-partenaires",
            _("Partenaires associés par organisateur"),
            partner_choices,
            c["partners"],
            r.answers,
            chart="columns",
        ),
        _table(
            "enquete-presse", _("Retombées dans la presse et les médias"), press, c["press"], r.answers, "pie"
        ),
        _table(
            "enquete-participation",
            _("Participeront au prochain Mois de l'ESS"),
            catalog.SURVEY_AGAIN,
            c["again"],
            r.answers,
            "pie",
        ),
    ]
    if region_id is None:
        result.tables.append(_region_table(edition_id))
    return result
