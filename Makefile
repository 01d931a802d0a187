# The two commands of the README: `make report` (main job) and `make test` (whole suite).
# Both install what they need into .venv first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SHARED_RAW ?= ../shared/data/raw
STAMP := $(VENV)/.installed-stamp

.PHONY: install data report test lint lab clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

install: $(STAMP)

## data: fetch raw files (from ../shared/data/raw when it exists, else the publisher's URL) and curate
data: $(STAMP)
	@if [ -d "$(SHARED_RAW)" ]; then $(PY) -m helpers fetch --from "$(SHARED_RAW)"; else $(PY) -m helpers fetch; fi
	$(PY) -m helpers curate

## report: curate (when raw data is at hand), execute every notebook, render site/
report: $(STAMP)
	@if [ -d "$(SHARED_RAW)" ] || [ -n "$$(ls data/raw/aijobs 2>/dev/null)" ]; then $(MAKE) --no-print-directory data; \
	else echo "no raw data at hand: using the committed data/curated"; fi
	$(PY) -m helpers report

## test: unit, property, bad-input, figure, conclusion tests and nbval over every notebook
test: $(STAMP)
	$(PY) -m pytest --nbval tests notebooks

lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks

## lab: JupyterLab on the notebooks, with the project's environment as the kernel
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf site .site-* screenshots data/quarantine
