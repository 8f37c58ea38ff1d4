"""Distances on the Earth's surface: the one haversine of the site (search by distance, its
tests and benchmarks), for one point or, with numpy, many."""

from __future__ import annotations

import math

import numpy

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180  # along a meridian, about 111.2 km


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_km_many(lat: float, lon: float, lats: numpy.ndarray, lons: numpy.ndarray) -> numpy.ndarray:
    """haversine_km from one point to many (arrays of degrees), the same formula computed by
    numpy: its sines may differ from math's in the last bit, so a caller that must agree
    with haversine_km exactly decides the points within a micrometre of its limit with it."""
    phi1, phi2 = math.radians(lat), numpy.radians(lats)
    a = (
        numpy.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * numpy.cos(phi2) * numpy.sin(numpy.radians(lons - lon) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * numpy.arcsin(numpy.minimum(1.0, numpy.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float | None]:
    """(lowest latitude, highest latitude, half-width in degrees of longitude or None when the
    circle reaches a pole): every point within `radius_km` of (lat, lon) lies inside. A
    prefilter only: the exact test is `haversine_km`."""
    dlat = radius_km / KM_PER_DEGREE * 1.000001 + 1e-9  # a margin for floating-point rounding
    low, high = lat - dlat, lat + dlat
    if low <= -90 or high >= 90:
        return low, high, None
    # The widest span in longitude of a spherical cap: asin(sin(r / R) / cos(latitude)).
    spread = math.sin(radius_km / EARTH_RADIUS_KM) / math.cos(math.radians(lat))
    dlon = math.degrees(math.asin(min(1.0, spread)))
    return low, high, dlon * 1.000001 + 1e-9


def longitude_gap(lon1: float, lon2: float) -> float:
    """Absolute difference of two longitudes in degrees, across the antimeridian too (numbers,
    or numpy arrays)."""
    gap = abs(lon1 - lon2) % 360
    return 180 - abs(180 - gap)  # min(gap, 360 - gap), in arithmetic alone
