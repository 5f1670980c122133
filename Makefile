# Pacte: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PACTE_DATA_DIR ?= $(CURDIR)/var

.PHONY: run install install-dev test lint format messages test-postgres test-browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's description changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/pacte migrate --no-input -v 0
	$(BIN)/pacte demo --if-empty
	PORT=$(PORT) $(BIN)/pacte serve

# ruff, then the layer contract of pyproject.toml (import-linter): a lower layer never
# imports a higher one.
lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	cd src && ../$(BIN)/lint-imports --config ../pyproject.toml

format: install-dev
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

# Everything that can run here: lint, Django's checks, migrations up to date, the suite on
# SQLite. The PostgreSQL and browser tests skip, saying why, when their server is missing.
# The suite runs on every core (pytest-xdist; PYTEST_WORKERS=0 runs it in one process).
PYTEST_WORKERS ?= auto

test: install-dev lint
	PACTE_DATA_DIR=$$(mktemp -d) $(BIN)/python -m django check --settings=pacte.settings --fail-level WARNING
	PACTE_DATA_DIR=$$(mktemp -d) $(BIN)/python -m django makemigrations --check --dry-run --settings=pacte.settings
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

test-postgres: install-dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pacte} $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not browser"

test-browser: install-dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m browser

# Regenerate the French catalogue after changing UI strings, then translate and compile.
messages: install-dev
	cd src/pacte && ../../$(BIN)/python -m django makemessages -l fr --settings=pacte.settings --ignore 'tests/*' --add-location file --no-obsolete
	cd src/pacte && ../../$(BIN)/python -m django compilemessages -l fr --settings=pacte.settings

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
