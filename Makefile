# Stargate by the Numbers. `make book` and `make test` do all the set-up themselves:
# a .venv rebuilt whenever requirements.txt or pyproject.toml change, and (for tests)
# Debian's Chromium, installed with apt-get when it is missing and we are root.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
SCENARIO ?= scenarios/base.yaml
CHAPTER ?=
CHROMIUM_BIN ?= chromium
PORT ?= 8000
BOOK ?= _build/html
RUNS ?= 3
APT_GET ?= apt-get
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help book serve scenario run compare bench mutate coverage robustness test test-unit lint check params chromium clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(READY): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: $(PYTHON) must be Python 3.11 or newer"; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv; \
	  else echo "error: Python's venv module is missing: sudo apt-get install python3-venv"; exit 1; fi; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

book: $(READY) ## Execute the chapters whose inputs changed (base case); publish _build/html
	$(PY) -m stargate_report build

serve: ## Preview the published book on http://127.0.0.1:$(PORT)/ (make book first)
	@test -e $(BOOK)/index.html || { echo "error: no book in $(BOOK): run make book first"; exit 1; }
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory $(BOOK)

scenario: $(READY) ## Build a scenario book: make scenario SCENARIO=scenarios/x.yaml
	$(PY) -m stargate_report build --scenario $(SCENARIO)

run: $(READY) ## Rerun one chapter: make run CHAPTER=energy ARGS="-p pue=1.5"
	@test -n "$(CHAPTER)" || { echo 'usage: make run CHAPTER=energy ARGS="-p pue=1.5"'; exit 2; }
	$(PY) -m stargate_report run $(CHAPTER) $(ARGS)

compare: $(READY) ## Key outputs of every scenario file side by side (nothing executed)
	$(PY) -m stargate_report compare $(ARGS)

check: $(READY) ## Validate the data package and every scenario file; execute nothing
	$(PY) -m stargate_report check

params: $(READY) ## List every chapter parameter with default, unit, range and basis
	$(PY) -m stargate_report params

bench: $(READY) ## Time cold build, no-op rebuild and a rerun against plain jupyter-book
	$(PY) -m stargate_report.bench --runs $(RUNS) --out docs/benchmark.md

chromium: ## Install Debian's Chromium for the browser tests if it is missing
	@command -v $(CHROMIUM_BIN) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "error: Chromium ($(CHROMIUM_BIN)) is missing: sudo apt-get install chromium"; exit 1; fi; \
	  $(APT_GET) update -qq && $(APT_GET) install -y -qq chromium || { \
	    echo "error: Chromium ($(CHROMIUM_BIN)) is missing and '$(APT_GET) install chromium' failed"; exit 1; }; }

lint: $(READY) ## Check the package, the tests and the notebooks with ruff
	$(VENV)/bin/ruff check .

mutate: $(READY) ## Mutation testing of the models against the unit tests (slow) -> docs/mutation.md; ARGS=--survivors retests the survivors only
	$(PY) -m stargate_report.mutation --out docs/mutation.md $(ARGS)

coverage: $(READY) ## Line and branch coverage by the unit tests; model functions with no direct test
	$(PY) -m coverage run --branch --source=stargate_report -m pytest -q tests/unit
	$(PY) -m coverage report --skip-covered --sort=cover
	$(PY) -m stargate_report.testmap

test: $(READY) chromium lint ## Lint, then run every test: unit, integration (papermill, book build), browser
	$(PY) -m pytest

robustness: $(READY) ## Write docs/robustness.md from the tests that check each fault
	$(PY) -m pytest --collect-only -q -p no:randomly --robustness-table docs/robustness.md tests > /dev/null

test-unit: $(READY) ## Run the fast unit tests only
	$(PY) -m pytest tests/unit

clean: ## Remove everything built (the book, executed notebooks, screenshots)
	rm -rf _build
