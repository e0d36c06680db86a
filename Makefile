# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv with the machine's Python 3.11+ when it is missing, and install
# exactly the locked versions (requirements/development.txt, every package with its
# hashes) only when the lock is newer than the venv's stamp. After changing a pin in
# pyproject.toml, `make lock` writes both lock files again.
# `make test PYTEST_ARGS='-k demo -x'` passes options to pytest; it runs `make lint` first,
# so CI refuses code that ruff does not pass.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

LOCK := requirements/development.txt
UV_COMPILE := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet

.PHONY: run test lint format bench venv lock

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
	$(PY) bench/compliance_matrix.py
	$(PY) bench/monitoring_ingest.py

venv: $(STAMP)

# The production image installs requirements/production.txt (no test tools, no embedded
# servers); development adds the `dev` and `local` extras.
lock: $(STAMP)
	$(PY) -m pip install --disable-pip-version-check --quiet uv==0.13.8
	$(UV_COMPILE) --extra s3 -o requirements/production.txt
	$(UV_COMPILE) --extra dev --extra local -o $(LOCK)

$(STAMP): $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	@test -x $(PY) || { echo "Creating $(VENV) ..."; $(PYTHON) -m venv $(VENV); }
	@echo "Installing the locked dependencies and development tools into $(VENV) ..."
	$(PY) -m pip install --disable-pip-version-check --quiet --require-hashes -r $(LOCK)
	@touch $(STAMP)
