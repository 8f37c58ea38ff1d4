"""The one haversine of the site (app.geo.distance), its bounding box and longitude gap."""

from __future__ import annotations

import math
import random

import pytest

from app.geo.distance import EARTH_RADIUS_KM, bounding_box, haversine_km, longitude_gap


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((48.8566, 2.3522), (45.7640, 4.8357), 392.2),  # Paris – Lyon
        ((48.8566, 2.3522), (43.2965, 5.3698), 660.5),  # Paris – Marseille
        ((48.8566, 2.3522), (-20.8823, 55.4504), 9364.0),  # Paris – Saint-Denis de La Réunion
        ((41.9189, 8.7381), (42.7022, 9.4512), 105.1),  # Ajaccio – Bastia
    ],
)
def test_known_distances(a, b, km):
    assert haversine_km(*a, *b) == pytest.approx(km, rel=2e-3)
    assert haversine_km(*b, *a) == pytest.approx(haversine_km(*a, *b))


def test_zero_and_antipodes():
    assert haversine_km(45.0, 3.0, 45.0, 3.0) == 0
    assert haversine_km(10.0, 20.0, -10.0, -160.0) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def _destination(lat, lon, bearing, km):
    """The point `km` away from (lat, lon) along `bearing` (degrees), on the sphere."""
    d, t = km / EARTH_RADIUS_KM, math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(t))
    l2 = l1 + math.atan2(math.sin(t) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


def test_the_bounding_box_holds_every_point_of_the_circle():
    rng = random.Random(3)
    for _ in range(300):
        lat, lon, km = rng.uniform(-70, 70), rng.uniform(-180, 180), rng.choice((5, 10, 25, 50, 500))
        low, high, half_width = bounding_box(lat, lon, km)
        for bearing in range(0, 360, 3):
            plat, plon = _destination(lat, lon, bearing, km)
            assert haversine_km(lat, lon, plat, plon) == pytest.approx(km, rel=1e-9)
            assert low <= plat <= high
            assert longitude_gap(plon, lon) <= half_width


def test_a_circle_over_a_pole_has_no_longitude_box():
    assert bounding_box(89.9, 0, 50)[2] is None


def test_longitude_gap_across_the_antimeridian():
    assert longitude_gap(179.5, -179.5) == pytest.approx(1.0)
    assert longitude_gap(-61.5, 55.4) == pytest.approx(116.9)
