# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv with the machine's Python 3.11+ when it is missing, and
# reinstall the project only when pyproject.toml is newer than the venv's stamp.
# `make test PYTEST_ARGS='-k demo -x'` passes options to pytest; it runs `make lint` first,
# so CI refuses code that ruff does not pass.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: run test lint format bench venv

run: $(STAMP)
	$(PY) manage.py run_portal

test: $(STAMP) lint
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(PY) bench/list_pages.py
	$(PY) bench/risk_list.py
	$(PY) bench/clock_sweep.py
	$(PY) bench/pack_render.py

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	@test -x $(PY) || { echo "Creating $(VENV) ..."; $(PYTHON) -m venv $(VENV); }
	@echo "Installing the project and its development tools into $(VENV) ..."
	$(PY) -m pip install --disable-pip-version-check --quiet -e '.[dev]'
	@touch $(STAMP)
