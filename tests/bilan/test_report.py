"""The report built from the queries: shares, per 100,000, extrapolation, growth, zeros."""

from __future__ import annotations

import pytest

from app.bilan import report as reports
from app.bilan.format import change, percent_fr
from tests import factories as f


@pytest.fixture()
def national(app, dataset):
    with app.test_request_context():
        yield reports.build(dataset.current)


def _rows(report, key, by="code"):
    return {row[by]: row for row in report.table(key).rows}


def test_key_figures_with_extrapolated_participants(national):
    figures = {fig.code: fig for fig in national.figures}
    assert figures["evenements"].value == 6
    assert "1 manifestation annulée non comptée" in figures["evenements"].note
    assert figures["participants-declares"].value == 290
    assert national.mean_attendance == 58  # 290 / 5 declared
    assert figures["participants-estimes"].value == 348  # 58 x 6 events, labelled as such
    assert "estimation" in figures["participants-estimes"].note
    assert figures["regions-engagees"].value == 2
    assert figures["collectivites-organisatrices"].value == 1
    assert figures["collectivites-organisatrices"].note == "2 manifestations"


def test_prize_figures_count_candidacies_and_published_votes(national):
    figures = {fig.code: fig.value for fig in national.figures}
    for code in ("candidatures-prix", "preselectionnes-prix", "laureats-prix"):
        assert figures[code] == 0
    assert figures["votes-impact-local"] == 0  # the 2026 vote closed on 15 October, no vote cast


def test_regions_per_100000_inhabitants_and_regions_without_events(national):
    rows = _rows(national, "regions")
    assert len(rows) == 18
    bretagne = rows["bretagne"]
    assert bretagne["evenements"] == 5
    assert bretagne["population"] == 3_449_370
    assert bretagne["pour_100000_habitants"] == pytest.approx(0.144954, abs=1e-6)
    assert rows["corse"]["evenements"] == 0 and rows["corse"]["pour_100000_habitants"] == 0
    assert national.table("regions").rows[0]["code"] == "bretagne"  # most events first


def test_theme_table_has_both_counts(national):
    rows = _rows(national, "thematiques")
    assert len(rows) == 10
    assert rows["travailler"]["evenements_theme_principal"] == 4
    assert rows["participer-et-cooperer"]["evenements_theme_principal"] == 0
    assert rows["participer-et-cooperer"]["evenements"] == 1
    assert rows["travailler"]["part_pct"] == pytest.approx(400 / 6)


def test_categories_audience_shares_and_attendance_shares(national):
    categories = _rows(national, "categories")
    assert {k: r["evenements"] for k, r in categories.items()} == {
        "informative": 4,
        "festive": 1,
        "decouverte": 1,
    }
    audiences = _rows(national, "publics")
    assert audiences["grand-public"]["part_pct"] == pytest.approx(500 / 6)
    assert audiences["militants-ess"]["evenements"] == 0
    buckets = _rows(national, "participants")
    assert buckets["20-50"]["part_pct"] == pytest.approx(40.0)  # 2 of 5 declared
    assert "En moyenne 1,2 publics visés par manifestation." in national.sections[1].paragraphs


def test_growth_table_and_sentences(national):
    growth = _rows(national, "progression", by="annee")
    assert [y for y in growth] == [2023, 2024, 2025, 2026]
    assert growth[2024]["evolution_evenements_pct"] == pytest.approx(-100)
    assert growth[2025]["evolution_evenements_pct"] is None  # from 0 events
    assert growth[2026]["evolution_evenements_pct"] == pytest.approx(50)
    assert growth[2026]["evolution_organisateurs_pct"] == pytest.approx(100)
    assert national.sections[0].paragraphs == [
        "+200,0\u00a0% de manifestations entre 2023 et 2026 (et +50,0\u00a0% entre 2025 et 2026).",
        "+300,0\u00a0% d'organisateurs principaux entre 2023 et 2026 (et +100,0\u00a0% entre 2025 et 2026).",
    ]


def test_region_report_lists_its_departements_with_zeros(app, dataset):
    with app.test_request_context():
        report = reports.build(dataset.current, f.region("bretagne"))
    rows = _rows(report, "departements")
    assert {k: r["evenements"] for k, r in rows.items()} == {"22": 0, "29": 1, "35": 3, "56": 1}
    assert report.table("regions") is None
    assert "regions-engagees" not in {fig.code for fig in report.figures}


def test_empty_edition_report(app, dataset):
    with app.test_request_context():
        report = reports.build(dataset.empty)
    figures = {fig.code: fig.value for fig in report.figures}
    assert figures["evenements"] == 0
    assert figures["participants-estimes"] is None
    assert all(r["part_pct"] is None for r in report.table("thematiques").rows)


def test_french_growth_percentages():
    assert percent_fr(change(1513, 1732), signed=True) == "+14,5\u00a0%"  # 2010 -> 2011
    assert percent_fr(change(950, 1732), signed=True) == "+82,3\u00a0%"
    assert percent_fr(change(1800, 1250), signed=True) == "-30,6\u00a0%"
    assert percent_fr(12.345) == "12,3\u00a0%"
    assert percent_fr(None) == "—" and change(0, 5) is None
