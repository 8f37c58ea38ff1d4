"""SQL aggregations against hand-computed figures (see conftest.py for the dataset)."""

from __future__ import annotations

from app.bilan import queries
from tests import factories as f


def test_totals_count_published_events_that_were_not_cancelled(dataset):
    t = queries.totals(dataset.current.id)
    assert t.events == 6  # e7 cancelled and e8 submitted are left out
    assert t.cancelled == 1
    assert t.organisers == 4
    assert t.coorganised == 2  # e3 (registered co-organiser) and e5 (free text)
    assert (t.attendance_declared, t.participants) == (5, 20 + 50 + 100 + 101 + 19)
    assert t.regions == 2
    assert t.partner_week == 2


def test_totals_of_one_region(dataset):
    t = queries.totals(dataset.current.id, f.region("bretagne").id)
    assert (t.events, t.organisers, t.participants, t.regions) == (5, 3, 271, 1)
    assert t.cancelled == 1


def test_empty_edition_gives_zeros(dataset):
    t = queries.totals(dataset.empty.id)
    assert (t.events, t.organisers, t.coorganised, t.participants, t.regions) == (0, 0, 0, 0, 0)
    counts = queries.breakdowns(dataset.empty.id)
    assert all(values == {} for values in counts.values())
    assert queries.events_by_any_theme(counts) == {}


def test_event_with_two_themes_counts_once_in_each(dataset):
    ids = {t: f.theme(t).id for t in ("travailler", "participer-et-cooperer", "preserver", "se-loger")}
    counts = queries.breakdowns(dataset.current.id)
    main = counts["theme_id"]
    anywhere = queries.events_by_any_theme(counts)
    assert main == {ids["travailler"]: 4, ids["preserver"]: 1, ids["se-loger"]: 1}
    assert anywhere == {
        ids["travailler"]: 4,
        ids["participer-et-cooperer"]: 1,
        ids["preserver"]: 1,
        ids["se-loger"]: 1,
    }
    assert sum(main.values()) == 6 and sum(anywhere.values()) == 7


def test_attendance_brackets_boundaries(dataset):
    # 19 -> under 20; 20 and 50 -> 20 to 50; 100 -> 51 to 100; 101 -> over 100
    assert queries.breakdowns(dataset.current.id)["bucket"] == {
        "moins-de-20": 1,
        "20-50": 2,
        "51-100": 1,
        "plus-de-100": 1,
    }


def test_breakdowns_by_place_kind_audience_scale_and_week(dataset):
    bretagne = f.region("bretagne")
    counts = queries.breakdowns(dataset.current.id)
    assert counts["region_id"] == {bretagne.id: 5, f.region("occitanie").id: 1}
    assert counts["kind"] == {"debat": 2, "marche": 1, "portes-ouvertes": 1, "atelier": 2}
    assert counts["audience"] == {"grand-public": 5, "jeunes": 1, "professionnels-ess": 1}
    assert counts["scale"] == {"locale": 5, "regionale": 1}
    assert counts["partner_week"] == {"solidarite-internationale": 1, "finance-solidaire": 1}
    in_bretagne = queries.breakdowns(dataset.current.id, bretagne.id)
    assert in_bretagne["departement_code"] == {"29": 1, "35": 3, "56": 1}
    assert in_bretagne["bucket"] == {"20-50": 2, "51-100": 1, "plus-de-100": 1}


def test_organisers_by_family_sector_size_and_events_by_family(dataset):
    counts = queries.breakdowns(dataset.current.id)
    assert counts["organisers_family"] == {"association": 2, "collectivite": 1, "mutuelle": 1}
    assert counts["events_family"] == {"association": 3, "collectivite": 2, "mutuelle": 1}
    assert counts["organisers_sector"] == {
        "insertion": 1,
        "environnement": 1,
        "action-sociale": 1,
        "sante": 1,
    }
    assert counts["organisers_employees"] == {"1-9": 1, "0": 1, "250+": 1, "50-249": 1}


def test_editions_up_to_a_year_include_empty_ones(dataset):
    rows = queries.editions_up_to(2026)
    assert [(r.year, r.events, r.organisers) for r in rows] == [
        (2023, 2, 1),
        (2024, 0, 0),
        (2025, 4, 2),
        (2026, 6, 4),
    ]
    assert [r.year for r in queries.editions_up_to(2025)] == [2023, 2024, 2025]
    occitanie = queries.editions_up_to(2026, f.region("occitanie").id)
    assert [(r.year, r.events) for r in occitanie] == [(2023, 0), (2024, 0), (2025, 0), (2026, 1)]
