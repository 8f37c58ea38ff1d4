"""Server time of the event search with 20,000 events (in-process, no network).

Prints median and p95 over >= 200 requests for: the HTMX fragment (text + two filters),
the full search page, and the bare search service (to show what rendering costs); then,
for each kind of request, the number of SQL statements and the time spent executing them
(SQLAlchemy cursor events) beside the whole request time.
Run: `make bench` or `.venv/bin/python bench/search_bench.py`.
"""

from __future__ import annotations

import random
import time

from common import SqlMeter, bench_app, sql_summary, summary

from app.events import params as params_mod
from app.events.search import search

WORDS = [
    "cooperative",
    "économie",
    "atelier",
    "emploi",
    "vélo",
    "solidaire",
    "jardin",
    "numérique",
    "association",
    "forum",
    "insertion",
    "débat",
    "marché",
    "énergie",
]
THEMES = [
    "travailler",
    "consommer-acheter-manger",
    "entreprendre-epargner-et-investir",
    "participer-et-cooperer",
    "preserver",
    "s-evader",
]
REGIONS = [
    "ile-de-france",
    "auvergne-rhone-alpes",
    "bretagne",
    "occitanie",
    "hauts-de-france",
    "nouvelle-aquitaine",
    "grand-est",
]
N = 240


class Recorder:
    """Times requests and records the SQL statements each one runs."""

    def __init__(self, client, meter: SqlMeter):
        self.client = client
        self.meter = meter
        self.queries: dict[str, tuple[list[int], list[float], list[float]]] = {}

    def get(self, label: str, url: str, headers=None) -> tuple[float, int]:
        self.meter.take()
        started = time.perf_counter()
        response = self.client.get(url, headers=headers or {})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        self.record(label, elapsed)
        return elapsed, len(response.data)

    def record(self, label: str, elapsed: float) -> None:
        count, sql = self.meter.take()
        counts, sql_times, totals = self.queries.setdefault(label, ([], [], []))
        counts.append(count)
        sql_times.append(sql)
        totals.append(elapsed)


FRAGMENT = "fragment: text + theme + region (HX-Request)"
FULL = "full page: text + theme + region"
TWO_FILTERS = "fragment: theme + region, no text"
UNFILTERED = "fragment: no filter at all"
SERVICE = "search service alone (queries + facets)"


def main() -> None:
    # A cache that keeps the generation of public content (NullCache gives a new one, so a new
    # search snapshot, to every request: it measured rebuilds); no whole-page cache.
    app = bench_app(CACHE_TYPE="SimpleCache", PAGE_CACHE_TIMEOUT=0)
    client = app.test_client()
    with app.app_context():
        from app.extensions import db

        recorder = Recorder(client, SqlMeter(db.engine))
    rng = random.Random(1)
    combos = [(rng.choice(WORDS), rng.choice(THEMES), rng.choice(REGIONS)) for _ in range(N)]
    for word, theme, region in combos[:10]:  # warm-up
        client.get(f"/evenements/?q={word}&theme={theme}&region={region}")

    hx = {"HX-Request": "true"}
    fragment, sizes = [], []
    for word, theme, region in combos:
        t, size = recorder.get(FRAGMENT, f"/evenements/?q={word}&theme={theme}&region={region}", hx)
        fragment.append(t)
        sizes.append(size)
    full = [recorder.get(FULL, f"/evenements/?q={w}&theme={t}&region={r}")[0] for w, t, r in combos]
    unfiltered = [recorder.get(UNFILTERED, "/evenements/", hx)[0] for _ in range(N)]
    two_filters = [
        recorder.get(TWO_FILTERS, f"/evenements/?theme={t}&region={r}", hx)[0] for _, t, r in combos
    ]
    with app.test_request_context():
        from app import editions

        edition = editions.current_edition()
        service = []
        for word, theme, region in combos:
            p = params_mod.SearchParams(q=word, themes=(theme,), regions=(region,), sort="pertinence")
            recorder.meter.take()
            started = time.perf_counter()
            search(p, edition.id)
            service.append(time.perf_counter() - started)
            recorder.record(SERVICE, service[-1])

    print("Search with 20,000 events (SQLite, in-process test client)")
    print(summary(FRAGMENT, fragment))
    print(summary(FULL, full))
    print(summary(TWO_FILTERS, two_filters))
    print(summary(UNFILTERED, unfiltered))
    print(summary(SERVICE, service))
    print(f"fragment size: median {sorted(sizes)[len(sizes) // 2]:,} bytes")
    print("SQL statements per request and time spent executing them (medians)")
    for label, (counts, sql_times, totals) in recorder.queries.items():
        print(sql_summary(label, counts, sql_times, totals))


if __name__ == "__main__":
    main()
