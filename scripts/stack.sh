#!/usr/bin/env bash
# The production stack on loopback, for local tests: a private PostgreSQL cluster and Redis
# (scripts/services.sh, other ports than the tests'), migrations, reference and demo data,
# two gunicorn app servers (sharing the cores: nproc/2 workers each, GUNICORN_WORKERS to
# change it), one mail worker (flask mail-worker: the app servers only write the messages,
# as in production) and, in front of them, nginx (as in deploy/nginx.conf:
# static files from disk, keep-alive to the app servers) when installed, else the small
# round-robin proxy scripts/proxy.py.
#   scripts/stack.sh start [--events N] [--organisations N] [--votes N]
#                                           (Ctrl-C stops everything; `make stack`)
#   scripts/stack.sh stop
# Ports: STACK_PORT (proxy, 8000), the app servers on STACK_PORT+1 and +2, PG_PORT 54339,
# REDIS_PORT 63789. Data lives in STACK_DIR (/tmp/moisess-stack), kept between runs.
# STACK_BACKEND=sqlite: the same servers and proxy on a SQLite file of STACK_DIR, without
# PostgreSQL and Redis (the cache and the rate limits' counts in files shared by the servers):
# the load benchmark compares the two databases behind the same front.
set -euo pipefail
cd "$(dirname "$0")/.."
action=${1:-start}
shift || true
STACK_DIR=${STACK_DIR:-/tmp/moisess-stack}
STACK_PORT=${STACK_PORT:-8000}
export PG_PORT=${PG_PORT:-54339} REDIS_PORT=${REDIS_PORT:-63789}
BIN=${BIN:-.venv/bin}
STACK_BACKEND=${STACK_BACKEND:-postgresql}
EVENTS=1800
DEMO_OPTIONS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS=$2; shift 2 ;;
    --organisations|--votes) DEMO_OPTIONS+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

stop() {
  for f in "$STACK_DIR"/*.pid; do
    [ -f "$f" ] || continue
    case "$f" in *redis.pid) continue ;; esac
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  [ "$STACK_BACKEND" = sqlite ] || scripts/services.sh stop "$STACK_DIR"
}

case "$action" in
stop) stop; exit 0 ;;
start) ;;
*) echo "usage: $0 start [--events N] | stop" >&2; exit 2 ;;
esac

case "$STACK_BACKEND" in
postgresql)
  services_env=$(scripts/services.sh start "$STACK_DIR")  # stops here if a service fails
  eval "$services_env" ;;
sqlite)
  mkdir -p "$STACK_DIR"
  DATABASE_URL="sqlite:///$STACK_DIR/moisess.sqlite" REDIS_URL=
  # Shared by the two servers (each of 1 worker here, where gunicorn.conf.py would keep the
  # cache in the process's memory): a publication seen by one is seen by the other.
  export FLASK_CACHE_TYPE=FileSystemCache FLASK_CACHE_DIR=$STACK_DIR/cache
  export FLASK_RATELIMIT_STORAGE_URI="moisess+sqlite://$STACK_DIR/ratelimit.sqlite" ;;
*) echo "STACK_BACKEND: postgresql or sqlite" >&2; exit 2 ;;
esac
trap 'echo; echo "stopping…"; stop' EXIT INT TERM
export FLASK_APP=wsgi.py APP_CONFIG=${APP_CONFIG:-development} DATABASE_URL REDIS_URL
export SECRET_KEY=${SECRET_KEY:-local-stack-secret} PROXY_COUNT=1
export UPLOAD_DIR=$STACK_DIR/uploads MAIL_OUTBOX_DIR=$STACK_DIR/outbox
export MAIL_DELIVERY=worker  # as in production: the app servers write, the mail worker sends
mkdir -p "$UPLOAD_DIR" "$MAIL_OUTBOX_DIR"
"$BIN/flask" db upgrade
"$BIN/flask" reference-data
"$BIN/flask" demo-data --events "$EVENTS" "${DEMO_OPTIONS[@]}" --no-history --if-empty
# The two app servers share this machine's cores: one worker per core in all (gunicorn.conf.py).
WORKERS=${GUNICORN_WORKERS:-$(( $(nproc) / 2 > 0 ? $(nproc) / 2 : 1 ))}
for n in 1 2; do
  GUNICORN_BIND=127.0.0.1:$((STACK_PORT + n)) GUNICORN_WORKERS=$WORKERS \
    GUNICORN_ACCESSLOG=${GUNICORN_ACCESSLOG-$STACK_DIR/access-$n.log} \
    "$BIN/gunicorn" -c gunicorn.conf.py --pid "$STACK_DIR/gunicorn-$n.pid" wsgi:app \
    >"$STACK_DIR/gunicorn-$n.log" 2>&1 &
done
"$BIN/flask" mail-worker >"$STACK_DIR/mail-worker.log" 2>&1 &
echo $! >"$STACK_DIR/mail-worker.pid"
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
if [ -n "$NGINX" ]; then
  mkdir -p "$STACK_DIR/nginx"
  sed -e "s#@USER@#$(id -un)#g" -e "s#@PORT@#$STACK_PORT#g" -e "s#@APP1@#$((STACK_PORT + 1))#g" \
      -e "s#@APP2@#$((STACK_PORT + 2))#g" -e "s#@STATIC@#$PWD/static/#g" \
      -e "s#@DIR@#$STACK_DIR/nginx#g" scripts/nginx-local.conf >"$STACK_DIR/nginx/nginx.conf"
  "$NGINX" -p "$STACK_DIR/nginx" -c "$STACK_DIR/nginx/nginx.conf" -g "daemon off;" &
  echo $! >"$STACK_DIR/proxy.pid"
else
  "$BIN/python" scripts/proxy.py --listen 127.0.0.1:$STACK_PORT \
    127.0.0.1:$((STACK_PORT + 1)) 127.0.0.1:$((STACK_PORT + 2)) &
  echo $! >"$STACK_DIR/proxy.pid"
fi
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$STACK_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2
done
echo "Stack ready: http://127.0.0.1:$STACK_PORT/ (app servers on $((STACK_PORT + 1)) and $((STACK_PORT + 2)); logs in $STACK_DIR). Ctrl-C to stop."
wait
