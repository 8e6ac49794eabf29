# The two commands a new user needs: `make run` and `make test` (see README.md).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Development only when asked: the app refuses to start with ACADEMY_ENV unset.
FLASK := ACADEMY_ENV=$${ACADEMY_ENV:-development} $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install system-packages run setup test test-postgres bench profile load lint format clean wheel-check

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Fonts with CJK and Thai glyphs for the PDF dossiers, poppler for PDF checks, Chromium for
# browser tests: installed from Debian when we may (root with apt), otherwise named.
system-packages:
	@sh .ci/system-packages $(SYSTEM_PACKAGES)

setup: install system-packages
	$(FLASK) setup

run: setup
	$(FLASK) run --host $(HOST) --port $(PORT)

# The suite on every core (pytest-xdist; `worksteal` evens out files of very different sizes):
# each worker has its own PostgreSQL and Redis database (tests/parallel.py). PYTEST_WORKERS=0
# runs it in one process.
PYTEST_WORKERS ?= auto
test: install system-packages
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

bench: install system-packages
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	@sh .ci/system-packages libpango-1.0-0 libpangoft2-1.0-0 wrk
	$(BIN)/python tests/benchmarks/run_all.py

# Where each page's time goes (SQL, ORM, Jinja, session, CSRF, logging, PDF, fonts, charts), on
# the load database (PROFILE_DATABASE, default academy_load; built when missing).
profile: install
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python tests/benchmarks/bench_profile.py $(PROFILE_ARGS)

load: install
	@sh .ci/system-packages wrk
	$(BIN)/python tests/benchmarks/load.py

# Build the wheel, install it in a fresh venv outside the checkout, migrate, serve, ask /readyz.
wheel-check:
	PYTHON=$(PYTHON) bash .ci/wheel-check

lint: install
	$(BIN)/ruff check academy tests app.py config.py
	$(BIN)/ruff format --check academy tests app.py config.py
	$(BIN)/mypy

format: install
	$(BIN)/ruff format academy tests app.py config.py
	$(BIN)/ruff check --fix academy tests app.py config.py

clean:
	rm -rf $(VENV) instance/*.sqlite .pytest_cache bench-results
