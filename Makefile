# blogdesk: the two set-up commands are `make run` and `make test`; each creates .venv as needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
QUICK ?=

.PHONY: setup run test lint system-deps bench screenshots soak install-desktop translations clean

$(STAMP): pyproject.toml setup.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(STAMP)

run: setup
	$(VENV)/bin/blogdesk posts

system-deps:
	@bash scripts/system-deps.sh

# LONG=1: the long property runs too (BLOGDESK_LONG_RUN=1, as `make soak` sets it)
test: setup system-deps
	$(if $(LONG),BLOGDESK_LONG_RUN=1 ,)$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@touch $@

bench: $(BENCH_STAMP) system-deps
	$(PY) bench/run.py $(if $(QUICK),--quick,)

screenshots: setup system-deps
	$(PY) scripts/screenshots.py

soak: setup system-deps
	BLOGDESK_LONG_RUN=1 $(PY) -m pytest -q tests/test_hostile_inputs.py tests/core/test_incremental_property.py
	$(PY) scripts/soak.py

# the template of every UI string, made afresh (a translator copies it to blogdesk_<locale>.ts,
# and `pyside6-lrelease` compiles that to the .qm the app loads); tests check it is up to date
TS_TEMPLATE := resources/translations/blogdesk.ts
translations: setup
	rm -f $(TS_TEMPLATE)
	$(VENV)/bin/pyside6-lupdate -silent -locations none -no-obsolete -extensions py src/blogdesk -ts $(TS_TEMPLATE)

install-desktop: setup
	$(VENV)/bin/blogdesk install-desktop

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
