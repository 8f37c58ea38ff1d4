#!/usr/bin/env bash
# The load benchmark on both configurations, one after the other (`make load-bench`):
# 1. the production stack of scripts/stack.sh (PostgreSQL, Redis, two gunicorn servers
#    sharing the cores: 1 worker each on 2 cores; nginx in front), with 20,000 events,
#    5,000 organisations and 50,000 votes;
# 2. SQLite behind the same front (STACK_BACKEND=sqlite: the same two servers and nginx, the
#    cache and rate-limit counts in files they share), same data: the two databases compared;
# 3. SQLite, one gunicorn server of 2 workers, no proxy (how the issue first measured it):
#    the floor and the computed fragments only. Without a proxy, each of wrk's persistent
#    connections stays with the worker that accepted it, so the split between the two
#    workers (8/8 or 13/3) is drawn at random and moves these figures from run to run.
# Figures are printed by bench/load_bench.py (wrk). Takes about 10 minutes.
# Environment: SECONDS_PER_ROW (10), WARM_SECONDS (20, after start-up), CONNECTIONS (16),
# EVENTS (20000), ORGANISATIONS (5000),
# VOTES (50000), ONLY=stack|sqlite to run one of them, ROWS="/healthz (plancher),vote" to run
# some rows only (names as printed; "vote" for the vote confirmations).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
SECONDS_PER_ROW=${SECONDS_PER_ROW:-10}
CONNECTIONS=${CONNECTIONS:-16}
EVENTS=${EVENTS:-20000} ORGANISATIONS=${ORGANISATIONS:-5000} VOTES=${VOTES:-50000}
DATA=(--events "$EVENTS" --organisations "$ORGANISATIONS" --votes "$VOTES")
ONLY=${ONLY:-}
ROWS=${ROWS:-}

wait_for() {
  for _ in $(seq 300); do curl -fsS "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "no answer from $1" >&2; return 1
}

# scripts/stack.sh with the STACK_* variables set, fresh, until it answers and has warmed up.
start_stack() {
  rm -rf "$STACK_DIR"
  GUNICORN_ACCESSLOG= setsid scripts/stack.sh start "${DATA[@]}" >"$STACK_DIR.log" 2>&1 &
  stack_pid=$!
  trap 'kill -- -$stack_pid 2>/dev/null || true; scripts/stack.sh stop >/dev/null 2>&1 || true' EXIT
  wait_for "http://127.0.0.1:$STACK_PORT"
  # Each worker builds its search snapshot and renders its cards in the background as it
  # starts (about 5 s at 20,000 events): measured afterwards, as a server that has started.
  sleep "${WARM_SECONDS:-20}"
}

stop_stack() {
  kill -- -"$stack_pid" 2>/dev/null || true
  wait "$stack_pid" 2>/dev/null || true
  trap - EXIT
}

# Every row (or ROWS), then the app / SQL time split, of the front on STACK_PORT.
measure_stack() {
  "$BIN/python" bench/load_bench.py --url "http://127.0.0.1:$STACK_PORT" --seconds "$SECONDS_PER_ROW" \
    --connections "$CONNECTIONS" --database-url "$1" --secret-key local-stack-secret --only "$ROWS" 2>/dev/null
  [ -n "$ROWS" ] || "$BIN/python" bench/app_sql_ratio.py --database-url "$1" 2>/dev/null
}

if [ "$ONLY" != sqlite ]; then
  export STACK_DIR=${STACK_DIR:-/tmp/moisess-bench-stack} STACK_PORT=${STACK_PORT:-8000}
  export PG_PORT=${PG_PORT:-54339} REDIS_PORT=${REDIS_PORT:-63789}
  start_stack
  # Steady state: the vacuum that autovacuum would run after the bulk load, done now rather
  # than in the middle of a measurement. It also fills the visibility map, without which
  # PostgreSQL cannot use index-only scans (a search's SQL: 27 ms median without, 12 with).
  psql -q -h 127.0.0.1 -p "$PG_PORT" -U moisess -d postgres -c "VACUUM (FREEZE, ANALYZE)"
  psql -Atq -h 127.0.0.1 -p "$PG_PORT" -U moisess -d postgres -c "SELECT 'event: ' || \
    relallvisible || ' of ' || relpages || ' pages all-visible' FROM pg_class WHERE relname = 'event'"
  echo "== PostgreSQL + Redis + 2 gunicorn sharing the cores (scripts/stack.sh) + nginx =="
  measure_stack "postgresql+psycopg://moisess@127.0.0.1:$PG_PORT/postgres"
  stop_stack
fi

if [ "$ONLY" != stack ]; then
  export STACK_DIR=/tmp/moisess-bench-sqlite STACK_PORT=8010 STACK_BACKEND=sqlite
  start_stack
  database_url="sqlite:///$STACK_DIR/moisess.sqlite"
  echo "== SQLite + 2 gunicorn sharing the cores (scripts/stack.sh, STACK_BACKEND=sqlite) + nginx =="
  measure_stack "$database_url"
  stop_stack

  # The same database, served by one gunicorn of 2 workers without a proxy.
  export DATABASE_URL=$database_url SECRET_KEY=local-stack-secret FLASK_APP=wsgi.py REDIS_URL=
  export UPLOAD_DIR=$STACK_DIR/uploads MAIL_OUTBOX_DIR=$STACK_DIR/outbox FLASK_CACHE_DIR=$STACK_DIR/cache
  export FLASK_RATELIMIT_STORAGE_URI="moisess+sqlite://$STACK_DIR/ratelimit.sqlite"
  GUNICORN_BIND=127.0.0.1:8020 GUNICORN_WORKERS=2 GUNICORN_ACCESSLOG= \
    "$BIN/gunicorn" -c gunicorn.conf.py wsgi:app >"$STACK_DIR/gunicorn-direct.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  wait_for http://127.0.0.1:8020
  sleep "${WARM_SECONDS:-20}"
  echo "== SQLite, one gunicorn × 2 workers, no proxy =="
  "$BIN/python" bench/load_bench.py --url http://127.0.0.1:8020 --seconds "$SECONDS_PER_ROW" \
    --connections "$CONNECTIONS" --database-url "$DATABASE_URL" --secret-key "$SECRET_KEY" \
    --only "${ROWS:-/healthz (plancher),fragments calculés (URL distinctes)}" 2>/dev/null
fi
