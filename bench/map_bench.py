"""Size and build time of the region map pages with 20,000 events.

For every region: number of markers, HTML size of /regions/<slug> (raw and gzipped) and
server time; the largest region is the figure to watch (target: < 300 KB for 4,000 markers).
Also a synthetic 4,000-marker map built directly with the map builder.
"""

from __future__ import annotations

import gzip
import json
import random
import statistics
import time

from common import SqlMeter, bench_app

from app.maps import builder
from app.maps.builder import MapSettings


def count_markers(body: bytes) -> int:
    """Rows of the marker data (`MoisEssMap.eventCluster(map_…, [[lat, lon, id, title], ...]);`)."""
    html = body.decode()
    start = html.find("MoisEssMap.eventCluster(")
    if start < 0:
        return 0
    rows, _end = json.JSONDecoder().raw_decode(html, html.index(", ", start) + 2)
    return len(rows)


def main() -> None:
    app = bench_app()
    client = app.test_client()
    rows = []
    with app.app_context():
        from app.extensions import db
        from app.models import Region

        slugs = [r.slug for r in db.session.query(Region).all()]
        meter = SqlMeter(db.engine)
    for slug in slugs:
        client.get(f"/regions/{slug}")
        times, sql_times = [], []
        for _ in range(5):
            meter.take()
            started = time.perf_counter()
            response = client.get(f"/regions/{slug}")
            times.append(time.perf_counter() - started)
            queries, sql = meter.take()
            sql_times.append(sql)
        body = response.data
        markers = count_markers(body)
        rows.append(
            (
                slug,
                markers,
                len(body),
                len(gzip.compress(body)),
                statistics.median(times),
                queries,
                statistics.median(sql_times),
            )
        )
    rows.sort(key=lambda r: -r[1])
    print(
        "Region pages with 20,000 events (markers, HTML bytes, gzipped, median server time,"
        " SQL statements and their median time)"
    )
    for slug, markers, size, gz, t, queries, sql in rows:
        print(
            f"  {slug:<28} {markers:>5} markers  {size / 1024:7.1f} KB  gz {gz / 1024:6.1f} KB"
            f"  {t * 1000:6.1f} ms  {queries:>3} queries  SQL {sql * 1000:6.1f} ms"
        )

    rng = random.Random(3)
    points = [
        (round(45 + rng.random() * 2, 5), round(3 + rng.random() * 3, 5), 100000 + i, f"Événement {i}")
        for i in range(4000)
    ]
    settings = MapSettings(popup_url="/evenements/{id}/apercu")
    started = time.perf_counter()
    parts = builder.events_map(points, settings)
    elapsed = time.perf_counter() - started
    size = len(parts.html) + len(parts.script)
    print(
        f"synthetic map, 4,000 markers: {size / 1024:.1f} KB of map HTML+JS, "
        f"gz {len(gzip.compress((parts.html + parts.script).encode())) / 1024:.1f} KB, "
        f"built in {elapsed * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
