# verdensmaal: `make run` serves the product, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
export VERDENSMAAL_DATA_DIR ?= $(CURDIR)/var

.PHONY: run install test test-install lint format messages reference clean

$(BIN)/verdensmaal: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install: $(BIN)/verdensmaal
	$(BIN)/verdensmaal compile_translations

run: install
	$(BIN)/verdensmaal migrate --noinput
	$(BIN)/verdensmaal collectstatic --noinput --verbosity 0
	$(BIN)/verdensmaal load_reference
	$(BIN)/verdensmaal load_demo
	# The background worker (strategy screening) beside the web server, stopped with it.
	$(BIN)/verdensmaal worker & trap 'kill $$! 2>/dev/null' EXIT; $(BIN)/verdensmaal serve

$(VENV)/.test-installed: $(BIN)/verdensmaal pyproject.toml package.json package-lock.json
	$(BIN)/python -m pip install --quiet -e ".[test]"
	npm ci --no-audit --no-fund --silent
	touch $@

test-install: install $(VENV)/.test-installed

test: test-install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	bash scripts/run_tests.sh

lint:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract the translatable strings into the Danish catalogue (needs GNU gettext).
messages:
	cd src/verdensmaal && ../../$(BIN)/verdensmaal makemessages --locale da --no-obsolete

reference:
	$(BIN)/python scripts/build_reference_data.py ../shared/data

clean:
	rm -rf $(VENV) var
