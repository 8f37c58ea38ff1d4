# The two commands of the README: `make run` (site with demo data) and `make test` (all tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py
HOST ?= 127.0.0.1
PORT ?= 5000
EVENTS ?= 1800

.PHONY: vnu run test install install-dev translations db demo system-deps chromium pg-redis bench clean stack stack-deps load-bench screenshots

# The stamp is written last: an interrupted creation is redone on the next run.
$(VENV)/.ready:
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	touch $@

install: $(VENV)/.ready
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(VENV)/.ready
	$(BIN)/pip install --quiet -r requirements-dev.txt

translations:
	$(BIN)/pybabel compile -f -d app/translations >/dev/null

db:
	$(BIN)/flask db upgrade
	$(BIN)/flask reference-data

demo: db
	$(BIN)/flask demo-data --events $(EVENTS) --if-empty

# WeasyPrint (PDF programme and bilan) needs Pango from Debian.
system-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; fi; }

run: system-deps install translations demo
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# Browser tests use Debian's Chromium (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

# PostgreSQL and Redis from Debian, for the second run of the suite on the production stack.
pg-redis:
	@{ ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql redis-server >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq postgresql redis-server >/dev/null; fi; }

# Lint and format first (ruff.toml): a new violation fails the command before any test runs.
# Then the whole suite twice: on SQLite (with the browser tests), then on a private PostgreSQL
# cluster and Redis server started for the run (scripts/services.sh) and stopped after.
# pytest's exit code 5 ("no tests collected") is not a failure; make would turn it into 2.
SERVICES_DIR ?= /tmp/moisess-test-services
test: system-deps install-dev translations chromium pg-redis vnu
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest: no tests collected (exit 5)"; status=0; fi; \
	  [ $$status -eq 0 ] || exit $$status; \
	  rm -rf $(SERVICES_DIR); eval "$$(scripts/services.sh start $(SERVICES_DIR))" || exit 1; \
	  echo "--- same suite on PostgreSQL + Redis ---"; \
	  TEST_DATABASE_URL=$$DATABASE_URL TEST_REDIS_URL=$$REDIS_URL DATABASE_URL= REDIS_URL= \
	    $(BIN)/python -m pytest -p no:cacheprovider --ignore=tests/browser $(PYTEST_ARGS); status=$$?; \
	  scripts/services.sh stop $(SERVICES_DIR); \
	  if [ $$status -eq 5 ]; then echo "pytest: no tests collected (exit 5)"; exit 0; fi; exit $$status

# The W3C HTML checker (Nu Html Checker, Java) for tests/web/test_html_validity.py, from npm,
# into .tools/ (not committed). Java and npm come from Debian (default-jre-headless, npm).
VNU_VERSION := 26.9.27
vnu: .tools/node_modules/vnu-jar/build/dist/vnu.jar
.tools/node_modules/vnu-jar/build/dist/vnu.jar:
	@{ command -v java >/dev/null && command -v npm >/dev/null; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless npm >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq default-jre-headless npm >/dev/null; fi; }
	npm install --prefix .tools --no-audit --no-fund --ignore-scripts --silent vnu-jar@$(VNU_VERSION)

# nginx (in front of the local stack) and wrk (the load generator of bench/load_bench.py).
stack-deps:
	@{ command -v wrk >/dev/null && { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; }; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx-light wrk >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq nginx-light wrk >/dev/null; fi; }

# The production stack on loopback (PostgreSQL, Redis, two gunicorn servers, nginx on
# http://127.0.0.1:8000/); Ctrl-C stops everything.
# `make stack EVENTS=20000 ORGANISATIONS=5000 VOTES=50000` (the load benchmark's data).
stack: install pg-redis stack-deps translations
	scripts/stack.sh start --events $(EVENTS) $(if $(ORGANISATIONS),--organisations $(ORGANISATIONS)) \
	  $(if $(VOTES),--votes $(VOTES))

# Load benchmark (wrk): PostgreSQL + Redis, then SQLite, behind the same nginx and two gunicorn
# servers, then SQLite under one gunicorn alone (two rows); ~10 minutes.
load-bench: install-dev pg-redis stack-deps translations
	bench/load_both.sh

# PNGs of the main pages at 1366×900 and 390×844 (temporary database with demo data, Chromium)
# into screenshots/ (git-ignored), for review; `make screenshots BASE_URL=http://127.0.0.1:5000`
# photographs a running site instead.
screenshots: system-deps install-dev translations chromium
	$(BIN)/python scripts/screenshots.py --out screenshots $(if $(BASE_URL),--base-url $(BASE_URL))

bench: install-dev translations
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/map_bench.py
	$(BIN)/python bench/bilan_bench.py

clean:
	rm -rf $(VENV) .pytest_cache
