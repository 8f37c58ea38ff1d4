"""Search by distance ("près de chez moi") beside a plain region search and /healthz, with
20,000 events, in one run (in-process test client, no network, no page cache).

Rows, taken in turns so that the machine's drift weighs on all of them alike:
Fragments are asked as htmx does, from a page with the same regions chosen.
- /healthz: the floor (routing, one database ping);
- region search: an htmx fragment of one region and a page, each request another (region,
  page) pair;
- distance search: an htmx fragment around another place each time (a postcode where events
  take place, a radius among 5, 10, 25, 50 km): the circle is computed (not yet in the
  snapshot's cache) for every request;
- the same sorted by distance (distances of every result computed and sorted);
- the same place and radius again just after (the circle from the snapshot's cache);
Every card is rendered once before the rows (as in a process that has served a while).
- the search service alone (app.events.search.search and the page's cards), region or
  distance (another place each time);
- the engine's circle alone (Snapshot.within, not cached), and the same number of
  in-person events tested by a plain haversine over all events, for scale.
Run: `.venv/bin/python bench/near_bench.py` (the first run builds instance/bench-20000.sqlite).
"""

from __future__ import annotations

import random
import time

from common import bench_app, summary
from sqlalchemy import select

from app.events import engine
from app.events.params import RADII
from app.geo.distance import haversine_km

N = 200
REGIONS = [
    "bretagne",
    "occitanie",
    "hauts-de-france",
    "grand-est",
    "normandie",
    "nouvelle-aquitaine",
    "auvergne-rhone-alpes",
    "ile-de-france",
    "pays-de-la-loire",
    "bourgogne-franche-comte",
    "centre-val-de-loire",
    "provence-alpes-cote-d-azur",
    "corse",
    "la-reunion",
]
HX = {"HX-Request": "true"}


def main() -> None:
    # A cache that keeps the generation of public content (NullCache would give a new one, so
    # a new snapshot, to every request); no whole-page cache: every answer is computed.
    app = bench_app(CACHE_TYPE="SimpleCache", PAGE_CACHE_TIMEOUT=0)
    client = app.test_client()
    rng = random.Random(14)
    with app.test_request_context():
        from app import editions
        from app.extensions import db
        from app.models import Event

        edition = editions.current_edition()
        postcodes = sorted(
            set(
                db.session.scalars(
                    select(Event.postcode).where(
                        Event.edition_id == edition.id, Event.status == "publie", Event.in_person.is_(True)
                    )
                )
            )
        )
    places = rng.sample(postcodes, 2 * N)
    rows: dict[str, list[float]] = {}
    sizes: dict[str, list[int]] = {}
    urls = {
        "/healthz": ["/healthz"] * N,
        "region search (fragment)": [
            f"/evenements/?region={rng.choice(REGIONS)}&page={rng.randint(1, 30)}" for _ in range(N)
        ],
        "distance search (fragment)": [
            f"/evenements/?pres={p}&rayon={rng.choice(RADII)}" for p in places[:N]
        ],
        "distance search, sorted by distance": [
            f"/evenements/?pres={p}&rayon={rng.choice(RADII)}&tri=distance" for p in places[N:]
        ],
    }
    urls["distance search, same place again (circle cached)"] = urls["distance search (fragment)"]
    for url in ("/healthz", "/evenements/?region=bretagne", "/evenements/?pres=35000"):  # warm-up
        client.get(url, headers=HX)
    with app.test_request_context():
        # Every card rendered once, as a process holds them after a while (per generation):
        # the rows then compare the searches, not which cards happened to be rendered first.
        from app.events.params import SearchParams
        from app.events.search import search

        assert search(SearchParams(), edition.id, page_size=100_000).card_html
    for i in range(N):
        for label, paths in urls.items():
            started = time.perf_counter()
            # Coming from a page with the same regions: the fragment does not send the list of
            # départements again (101 of them without a region: 10 ms), as in a browser.
            response = client.get(paths[i], headers={**HX, "HX-Current-URL": "http://localhost" + paths[i]})
            rows.setdefault(label, []).append(time.perf_counter() - started)
            assert response.status_code == 200, (paths[i], response.status_code)
            sizes.setdefault(label, []).append(response.get_data(as_text=True).count('class="event-card"'))

    with app.test_request_context():
        # The search service alone (filters, facet counts, the page's cards), same centres.
        from app.events import params as params_mod

        services = {
            "service: region search": [
                params_mod.SearchParams(regions=(rng.choice(REGIONS),)) for _ in range(N)
            ],
            "service: distance search": [
                params_mod.SearchParams(near=p, radius=rng.choice(RADII)) for p in rng.sample(postcodes, N)
            ],
        }
        for i in range(N):
            for label, queries in services.items():
                started = time.perf_counter()
                assert search(queries[i], edition.id).card_html is not None
                rows.setdefault(label, []).append(time.perf_counter() - started)
        snap = engine.snapshot(edition.id)
        circles, plain, found = [], [], []
        located = [p for p in range(snap.size) if snap.distance_km(p, 0, 0) is not None]
        for _ in range(N):
            p = rng.choice(located)
            lat, lon, radius = snap.lats[p] + rng.uniform(-0.1, 0.1), snap.lons[p], rng.choice(RADII)
            started = time.perf_counter()
            bits = snap.within(lat, lon, radius)
            circles.append(time.perf_counter() - started)
            found.append(bits.bit_count())
            started = time.perf_counter()
            count = sum(1 for q in located if haversine_km(lat, lon, snap.lats[q], snap.lons[q]) <= radius)
            plain.append(time.perf_counter() - started)
            assert count == found[-1]

    print(
        f"Search by distance with {snap.size:,} published events (SQLite, in-process test client, same run)"
    )
    for label, samples in rows.items():
        print(summary(label, samples))
    print(summary("engine circle alone (Snapshot.within, uncached)", circles))
    print(summary("plain haversine over every in-person event", plain))
    print(f"events within the circles: median {sorted(found)[len(found) // 2]:,}, max {max(found):,}")


if __name__ == "__main__":
    main()
