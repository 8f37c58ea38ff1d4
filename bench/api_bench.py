"""Server time of the JSON API with 20,000 events (in-process test client, SQLite), beside
the /healthz floor and a plain region search page of the same run.

Prints median and p95 for: /healthz, the search page filtered by one region (full page),
API pages of 20 and 100 events filtered by one region, and an API page of 100 unfiltered,
pages asked again (their events already serialised in this process and generation) and
pages asked for the first time (events read from the database and serialised).
The cache keeps its generation token (as Redis does in production); the whole-page cache is
off, so every request computes its answer. Run: `.venv/bin/python bench/api_bench.py`.
"""

from __future__ import annotations

import time

from common import bench_app, summary

REGIONS = [
    "ile-de-france",
    "auvergne-rhone-alpes",
    "bretagne",
    "occitanie",
    "hauts-de-france",
    "nouvelle-aquitaine",
    "grand-est",
]
N = 110


def timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main() -> None:
    app = bench_app(CACHE_TYPE="SimpleCache", PAGE_CACHE_TIMEOUT=0)
    client = app.test_client()
    urls = {
        "/healthz": lambda n: "/healthz",
        "search page: one region (full page)": lambda n: (
            f"/evenements/?region={REGIONS[n % 7]}&page={n % 5 + 1}"
        ),
        "API: one region, 20 per page": lambda n: f"/api/v1/events?region={REGIONS[n % 7]}&page={n % 5 + 1}",
        "API: one region, 100 per page": lambda n: (
            f"/api/v1/events?region={REGIONS[n % 7]}&per_page=100&page={n % 3 + 1}"
        ),
        "API: no filter, 100 per page": lambda n: f"/api/v1/events?per_page=100&page={n % 50 + 1}",
        "API: one event": lambda n: "/api/v1/events/{id}",
        # Pages never asked before: their events are read and serialised (not yet kept).
        "API: 100 per page, first visit of the page": lambda n: f"/api/v1/events?per_page=100&page={n + 60}",
    }
    first = client.get("/api/v1/events?per_page=100").get_json()
    ids = [e["id"] for e in first["data"]]
    urls["API: one event"] = lambda n: f"/api/v1/events/{ids[n % len(ids)]}"
    for label, make in urls.items():  # warm-up: snapshot, cards, templates
        for n in range(10 if "first visit" not in label else 0):
            client.get(make(n))
    results = {label: [timed(client, make(n)) for n in range(N)] for label, make in urls.items()}
    total = first["total"]
    print(f"JSON API with {total:,} events in the current edition (SQLite, in-process test client)")
    for label, samples in results.items():
        print(summary(label, samples))
    floor = sorted(results["/healthz"])[N // 2]
    search = sorted(results["search page: one region (full page)"])[N // 2]
    for label, samples in results.items():
        median = sorted(samples)[N // 2]
        print(
            f"{label:<45} median = {median / floor:5.1f} × /healthz, {median / search:4.2f} × region search"
        )


if __name__ == "__main__":
    main()
