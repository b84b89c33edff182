# Only python3 (3.9 or newer) and make are assumed; every target sets up
# what it needs in .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test bench lint docs matrix ci-matrix real-extensions check-knowledge check-knowledge-short fuzz-migrate doctor-precision fuzz-upgrade dist clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 9))' || \
		{ echo "error: $(PYTHON) is older than Python 3.9; run make PYTHON=python3.X"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Both distributions of this repository, installed editable: Flask-SQLite3
# (flask-sqlite3/) and Flask-Ext-Redirect, whose .pth activates the redirect
# in .venv.
$(VENV)/.package: $(BIN)/python pyproject.toml flask-sqlite3/pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-e ./flask-sqlite3 -e .
	@touch $@

$(VENV)/.tests: $(VENV)/.package requirements/tests.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/tests.txt
	@touch $@

$(VENV)/.lint: $(VENV)/.tests requirements/lint.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lint.txt
	@touch $@

$(VENV)/.docs: $(VENV)/.package requirements/docs.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/docs.txt
	@touch $@

$(VENV)/.matrix: $(BIN)/python requirements/matrix.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/matrix.txt
	@touch $@

run: $(VENV)/.package
	$(BIN)/flask --app examples/guestbook run --host $(HOST) --port $(PORT)

# The whole suite, in parallel (pytest-xdist, WORKERS of them), under
# coverage: COVERAGE_PROCESS_START starts it in every interpreter of .venv
# before the redirect's .pth runs (pytest, its workers and the
# interpreters the tests start: start-up code runs in those), and the data
# of all of them is combined.  The redirect itself must stay at 95% branch
# coverage (judged when the whole suite ran: PYTEST_ARGS empty); the table
# shows only the files where it falls short.  A run that selects
# no test (pytest's exit status 5) fails.  PYTEST_ARGS picks tests, e.g.
# PYTEST_ARGS="tests/test_packaging.py"; WORKERS=0 runs them in one process.
WORKERS ?= auto
COVERED_REDIRECT := _flask_ext_redirect_startup.py,flask_ext_redirect/*
test: $(VENV)/.tests
	@rm -rf .cache/coverage && mkdir -p .cache/coverage
	@echo "make test: the whole suite on $(WORKERS) workers (pytest-xdist) under coverage; the real-venv tests take minutes"
	@start=$$(date +%s); status=0; \
	COVERAGE_PROCESS_START=$(CURDIR)/pyproject.toml \
		$(BIN)/python -m pytest -q -p no:cacheprovider -n $(WORKERS) $(PYTEST_ARGS) || status=$$?; \
	secs=$$(( $$(date +%s) - start )); \
	if [ $$status -eq 5 ]; then \
		echo "error: pytest ran no test (exit status 5): PYTEST_ARGS='$(PYTEST_ARGS)' selects none"; \
	elif [ $$status -ne 0 ]; then \
		echo "make test: FAILED after $$((secs / 60))m$$((secs % 60))s"; \
	else \
		echo "make test: the tests passed in $$((secs / 60))m$$((secs % 60))s"; \
	fi; \
	exit $$status
	@$(BIN)/python -m coverage combine -q
	@total=$$($(BIN)/python -m coverage report --format=total); \
	redirect=$$($(BIN)/python -m coverage report --format=total --include='$(COVERED_REDIRECT)'); \
	echo "make test: branch coverage $$redirect% of the redirect (95% required), $$total% overall"; \
	[ -n "$(PYTEST_ARGS)" ] || $(BIN)/python -m coverage report --fail-under=95 --include='$(COVERED_REDIRECT)' > /dev/null || { \
		$(BIN)/python -m coverage report --skip-covered --include='$(COVERED_REDIRECT)'; \
		echo "error: branch coverage of the redirect fell below 95% (the files above miss lines)"; \
		exit 1; }

bench: $(VENV)/.tests
	$(BIN)/python benchmarks/run.py

lint: $(VENV)/.lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Warnings are errors; nothing is fetched (no intersphinx), so it builds offline.
docs: $(VENV)/.docs
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

# Every Python 3.9-3.13 found (pyenv or PATH) x Flask 1.1-3.1, and Flask 0.12;
# see noxfile.py.  NOX_ARGS="-s step_aside" picks sessions.
matrix: $(VENV)/.matrix
	$(BIN)/nox $(NOX_ARGS)

# Oldest and newest Python x oldest and newest Flask: the part CI can afford.
# Here a missing interpreter is an error, not a skipped session.
ci-matrix: $(VENV)/.matrix
	$(BIN)/nox -s ci --error-on-missing-interpreters $(NOX_ARGS)

# The codemod's differential test over every module of the standard library
# of each Python 3.9-3.13 found (tests/migrate/differential.py); make test
# runs a 25-file slice of it. SEED=N picks another run.
SEED ?= 20260
fuzz-migrate: $(VENV)/.matrix
	$(BIN)/nox -s fuzz_migrate -- --seed $(SEED)

# migrate --upgrade over 49 releases of Flask extensions of 2012-2017 (pip
# downloads them into ~/.cache/flask-ext-redirect/upgrade-corpus), judged by
# pyflakes, the parser and the binding check: tests/migrate/fuzz_upgrade.py.
# NOX_ARGS="-- --short" runs the six releases CI runs.
fuzz-upgrade: $(VENV)/.matrix
	$(BIN)/nox -s fuzz_upgrade $(NOX_ARGS)

# The redirect against 25 real extensions of the flask.ext era on Flask 3.1:
# every submodule through flask.ext and directly, in fresh interpreters.
# NOX_ARGS="-- --short" checks three of them.
real-extensions: $(VENV)/.matrix
	$(BIN)/nox -s real_extensions $(NOX_ARGS)

# doctor over correct code (issue 13): the pinned current releases of 22
# popular extensions (each alone and their whole site-packages), and the
# example apps and test suites of 11 of their source distributions, must
# show no blocker.  NOX_ARGS="-- --short" (CI)
# checks five installed extensions; NOX_ARGS="-- --show" prints blockers.
doctor-precision: $(VENV)/.matrix
	$(BIN)/nox -s doctor_precision $(NOX_ARGS)

# The knowledge base against reality: installs, for every API entry checked
# "auto", the release that has the name and the one that removed it (one
# venv per release), and each extension beside the newest Flask; see
# noxfile.py.  Slow and networked, so not in 'test'.  NOX_ARGS="-R" reuses
# the venvs of an earlier run.
check-knowledge: $(VENV)/.matrix
	$(BIN)/nox -s knowledge knowledge_extensions knowledge_requirements $(NOX_ARGS)

# Four extension entries of the knowledge base, one of each kind (works,
# yanked, fails to install, fails in a submodule): the slice CI runs.
check-knowledge-short: $(VENV)/.matrix
	$(BIN)/nox -t knowledge-short $(NOX_ARGS)

$(VENV)/.release: $(VENV)/.tests requirements/release.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/release.txt
	@touch $@

# Wheel and sdist of both distributions into dist/, each wheel built from its
# sdist, then checked: metadata and README rendering (twine) and wheel
# contents (check-wheel-contents).  See docs/release.rst.
dist: $(VENV)/.release
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .
	$(BIN)/python -m build --no-isolation --outdir dist flask-sqlite3
	$(BIN)/twine check --strict dist/*
	@# Several top-level entries (W009), and the redirect's PEP 829 .start
	@# file among them (W003), are by design: each wheel must hold exactly
	@# the entries listed here.
	$(BIN)/check-wheel-contents --ignore W003,W009 --toplevel \
		flask_ext_redirect,_flask_ext_redirect_startup.py,flask_ext_redirect.pth,flask_ext_redirect.start \
		dist/flask_ext_redirect-*.whl
	$(BIN)/check-wheel-contents --ignore W009 --toplevel flask_sqlite3,flaskext \
		dist/flask_sqlite3-*.whl

clean:
	rm -rf $(VENV) dist build .cache .nox .pytest_cache .mypy_cache .ruff_cache docs/_build
