"""Server time of the bilan with 20,000 events in the current edition (in-process, no network).

Prints median and p95 of: the national report page (HTML), a region's page, the JSON of the
whole report, one CSV table, the report service alone (SQL aggregations), and the PDF.
Run: `make bench` or `.venv/bin/python bench/bilan_bench.py`.
"""

from __future__ import annotations

import time

from common import bench_app, summary

N_PAGES = 30
N_PDF = 5


def timed(client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.data)


def main() -> None:
    app = bench_app()
    client = app.test_client()
    with app.app_context():
        from sqlalchemy import func, select

        from app import editions
        from app.extensions import db
        from app.models import Event

        edition = editions.current_edition()
        year = edition.year
        events = db.session.scalar(select(func.count(Event.id)).where(Event.edition_id == edition.id))
    timed(client, f"/bilan/{year}/")  # warm-up (templates, first queries)
    timed(client, f"/bilan/{year}.pdf")  # warm-up (imports WeasyPrint)

    page = [timed(client, f"/bilan/{year}/") for _ in range(N_PAGES)]
    region = [timed(client, f"/bilan/{year}/regions/ile-de-france/")[0] for _ in range(N_PAGES)]
    data = [timed(client, f"/bilan/{year}.json")[0] for _ in range(N_PAGES)]
    table = [timed(client, f"/bilan/{year}/donnees/thematiques.csv")[0] for _ in range(N_PAGES)]
    pdf = [timed(client, f"/bilan/{year}.pdf") for _ in range(N_PDF)]
    with app.test_request_context():
        from app.bilan import report

        service = []
        for _ in range(N_PAGES):
            started = time.perf_counter()
            report.build(edition)
            service.append(time.perf_counter() - started)

    print(f"Bilan with {events:,} events in edition {year} (SQLite, in-process test client)")
    print(summary("national report page (HTML)", [t for t, _ in page]))
    print(summary("region page (Île-de-France)", region))
    print(summary("whole report as JSON", data))
    print(summary("one table as CSV", table))
    print(summary("report service alone (SQL aggregations)", service))
    print(summary("national report as PDF (WeasyPrint)", [t for t, _ in pdf]))
    print(f"HTML page: {page[0][1]:,} bytes; PDF: {pdf[0][1]:,} bytes")


if __name__ == "__main__":
    main()
