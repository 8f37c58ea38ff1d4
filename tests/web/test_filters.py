from datetime import datetime

from app.web.filters import date_fr, datetime_fr, span_fr


def test_french_datetime_in_paris_time():
    # 13:30 UTC in November is 14:30 in Paris (UTC+1).
    assert datetime_fr(datetime(2026, 11, 14, 13, 30)) == "samedi 14 novembre 2026, 14 h 30"
    assert datetime_fr(datetime(2026, 11, 14, 13, 0)) == "samedi 14 novembre 2026, 14 h"


def test_summer_time_and_overseas_time_zones():
    assert datetime_fr(datetime(2026, 6, 20, 12, 0)) == "samedi 20 juin 2026, 14 h"
    assert datetime_fr(datetime(2026, 11, 14, 13, 30), "Indian/Reunion") == "samedi 14 novembre 2026, 17 h 30"
    assert (
        datetime_fr(datetime(2026, 11, 14, 13, 30), "America/Martinique") == "samedi 14 novembre 2026, 9 h 30"
    )


def test_spans():
    assert (
        span_fr(datetime(2026, 11, 14, 13, 30), datetime(2026, 11, 14, 16, 0))
        == "samedi 14 novembre 2026, de 14 h 30 à 17 h"
    )
    assert (
        span_fr(datetime(2026, 11, 14, 8), datetime(2026, 11, 15, 16))
        == "du samedi 14 novembre 2026, 9 h au dimanche 15 novembre 2026, 17 h"
    )


def test_date_patterns():
    assert date_fr(datetime(2026, 10, 31, 23, 30)) == "dimanche 1er novembre 2026"
    assert date_fr(datetime(2026, 11, 10, 12), "d MMMM") == "10 novembre"
