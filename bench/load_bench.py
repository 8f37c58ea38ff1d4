"""Load benchmark of the public pages against a running site (prints figures; not a test).

Start the site first, e.g. the production stack (PostgreSQL, Redis, two gunicorn servers of
2 workers behind the round-robin proxy):  make stack EVENTS=20000
or one gunicorn server on SQLite:  GUNICORN_WORKERS=2 GUNICORN_BIND=127.0.0.1:8010 \
    .venv/bin/gunicorn -c gunicorn.conf.py wsgi:app
then:  python bench/load_bench.py --url http://127.0.0.1:8000 --seconds 10 --concurrency 8

A closed-loop load generator (threads, one keep-alive connection each): every latency is
measured from just before the request is sent to the end of the body. Runs are bounded in
time; the machine's load average is printed before and after each page (other work on the
machine skews the figures). Any status other than 200 counts as an error.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import threading
import time
from urllib.parse import urlsplit


def pages(base: str) -> list[tuple[str, str, dict]]:
    conn = _conn(base)
    conn.request("GET", "/evenements/?q=atelier")
    html = conn.getresponse().read().decode()
    match = re.search(r'href="(/evenements/\d+-[^"]+)"', html)
    event = match.group(1) if match else "/evenements/1"
    return [
        ("accueil", "/", {}),
        ("thématique", "/thematiques/travailler", {}),
        ("recherche (page)", "/evenements/?q=atelier", {}),
        ("recherche (fragment htmx, filtres)",
         "/evenements/?q=emploi&region=bretagne&theme=travailler", {"HX-Request": "true"}),
        ("événement", event, {}),
        ("région (carte)", "/regions/bretagne", {}),
    ]


def _conn(base: str) -> http.client.HTTPConnection:
    parts = urlsplit(base)
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)


def run(base: str, path: str, headers: dict, seconds: float, concurrency: int):
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        conn = _conn(base)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = _conn(base)
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = _conn(base)
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return latencies, errors[0], elapsed


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    print(f"{args.url}  {args.seconds:.0f} s per page, {args.concurrency} clients, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'page':38} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6} {'load':>5}")
    for name, path, headers in pages(args.url):
        latencies, errors, elapsed = run(args.url, path, headers, args.seconds, args.concurrency)
        print(f"{name:38} {len(latencies) / elapsed:7.1f} {_pct(latencies, 50):8.1f} "
              f"{_pct(latencies, 95):8.1f} {_pct(latencies, 99):8.1f} {errors:6d} "
              f"{os.getloadavg()[0]:5.2f}", flush=True)


if __name__ == "__main__":
    main()
