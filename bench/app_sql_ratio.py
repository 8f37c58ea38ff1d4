"""How much the framework costs around the search fragment's SQL (prints figures; not a test).

For distinct search fragments (htmx request, words + region + theme + online filters, as
in bench/load_bench.py), in a process whose search engine (app.events.engine) starts cold:
- app: the time of the whole request inside the app (routing, parsing, SQLAlchemy, Jinja);
- how many requests asked the database at all (a word read for the first time, a spelling
  check): the engine answers the others from memory;
- for those, bare SQL: the same SQL statements, with the same parameters, run again straight
  on a DB-API connection of the same database (execute + fetch all rows), without SQLAlchemy,
  and the ratio app / bare SQL.

    .venv/bin/python bench/app_sql_ratio.py --database-url postgresql+psycopg://moisess@127.0.0.1:54339/postgres
    .venv/bin/python bench/app_sql_ratio.py     # SQLite: instance/bench-20000.sqlite (built if needed)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load_bench import search_paths  # noqa: E402
from sqlalchemy import event  # noqa: E402


def make_app(database_url: str):
    if not database_url:
        from common import bench_app

        # SimpleCache keeps the generation (the search snapshot); NullCache would rebuild it.
        return bench_app(20_000, CACHE_TYPE="SimpleCache", PAGE_CACHE_TIMEOUT=0)
    from app import create_app

    return create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=database_url,
        CACHE_TYPE="SimpleCache",
        PAGE_CACHE_TIMEOUT=0,
        RATELIMIT_ENABLED=False,
    )


def bare_seconds(engine, statements: list[tuple[str, object]]) -> float:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        started = time.perf_counter()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        elapsed = time.perf_counter() - started
        cursor.close()
        raw.rollback()
    finally:
        raw.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--requests", type=int, default=150)
    args = parser.parse_args()
    app = make_app(args.database_url)
    from app.extensions import db

    with app.app_context():
        engine = db.engine
        captured: list[tuple[str, object]] = []

        def capture(conn, cursor, statement, parameters, context, executemany):
            captured.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", capture)
        client = app.test_client()
        paths = search_paths(args.requests + 20, seed=11)
        for path in paths[:20]:  # warm-up: caches of SQLAlchemy, Jinja, the database's
            client.get(path, headers={"HX-Request": "true"})
        app_times, sql_times, counts = [], [], []
        for path in paths[20:]:
            captured.clear()
            started = time.perf_counter()
            response = client.get(path, headers={"HX-Request": "true"})
            app_times.append(time.perf_counter() - started)
            assert response.status_code == 200, path
            statements = list(captured)
            counts.append(len(statements))
            sql_times.append(bare_seconds(engine, statements))
        event.remove(engine, "before_cursor_execute", capture)

    def pct(values, p):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000

    # The search engine (app.events.engine) answers from memory: only a word read for the
    # first time, or a spelling check, asks the database. The ratio is of those requests.
    asked = [n for n, count in enumerate(counts) if count]
    print(
        f"{engine.dialect.name}: {len(app_times)} distinct search fragments, "
        f"{len(asked)} of them asked the database "
        f"({statistics.median([counts[n] for n in asked] or [0]):.0f} SQL statements each, median); "
        "the others were answered from the search engine's memory"
    )
    print(f"  app (whole request)  median {pct(app_times, 0.5):7.1f} ms   p95 {pct(app_times, 0.95):7.1f} ms")
    if not asked:
        return
    app_asked, sql_asked = [app_times[n] for n in asked], [sql_times[n] for n in asked]
    ratios = [a / s for a, s in zip(app_asked, sql_asked, strict=True) if s > 0]
    print(f"  bare SQL             median {pct(sql_asked, 0.5):7.1f} ms   p95 {pct(sql_asked, 0.95):7.1f} ms")
    print(
        f"  ratio app / SQL      median {statistics.median(ratios):5.1f}   "
        f"(total {sum(app_asked) / sum(sql_asked):4.1f}); framework share "
        f"{1 - sum(sql_asked) / sum(app_asked):4.0%} of those requests' time"
    )


if __name__ == "__main__":
    main()
