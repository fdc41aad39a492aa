# make serve  : set up everything on a fresh machine, build, serve with live reload
# make test   : set up everything (browser included), run unit and browser tests
# make build  : write the static site to site/
# make bench  : print the benchmark figures
# Every target is idempotent: what is installed already is reused.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test unit js-unit bench browser engines clean

$(VENV)/.stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --group dev
	$(PY) -m pip install -q --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(VENV)/.stamp node_modules/.package-lock.json

# The browser the tests drive: Debian's Chromium where we can, otherwise
# Playwright's own build (tooling/browser.py does the lookup).
browser: $(VENV)/.stamp
	@$(PY) -m tooling.browser --ensure

# The other engines (tests/engines/): Firefox ESR and WebKitGTK from Debian, installed
# as root when missing; elsewhere it says which engine the tests skip, and why
# (tooling/engines.py).
engines: setup
	@$(PY) -m tooling.engines --ensure

build: setup
	$(PY) -m mkdocs build --strict

serve: setup
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

# Pure JavaScript (formatter, link codec, labels) with node's own test runner.
js-unit: setup
	node --test tests/js/

unit: setup js-unit
	$(PY) -m pytest tests/unit -q

# The tests serve the build at its site_url (instant navigation needs it).
NNBOOK_TEST_SITE_URL ?= http://127.0.0.1:8765/
export NNBOOK_TEST_SITE_URL
TEST_SITE_URL := $(NNBOOK_TEST_SITE_URL)

test: setup browser engines js-unit
	NNBOOK_SITE_URL=$(TEST_SITE_URL) $(PY) -m mkdocs build --strict
	$(PY) -m pytest tests -q

bench: setup browser engines
	NNBOOK_SITE_URL=$(TEST_SITE_URL) $(PY) -m mkdocs build --strict
	$(PY) bench/run.py

clean:
	rm -rf site build
