# The two commands of the README: `make report` (main job) and `make test` (whole suite).
# Both install what they need into .venv first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SHARED_RAW ?= ../shared/data/raw
STAMP := $(VENV)/.installed-stamp

.PHONY: install data report test test-binder check lint lab browser docs notebooks normalize nbdime bench clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

install: $(STAMP)

## data: fetch raw files (from ../shared/data/raw when it exists, else the publisher's URL) and curate
## (CURATE_ARGS, e.g. --strict to refuse unmapped job titles, or --wait 600 to wait for a curation already running)
CURATE_ARGS ?=
data: $(STAMP)
	@if [ -d "$(SHARED_RAW)" ]; then $(PY) -m helpers fetch --from "$(SHARED_RAW)"; else $(PY) -m helpers fetch; fi
	$(PY) -m helpers curate $(CURATE_ARGS)

## report: curate (when raw data is at hand), execute every notebook, render site/
report: $(STAMP)
	@if [ -d "$(SHARED_RAW)" ] || [ -n "$$(ls data/raw/aijobs 2>/dev/null)" ]; then $(MAKE) --no-print-directory data; \
	else echo "no raw data at hand: using the committed data/curated"; fi
	$(PY) -m helpers site

## test: unit, property, bad-input, figure, conclusion tests and nbval over every notebook, on two workers: a file is one
## unit (a notebook's cells share a kernel), handed out in the order tests/conftest.py gives (slow files first).
## Bytecode caching stays on even where the shell turns it off, so pytest reuses its rewritten test modules.
test: $(STAMP) browser
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest --nbval -n 2 --dist loadfile --no-loadscope-reorder tests notebooks

## test-binder: what Binder (repo2docker, binder/) installs, built in a fresh virtual environment from the package
## index, then every notebook executed there (needs the network; CI runs it after `make test`)
test-binder: $(STAMP)
	$(PY) -m pytest -m binder -s tests/test_binder.py

## check: the fast checks of one notebook, from its stored outputs (NB=03, NB=notebooks/03_grade_progression.ipynb or NB=TEMPLATE):
## hygiene, study choices, titles, canonical metadata and the README index for that notebook, then its conclusion tests
NB ?=
check: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make check NB=03 (a notebook's number or path)"; exit 2; }
	@nb=$$(ls notebooks/$$(basename "$(NB)" .ipynb).ipynb notebooks/$$(basename "$(NB)" .ipynb | cut -c1-2)_*.ipynb 2>/dev/null | head -1); \
	test -n "$$nb" || { echo "no notebook matches $(NB)"; exit 2; }; name=$$(basename "$$nb" .ipynb); \
	test -f "tests/test_conclusions_$$name.py" || { echo "no tests/test_conclusions_$$name.py: a notebook's conclusions need their tests"; exit 1; }; \
	$(PY) -m pytest -q tests/test_notebook_hygiene.py tests/test_study.py tests/test_markdown_choices.py tests/test_titles.py tests/test_nbtools.py \
		tests/test_readme_index.py "tests/test_conclusions_$$name.py" -k "$$name or not ipynb and not rerunning"

lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks

## lab: JupyterLab on the notebooks, with the project's environment as the kernel
## (headless machine: `make lab LAB_ARGS=--no-browser`, then open the printed http://127.0.0.1:8888/lab?token=... URL)
LAB_ARGS ?=
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --notebook-dir=notebooks \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

## browser: Debian's Chromium and fonts for the site's browser test (never a downloaded browser build)
browser:
	@command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core)

## docs: the README's figures (docs/*.png, cells tagged docs:NAME), index and claims from the notebooks' stored outputs; data/LICENSES.md's salary sources
docs: $(STAMP)
	$(PY) -m helpers site --stored --docs --out site

## notebooks: re-execute every notebook and the template in place (fresh kernel each), then normalise metadata
notebooks: $(STAMP)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace notebooks/[0-9][0-9]_*.ipynb notebooks/TEMPLATE.ipynb
	$(PY) -m helpers.nbtools notebooks/[0-9][0-9]_*.ipynb notebooks/TEMPLATE.ipynb

## normalize: put every notebook's metadata into the committed canonical form (what the pre-commit hook does to staged ones)
normalize: $(STAMP)
	$(PY) -m helpers.nbtools notebooks/*.ipynb

## nbdime: readable notebook diffs and merges in git (the drivers .gitattributes names), for this clone only
nbdime: $(STAMP)
	$(VENV)/bin/nbdime config-git --enable
	git config diff.jupyternotebook.command "$(abspath $(VENV))/bin/git-nbdiffdriver diff"
	git config merge.jupyternotebook.driver "$(abspath $(VENV))/bin/git-nbmergedriver merge %O %A %B %L %P"

## bench: performance and scale benchmarks: prints the table and rewrites benchmarks/RESULTS.md (quick: BENCH_ARGS="--sizes 1e5 --runs 1")
BENCH_ARGS ?= --sizes 1e6,1e7 --write
bench: $(STAMP)
	@if [ -d "$(SHARED_RAW)" ]; then $(PY) -m helpers fetch --from "$(SHARED_RAW)"; fi
	$(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf site .site-* screenshots data/quarantine
