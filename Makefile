# Baylink: `make demo` serves the demo on http://127.0.0.1:8000, `make test` runs every check.
# Both work on a fresh clone with Python 3.11+, Node.js/npm, and (for tests) apt for Chromium.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
VENDOR := baylink/static/vendor/echarts/echarts.min.js
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help demo test assets lint typecheck pytest pytest-sqlite pytest-postgres system-deps messages bench clean

help:
	@echo "make demo   install, build assets, load the demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test   install what tests need (browser included) and run lint, types and all tests"
	@echo "make bench  run the benchmarks in bench/ (reads ../shared where a benchmark needs it)"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Baylink needs Python 3.11 or newer on PATH."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.runtime

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Baylink needs Node.js and npm to install its front-end assets."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR): node_modules/.package-lock.json scripts/vendor_assets.py | $(BIN)/python
	$(BIN)/python scripts/vendor_assets.py

assets: $(VENDOR)

demo: $(VENV)/.runtime assets
	$(BIN)/baylink demo --host $(HOST) --port $(PORT)

# Chromium and a CJK font for the browser tests, gettext for the translation catalogue checks.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v msgfmt >/dev/null \
		|| ! fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei'; then \
		export DEBIAN_FRONTEND=noninteractive; \
		$(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei gettext >/dev/null \
		|| { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei gettext >/dev/null; }; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

# Browser tests run in a process of their own: a real server and browser, no state from the rest.
pytest-sqlite: $(VENV)/.dev assets system-deps
	env -u DATABASE_URL BAYLINK_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -m "not browser"
	env -u DATABASE_URL BAYLINK_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -m browser

# PostgreSQL too, when DATABASE_URL points at one or a local server answers.
pytest-postgres: $(VENV)/.dev assets system-deps
	@url=$$($(BIN)/python scripts/postgres_url.py); \
	if [ -n "$$url" ]; then echo "PostgreSQL: $$url"; \
		DATABASE_URL=$$url BAYLINK_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -m "not browser" && \
		DATABASE_URL=$$url BAYLINK_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -m browser; \
	else echo "No PostgreSQL reachable: skipping the PostgreSQL run."; fi

pytest: pytest-sqlite pytest-postgres

test: lint typecheck pytest

messages: $(VENV)/.dev
	$(BIN)/python scripts/messages.py

bench: $(VENV)/.dev assets
	@for b in bench/*.py; do case $$b in */_*) continue;; esac; echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) node_modules baylink/static/vendor var .mypy_cache .ruff_cache .pytest_cache
