"""Load benchmark of the public pages and of the vote confirmation (prints figures; not a test).

Start a site first, then point this script at it:
- the production stack (PostgreSQL, Redis, two gunicorn servers of 2 workers, nginx):
    make stack EVENTS=20000 ORGANISATIONS=5000 VOTES=50000
    .venv/bin/python bench/load_bench.py --url http://127.0.0.1:8000 \
        --database-url postgresql+psycopg://moisess@127.0.0.1:54339/postgres \
        --secret-key local-stack-secret
- the embedded default (SQLite) on one gunicorn server: see bench/README.md.

The load comes from wrk (Debian package `wrk`, C, closed loop: each connection sends its
next request when the previous answer has arrived), bounded in time; latencies are measured
by wrk from the request sent to the whole answer received. Any status other than 2xx/3xx,
and any socket error or timeout, counts as an error.

Rows:
- cached pages (home, theme, search, event, region map): the same URL again and again, as in
  a burst of visitors, after one request that fills the whole-page cache (steady state; a
  publication empties it, and the next visitors of each page compute it again);
- "fragment, distinct URLs": each request another combination of words, region and theme,
  so nearly every answer is computed (what the cache cannot absorb);
- vote confirmation: each request confirms another pending vote (created before the run
  with the site's secret key, on its database), then every used link is opened again
  (double clicks, forwarded mails). The database is read after each phase: votes counted
  must equal the confirmations answered (give or take the requests in flight when wrk
  stopped), and no voter may have two votes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPORT_LUA = """
function done(summary, latency, requests)
  local e = summary.errors
  local used = {}
  for i, thread in ipairs(threads or {}) do used[i] = tostring(thread:get("sent")) end
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, ' ..
    '"p99": %d, "max": %d, "status_errors": %d, "socket_errors": %d, "used": [%s]}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout,
    table.concat(used, ", ")))
end
"""

PATHS_LUA = """
local counter = 0
threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  paths, index, sent = {}, 0, 0
  local n, total = 0, tonumber(args[2])
  for line in io.lines(args[1]) do
    if n % total == id - 1 then table.insert(paths, line) end
    n = n + 1
  end
end

function request()
  index, sent = index + 1, sent + 1
  if index > #paths then index = 1 end
  return wrk.format("GET", paths[index], extra_headers)
end
"""

WORDS = [
    "atelier",
    "emploi",
    "forum",
    "coopérative",
    "insertion",
    "jardin",
    "recyclerie",
    "alimentation",
    "habitat",
    "mobilité",
    "énergie",
    "numérique",
    "jeunes",
    "café",
    "conférence",
    "visite",
    "formation",
    "santé",
    "culture",
    "sport",
]
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
]
THEMES = [
    "aider-et-soigner",
    "consommer-acheter-manger",
    "eduquer-et-apprendre",
    "entreprendre-epargner-et-investir",
    "participer-et-cooperer",
    "preserver",
    "s-evader",
    "s-informer-et-communiquer",
    "se-loger",
    "travailler",
]


def wrk(
    url: str, seconds: float, connections: int, threads: int, headers: dict, paths_file: Path | None = None
) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="load-bench-"))
    script = folder / "script.lua"
    lua = REPORT_LUA
    args: list[str] = []
    if paths_file is not None:
        header_table = ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items())
        lua = f"extra_headers = {{{header_table}}}\n" + PATHS_LUA + REPORT_LUA
        args = ["--", str(paths_file), str(threads)]
    script.write_text(lua)
    command = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url, *args], capture_output=True, text=True, check=True)
    shutil.rmtree(folder)
    line = [row for row in output.stdout.splitlines() if row.startswith("{")][-1]
    return json.loads(line)


FLOOR: dict[str, float] = {}  # req/s of the /healthz row, for the ratios


def print_row(name: str, figures: dict, note: str = "") -> None:
    seconds = figures["duration_us"] / 1e6
    rate = figures["requests"] / seconds
    errors = figures["status_errors"] + figures["socket_errors"]
    FLOOR.setdefault("rate", rate)
    ratio = f"×{FLOOR['rate'] / rate:.1f}" if rate else "—"
    print(
        f"{name:40} {rate:8.1f} {ratio:>7} {figures['p50'] / 1000:8.1f} "
        f"{figures['p95'] / 1000:8.1f} {figures['p99'] / 1000:8.1f} {errors:7d} "
        f"{os.getloadavg()[0]:5.2f} {note}",
        flush=True,
    )


def first_event_path(base: str) -> str:
    import re

    with urllib.request.urlopen(f"{base}/evenements/?q=atelier") as response:
        html = response.read().decode()
    match = re.search(r'href="(/evenements/\d+-[^"]+)"', html)
    return match.group(1) if match else "/evenements/1"


DEPARTEMENTS = [
    "35",
    "29",
    "22",
    "56",
    "75",
    "93",
    "69",
    "13",
    "33",
    "31",
    "59",
    "67",
    "44",
    "34",
    "06",
    "2A",
]
DATES = [
    {},
    {"quand": "semaine"},
    {"quand": "week-end"},
    {"du": "2026-11-05", "au": "2026-11-12"},
    {"du": "2026-11-16"},
    {"au": "2026-11-20"},
]


def search_paths(count: int, seed: int = 1) -> list[str]:
    """`count` distinct searches, each a combination of the filters a visitor uses: words,
    themes, regions, départements, dates, audiences, types, free/online, sort and page."""
    from urllib.parse import urlencode

    from app.reference import catalog

    rng = random.Random(seed)
    audiences, kinds = catalog.codes(catalog.AUDIENCES), catalog.codes(catalog.EVENT_KINDS)
    seen: set[str] = set()
    paths: list[str] = []
    while len(paths) < count:
        query: list[tuple[str, str]] = []
        words = rng.sample(WORDS, rng.choice((0, 0, 1, 1, 2)))
        if words:
            query.append(("q", " ".join(words)))
        for key, values, k in (
            ("theme", THEMES, rng.choice((0, 1, 1, 2))),
            ("region", REGIONS, rng.choice((0, 0, 1))),
            ("departement", DEPARTEMENTS, rng.choice((0, 0, 0, 1))),
            ("public", audiences, rng.choice((0, 0, 1))),
            ("type", kinds, rng.choice((0, 0, 1, 2))),
        ):
            query += [(key, v) for v in rng.sample(values, k)]
        query += list(rng.choice(DATES).items())
        for key, value in (
            ("en_ligne", rng.choice(("", "", "oui", "non"))),
            ("gratuit", rng.choice(("", "oui"))),
        ):
            if value:
                query.append((key, value))
        if words and rng.random() < 0.3:
            query.append(("tri", "date"))
        page = rng.choice((1, 1, 1, 2, 3, 5))
        if page > 1:
            query.append(("page", str(page)))
        path = "/evenements/?" + urlencode(query)
        if path not in seen:
            seen.add(path)
            paths.append(path)
    return paths


# --- vote confirmation -----------------------------------------------------------------


def vote_app(database_url: str, secret_key: str):
    from app import create_app

    return create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=database_url,
        SECRET_KEY=secret_key,
        SERVER_NAME=None,
        CACHE_TYPE="NullCache",
    )


def prepare_votes(app, count: int) -> tuple[str, list[str]]:
    """Open the current edition's vote (on the benchmark's database) and create `count`
    pending votes of distinct people; return their mail domain and confirmation paths."""
    from sqlalchemy import select

    from app.common.time import utcnow
    from app.editions import current_edition
    from app.extensions import db
    from app.models import Nominee
    from app.prizes.vote import services

    domain = f"bench-{uuid.uuid4().hex[:8]}.exemple.fr"
    with app.app_context():
        edition = current_edition()
        now = utcnow()
        if services.state(edition, now) != "open":
            edition.vote_open, edition.vote_close = now - timedelta(hours=1), now + timedelta(hours=3)
        nominees = db.session.scalars(select(Nominee.id).where(Nominee.edition_id == edition.id)).all()
        # Each pending vote gets its link's random secret (only its hash is stored).
        paths = []
        for i in range(count):
            token = services.new_pending(
                edition.id, nominees[i % len(nominees)], f"votant{i}@{domain}", domain, now
            )
            paths.append(f"/prix/vote/confirmer/{token}")
        db.session.commit()
        db.session.remove()
    return domain, paths


def vote_counts(app, domain: str) -> tuple[int, int]:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Vote

    with app.app_context():
        votes = db.session.scalar(select(func.count(Vote.id)).where(Vote.email_domain == domain))
        duplicates = db.session.scalar(
            select(func.count()).select_from(
                select(Vote.voter_hash)
                .group_by(Vote.edition_id, Vote.voter_hash)
                .having(func.count(Vote.id) > 1)
                .subquery()
            )
        )
        db.session.remove()
    return votes, duplicates


def bench_votes(args) -> None:
    app = vote_app(args.database_url, args.secret_key)
    domain, paths = prepare_votes(app, args.votes)
    folder = Path(tempfile.mkdtemp(prefix="load-bench-votes-"))
    # One pass over distinct links: each connection's thread takes its own share; a link is
    # used once as long as the run needs fewer requests than there are links.
    paths_file = folder / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    figures = wrk(args.url, args.seconds, args.connections, args.threads, {}, paths_file)
    answered = figures["requests"] - figures["status_errors"]
    time.sleep(2)  # requests in flight when wrk stopped are still answered by the servers
    votes, duplicates = vote_counts(app, domain)
    print_row(
        "confirmation de vote (liens distincts)",
        figures,
        f"votes comptés {votes}, réponses 200 {answered}, doublons {duplicates}",
    )
    if figures["requests"] >= len(paths):
        print("  (attention : plus de requêtes que de liens, certains liens ont servi deux fois)")
    # Open again every link used (each thread took the first links of its share): no new
    # vote may appear.
    used = [path for k, sent in enumerate(figures["used"]) for path in paths[k :: args.threads][:sent]]
    paths_file.write_text("\n".join(used) + "\n")
    replay = wrk(args.url, args.seconds + 5, args.connections, args.threads, {}, paths_file)
    time.sleep(2)
    again, duplicates = vote_counts(app, domain)
    print_row(
        "confirmation de vote (liens rejoués)",
        replay,
        f"votes comptés {again} (avant {votes}), doublons {duplicates}",
    )
    # Every used link has now been answered at least once (the replay went over each of
    # them): each is a distinct person, so there must be exactly one vote per used link.
    complete = all(sent >= len(used[k :: args.threads]) for k, sent in enumerate(replay["used"]))
    print(
        f"  liens utilisés {len(used)} ; votes enregistrés {again} "
        f"(attendu {len(used)} : {'exact' if again == len(used) else 'ÉCART'}) ; "
        f"réponses 200 de la 1re passe {answered} ≤ votes : "
        f"{'oui' if answered <= votes else 'NON (votes perdus)'} ; votes en double : "
        f"{duplicates}{'' if complete else ' (rejeu incomplet : allongez --seconds)'}"
    )
    shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="database of the site (for the vote): its pending votes are created there",
    )
    parser.add_argument(
        "--secret-key",
        default=os.environ.get("SECRET_KEY", ""),
        help="SECRET_KEY of the site (signs the confirmation links)",
    )
    parser.add_argument(
        "--votes", type=int, default=20000, help="pending votes created for the vote rows (0: no vote rows)"
    )
    parser.add_argument("--only", default="", help="comma-separated row names to run")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk (or make stack-deps)")
    base = args.url.rstrip("/")
    event = first_event_path(base)
    # As htmx sends it: the fragment's request and the page it comes from (the search page).
    fragment = {"HX-Request": "true", "HX-Current-URL": f"{base}/evenements/"}
    folder = Path(tempfile.mkdtemp(prefix="load-bench-"))
    distinct = folder / "fragments.txt"
    distinct.write_text("\n".join(search_paths(30000, seed=1)) + "\n")
    distinct_pages = folder / "pages.txt"
    distinct_pages.write_text("\n".join(search_paths(30000, seed=2)) + "\n")
    rows = [
        ("/healthz (plancher)", "/healthz", {}, None),
        ("accueil", "/", {}, None),
        ("thématique", "/thematiques/travailler", {}, None),
        ("recherche (page en cache)", "/evenements/?q=atelier", {}, None),
        (
            "recherche (fragment en cache)",
            "/evenements/?q=emploi&region=bretagne&theme=travailler",
            fragment,
            None,
        ),
        ("fragments calculés (URL distinctes)", "/", fragment, distinct),
        ("pages calculées (URL distinctes)", "/", {}, distinct_pages),
        ("événement", event, {}, None),
        ("région (carte)", "/regions/bretagne", {}, None),
    ]
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    print(
        f"{base}  {args.seconds:.0f} s par ligne, {args.connections} connexions, "
        f"wrk {args.threads} threads, charge {os.getloadavg()[0]:.2f}"
    )
    print(
        f"{'page':40} {'req/s':>8} {'/plancher':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'erreurs':>7} {'load':>5}"
    )
    for name, path, headers, paths_file in rows:
        if only and name not in only:
            continue
        time.sleep(1)
        if paths_file is None:  # one request first: the row measures a warm cache
            urllib.request.urlopen(urllib.request.Request(base + path, headers=headers)).read()
        print_row(name, wrk(base + path, args.seconds, args.connections, args.threads, headers, paths_file))
    shutil.rmtree(folder)
    if args.votes and (not only or "vote" in only):
        if not args.database_url or not args.secret_key:
            print("vote : --database-url et --secret-key (ceux du site) sont nécessaires")
            return
        bench_votes(args)


if __name__ == "__main__":
    main()
