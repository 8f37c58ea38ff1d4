"""The bilan's survey section: response rate and one table per question, national and
regional, computed from answers whose figures are counted by hand below.

Edition 2026 — invited: b1 b2 b3 b4 (Bretagne), o1 o2 (Occitanie); o3 (Occitanie) answered
from its space without an invitation (counted as invited: 7).
  b1  tres-satisfait  grand-public, jeunes   0 partners  press    oui
  b2  satisfait       grand-public           3           no press peut-etre
  o1  peu-satisfait   jeunes                 7           press    non
  o3  satisfait       professionnels-ess     1           no press oui
An answer of edition 2025 (b3) is never counted in 2026."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.bilan import report as reports
from app.bilan import survey
from app.common.numbers import NBSP
from app.extensions import db
from app.models import SurveyAnswer, SurveyInvitation
from tests import factories as f
from tests.helpers import body

NOW = datetime(2026, 12, 10)


def _answer(edition, org, satisfaction, audiences, partners, press, again):
    answer = SurveyAnswer(
        edition_id=edition.id,
        organisation_id=org.id,
        satisfaction=satisfaction,
        partners=partners,
        press=press,
        press_media="Ouest-France" if press else "",
        again=again,
        comment="Confidentiel",
        created_at=NOW,
        updated_at=NOW,
    )
    answer.audiences = audiences
    db.session.add(answer)


@pytest.fixture()
def answers(app):
    current, previous = f.edition(2026), f.edition(2025)
    orgs = {name: f.organisation(name, region_slug="bretagne") for name in ("b1", "b2", "b3", "b4")}
    orgs |= {name: f.organisation(name, region_slug="occitanie") for name in ("o1", "o2", "o3")}
    for name in ("b1", "b2", "b3", "b4", "o1", "o2"):
        db.session.add(
            SurveyInvitation(
                edition_id=current.id, organisation_id=orgs[name].id, email="x@y.fr", invited_at=NOW
            )
        )
    _answer(current, orgs["b1"], "tres-satisfait", ["grand-public", "jeunes"], 0, True, "oui")
    _answer(current, orgs["b2"], "satisfait", ["grand-public"], 3, False, "peut-etre")
    _answer(current, orgs["o1"], "peu-satisfait", ["jeunes"], 7, True, "non")
    _answer(current, orgs["o3"], "satisfait", ["professionnels-ess"], 1, False, "oui")
    _answer(previous, orgs["b3"], "pas-satisfait", ["jeunes"], 50, True, "non")
    db.session.commit()
    return current


def _rows(section, key, column="reponses"):
    table = next(t for t in section.tables if t.key == key)
    return {row["code"]: row[column] for row in table.rows}


def test_national_section_counts_every_answer(answers):
    section = survey.section(answers.id)
    assert section.paragraphs[0] == f"4 réponses sur 7 organisateurs invités, soit 57,1{NBSP}%."
    assert section.paragraphs[1] == (
        f"75,0{NBSP}% des organisateurs ayant répondu sont satisfaits ou très satisfaits "
        "de leur participation."
    )
    assert section.paragraphs[2] == (
        "11 partenaires associés aux manifestations, soit 2,8 en moyenne par organisateur ayant répondu."
    )
    assert _rows(section, "enquete-satisfaction") == {
        "tres-satisfait": 1,
        "satisfait": 2,
        "peu-satisfait": 1,
        "pas-satisfait": 0,
    }
    assert _rows(section, "enquete-satisfaction", "part_pct")["satisfait"] == 50.0
    publics = _rows(section, "enquete-publics")
    assert (
        publics["grand-public"],
        publics["jeunes"],
        publics["professionnels-ess"],
        publics["militants-ess"],
    ) == (
        2,
        2,
        1,
        0,
    )
    assert _rows(section, "enquete-partenaires") == {"aucun": 1, "un": 1, "2-5": 1, "plus-de-5": 1}
    assert _rows(section, "enquete-presse") == {"oui": 2, "non": 2}
    assert _rows(section, "enquete-participation") == {"oui": 2, "peut-etre": 1, "non": 1}
    regions = next(t for t in section.tables if t.key == "enquete-regions")
    by_region = {r["code"]: (r["invites"], r["reponses"], r["taux_reponse_pct"]) for r in regions.rows}
    assert by_region["bretagne"] == (4, 2, 50.0)
    assert by_region["occitanie"][:2] == (3, 2) and round(by_region["occitanie"][2], 1) == 66.7
    assert by_region["normandie"] == (0, 0, None)


def test_regional_section_counts_the_region_organisations_only(answers):
    bretagne = f.region("bretagne")
    section = survey.section(answers.id, bretagne.id)
    assert section.paragraphs[0] == f"2 réponses sur 4 organisateurs invités, soit 50,0{NBSP}%."
    assert _rows(section, "enquete-satisfaction") == {
        "tres-satisfait": 1,
        "satisfait": 1,
        "peu-satisfait": 0,
        "pas-satisfait": 0,
    }
    assert _rows(section, "enquete-partenaires") == {"aucun": 1, "un": 0, "2-5": 1, "plus-de-5": 0}
    assert "enquete-regions" not in [t.key for t in section.tables]
    response = survey.response(answers.id, f.region("occitanie").id)
    assert (response.answers, response.invited) == (2, 3)


def test_an_edition_without_survey_says_so(answers):
    previous = f.edition(2024)
    db.session.commit()
    section = survey.section(previous.id)
    assert section.tables == []
    assert "n'a pas encore eu lieu" in section.paragraphs[0]


def test_bilan_page_pdf_data_show_the_section(client, answers):
    html = body(client.get("/bilan/2026/"))
    assert "L'enquête auprès des organisateurs" in html
    assert "4 réponses sur 7 organisateurs invités, soit 57,1" in html
    assert "Satisfaction des organisateurs" in html and "Taux de réponse à l'enquête par région" in html
    assert "Confidentiel" not in html and "Ouest-France" not in html  # counts only
    regional = body(client.get("/bilan/2026/regions/bretagne/"))
    assert "2 réponses sur 4 organisateurs invités, soit 50,0" in regional
    csv = client.get("/bilan/2026/donnees/enquete-satisfaction.csv").get_data(as_text=True)
    assert csv.splitlines()[0] == "\ufeffcode;libelle;reponses;part_pct"
    assert "satisfait;Plutôt satisfait;2;50,0" in csv
    assert reports.build(answers).table("enquete-presse").rows[0]["reponses"] == 2
