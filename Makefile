# The two commands a newcomer needs: `make run` and `make test`.
# Each creates .venv and installs what it needs first; both are safe to repeat.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# `make run` serves on $(HOST):$(PORT); both may come from the environment (PORT=8080 make run).
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint install install-test browser

run: install
	$(VENV)/bin/flask --app app run --host $(HOST) --port $(PORT)

test: install-test browser node_modules/.installed lint
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff (lint) and mypy (types; strict on geo/ and the scoring engine), both from pyproject.toml.
lint: install-test
	$(PY) -m ruff check .
	$(PY) -m mypy

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed

# axe-core (accessibility checks in the browser tests) from the npm registry.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Browser tests drive Debian's chromium (no browser download of a test tool's own). Japanese fonts
# are checked on their own: without them Japanese screenshots are empty boxes while the tests pass.
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk; }
	@fc-list :lang=ja family 2>/dev/null | grep -q . || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fontconfig fonts-noto-cjk; }
