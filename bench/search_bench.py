"""Server time of the event search with 20,000 events (in-process, no network).

Prints median and p95 over >= 200 requests for: the HTMX fragment (text + two filters),
the full search page, and the bare search service (to show what rendering costs).
Run: `make bench` or `.venv/bin/python bench/search_bench.py`.
"""

from __future__ import annotations

import itertools
import random
import time

from common import bench_app, summary

from app.events import params as params_mod
from app.events.search import search

WORDS = ["cooperative", "économie", "atelier", "emploi", "vélo", "solidaire", "jardin",
         "numérique", "association", "forum", "insertion", "débat", "marché", "énergie"]
THEMES = ["travailler", "consommer-acheter-manger", "entreprendre-epargner-et-investir",
          "participer-et-cooperer", "preserver", "s-evader"]
REGIONS = ["ile-de-france", "auvergne-rhone-alpes", "bretagne", "occitanie", "hauts-de-france",
           "nouvelle-aquitaine", "grand-est"]
N = 240


def timed(client, url, headers=None):
    started = time.perf_counter()
    response = client.get(url, headers=headers or {})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.data)


def main() -> None:
    app = bench_app()
    client = app.test_client()
    rng = random.Random(1)
    combos = [(rng.choice(WORDS), rng.choice(THEMES), rng.choice(REGIONS)) for _ in range(N)]
    for word, theme, region in combos[:10]:  # warm-up
        client.get(f"/evenements/?q={word}&theme={theme}&region={region}")

    fragment, sizes = [], []
    for word, theme, region in combos:
        t, size = timed(client, f"/evenements/?q={word}&theme={theme}&region={region}",
                        {"HX-Request": "true"})
        fragment.append(t)
        sizes.append(size)
    full = [timed(client, f"/evenements/?q={w}&theme={t}&region={r}")[0] for w, t, r in combos]
    unfiltered = [timed(client, "/evenements/", {"HX-Request": "true"})[0] for _ in range(N)]
    two_filters = [timed(client, f"/evenements/?theme={t}&region={r}", {"HX-Request": "true"})[0]
                   for _, t, r in combos]
    with app.test_request_context():
        from app import editions

        edition = editions.current_edition()
        service = []
        for word, theme, region in combos:
            p = params_mod.SearchParams(q=word, themes=(theme,), regions=(region,),
                                        sort="pertinence")
            started = time.perf_counter()
            search(p, edition.id)
            service.append(time.perf_counter() - started)

    print("Search with 20,000 events (SQLite, in-process test client)")
    print(summary("fragment: text + theme + region (HX-Request)", fragment))
    print(summary("full page: text + theme + region", full))
    print(summary("fragment: theme + region, no text", two_filters))
    print(summary("fragment: no filter at all", unfiltered))
    print(summary("search service alone (queries + facets)", service))
    print(f"fragment size: median {sorted(sizes)[len(sizes) // 2]:,} bytes")


if __name__ == "__main__":
    main()
