"""app.common.urls.query_string: exactly urlencode's string, pairs remembered."""

from __future__ import annotations

import random
from urllib.parse import urlencode

import pytest

from app.common.urls import query_string

VALUES = [
    "coopérative",
    "l'emploi",
    "a&b=c",
    "éco habitat",
    "35000",
    "2026-11-05",
    "x/y?z",
    "50%",
    "œuvre",
    "",
    7,
]


@pytest.mark.parametrize("safe", ["", "!$'()*,/:;?@"])
def test_the_same_string_as_urlencode(safe):
    rng = random.Random(4)
    for _ in range(300):
        items = [
            (rng.choice(["q", "theme", "région", "page", "a b"]), rng.choice(VALUES))
            for _ in range(rng.randrange(6))
        ]
        assert query_string(items, safe=safe) == urlencode(items, safe=safe)
        assert query_string(items, safe=safe) == urlencode(items, safe=safe)  # remembered, same
