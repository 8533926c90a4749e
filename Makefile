# blogdesk: the two set-up commands are `make run` and `make test`; each creates .venv as needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
QUICK ?=

.PHONY: setup run test lint system-deps bench screenshots soak install-desktop clean

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

test: setup system-deps
	$(PY) -m pytest -q

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
	$(PY) scripts/soak.py

install-desktop: setup
	$(VENV)/bin/blogdesk install-desktop

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
