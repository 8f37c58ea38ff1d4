#!/usr/bin/env bash
# Lighthouse scores (accessibility, best practices, SEO, performance) of home, search, an
# event, a region and the bilan, served by gunicorn (2 workers, SQLite) on demo data.
# `bench/lighthouse.sh` prints a table; the reports stay in $DIR/lh-<page>.json.
# Environment: EVENTS (1800, as `make run`), PRESET (mobile, Lighthouse's default with its
# simulated slow 4G and CPU; or desktop), PORT (8020), DIR (/tmp/moisess-lighthouse; the
# database is built once and reused), CHROME_PATH (/usr/bin/chromium).
# Lighthouse comes from npm into .tools/ (not committed); Chromium from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
EVENTS=${EVENTS:-1800}
PRESET=${PRESET:-mobile}
PORT=${PORT:-8020}
DIR=${DIR:-/tmp/moisess-lighthouse}
LIGHTHOUSE_VERSION=12.8.2
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
LH=.tools/node_modules/.bin/lighthouse
[ -x "$LH" ] || npm install --prefix .tools --no-audit --no-fund --silent "lighthouse@$LIGHTHOUSE_VERSION"

mkdir -p "$DIR"
export DATABASE_URL="sqlite:///$DIR/demo.sqlite" SECRET_KEY=lighthouse-secret FLASK_APP=wsgi.py
export UPLOAD_DIR=$DIR/uploads MAIL_OUTBOX_DIR=$DIR/outbox FLASK_CACHE_DIR=$DIR/cache REDIS_URL=
export PUBLIC_URL="http://127.0.0.1:$PORT"
"$BIN/flask" db upgrade >/dev/null 2>&1
"$BIN/flask" reference-data >/dev/null
"$BIN/flask" demo-data --events "$EVENTS" --if-empty >/dev/null
"$BIN/pybabel" compile -f -d app/translations >/dev/null 2>&1

GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_WORKERS=2 GUNICORN_ACCESSLOG= \
  "$BIN/gunicorn" -c gunicorn.conf.py wsgi:app >"$DIR/gunicorn.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base="http://127.0.0.1:$PORT"
for _ in $(seq 120); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

event=$(curl -fsS "$base/evenements/" | grep -o 'href="/evenements/[0-9][0-9]*-[^"]*"' | head -1 | cut -d'"' -f2)
declare -A PAGES=([home]=/ [search]=/evenements/ [event]="$event" [region]=/regions/bretagne [bilan]=/bilan/)
flags=(--chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" --quiet
  --only-categories=accessibility,best-practices,seo,performance --output=json)
[ "$PRESET" = desktop ] && flags+=(--preset=desktop)
for name in home search event region bilan; do
  curl -fsS -o /dev/null "$base${PAGES[$name]}"  # warm the page cache, as for a real visitor
  "$LH" "$base${PAGES[$name]}" "${flags[@]}" --output-path="$DIR/lh-$name.json" >/dev/null 2>&1 ||
    echo "lighthouse failed on ${PAGES[$name]}" >&2
done

echo "Lighthouse $LIGHTHOUSE_VERSION, $PRESET, $EVENTS events, gunicorn 2 workers on SQLite"
"$BIN/python" - "$DIR" "${PAGES[event]}" <<'PY'
import json
import sys
from pathlib import Path

folder = Path(sys.argv[1])
cats = ("accessibility", "best-practices", "seo", "performance")
print(f"{'page':<8} {'accessibilité':>13} {'bonnes pratiques':>16} {'SEO':>4} {'performance':>11}  LCP / TBT / CLS")
for name in ("home", "search", "event", "region", "bilan"):
    path = folder / f"lh-{name}.json"
    if not path.exists():
        print(f"{name:<8} (no report)")
        continue
    report = json.loads(path.read_text())
    scores = [report["categories"][c]["score"] for c in cats]
    cells = [("–" if s is None else str(round(s * 100))) for s in scores]
    audits = report["audits"]
    lcp = audits["largest-contentful-paint"]["displayValue"]
    tbt = audits["total-blocking-time"]["displayValue"]
    cls = audits["cumulative-layout-shift"]["displayValue"]
    print(f"{name:<8} {cells[0]:>13} {cells[1]:>16} {cells[2]:>4} {cells[3]:>11}  {lcp} / {tbt} / {cls}")
    failed = [
        a["id"]
        for c in cats
        for ref in report["categories"][c]["auditRefs"]
        if ref["weight"] > 0
        and (a := audits[ref["id"]])["score"] is not None
        and a["score"] < 0.9
        and a["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")
    ]
    if failed:
        print(f"         below 90: {', '.join(sorted(set(failed)))}")
PY
