"""Server time of the suggestions shown while typing in the search box, 20,000 events.

Prints, in one run: the /healthz floor, then the suggestions fragment (HX-Request) for
distinct prefixes typed letter by letter (communes, organisers, themes, titles), the same
service call alone, and the catalogue's build (once per generation of public content).
The whole-page cache is off (PAGE_CACHE_TIMEOUT=0): every request is computed.
Budget (issue 13): <= 30 ms server time per suggestion request.
Run: `.venv/bin/python bench/suggest_bench.py`.
"""

from __future__ import annotations

import random
import time

from common import bench_app, summary

from app import editions
from app.events import suggestions

WORDS = [
    "coopérative",
    "économie sociale",
    "atelier vélo",
    "saint-étienne",
    "association",
    "marseille",
    "jardin partagé",
    "recyclerie",
    "insertion",
    "numérique",
    "lyon",
    "mutuelle",
    "tiers-lieu",
    "forum",
    "repair café",
    "bordeaux",
    "fondation",
    "énergie",
    "consommer",
    "éduquer",
]


def prefixes(rng: random.Random, n: int) -> list[str]:
    """Distinct prefixes of 2+ letters, as typed."""
    found = {w[:k] for w in WORDS for k in range(2, len(w) + 1)}
    return rng.sample(sorted(found), min(n, len(found)))


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> None:
    app = bench_app(CACHE_TYPE="SimpleCache", PAGE_CACHE_TIMEOUT=0)
    rng = random.Random(13)
    queries = prefixes(rng, 200)
    client = app.test_client()
    headers = {"HX-Request": "true"}
    for _ in range(50):
        client.get("/healthz")
    floor = [timed(lambda: client.get("/healthz")) for _ in range(300)]
    with app.app_context():
        edition_id = editions.current_edition().id
        build = [timed(lambda: suggestions.build(edition_id)) for _ in range(5)]
        suggestions.catalogue(edition_id)  # warm: the generation does not change here
        service = [timed(lambda q=q: suggestions.suggest(q, edition_id)) for q in queries]
        sizes = [suggestions.suggest(q, edition_id).count for q in queries]
    client.get("/evenements/suggestions?q=co", headers=headers)
    fragment = [
        timed(lambda q=q: client.get(f"/evenements/suggestions?q={q}", headers=headers)) for q in queries
    ]
    print("Suggestions while typing, 20,000 events (SQLite, in-process test client)")
    print(summary("/healthz (floor)", floor))
    print(summary("suggestions fragment, distinct prefixes", fragment))
    print(summary("suggest() service alone", service))
    print(summary("catalogue build (once per generation)", build))
    ratio = sorted(fragment)[len(fragment) // 2] / sorted(floor)[len(floor) // 2]
    print(
        f"fragment median / floor median: {ratio:.1f}x; suggestions per answer: median "
        f"{sorted(sizes)[len(sizes) // 2]}, max {max(sizes)}"
    )


if __name__ == "__main__":
    main()
