# Venster: `make run` to try it, `make test` to check it.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed

.PHONY: install run serve test lint messages bench load audit clean

$(INSTALLED): pyproject.toml
	@echo "==> Creating a virtual environment in $(VENV) with $(PYTHON)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "==> Installing Venster and its dependencies (the first time takes a few minutes)"
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@echo "==> Building the anonymiser's Dutch name lists (deduce; first time about 2 minutes)"
	@# deduce compares file times in local time; build them in Venster's time zone.
	@TZ=Europe/Amsterdam $(PY) -c "from deduce import Deduce; Deduce()"
	@touch $@

install: $(INSTALLED)

run: install
	@echo "==> Preparing the database (SQLite in db.sqlite3 unless DATABASE_URL is set)"
	@$(PY) manage.py migrate --noinput -v0
	@echo "==> Loading the demo content (once; a second run adds nothing)"
	@$(PY) manage.py load_demo
	@$(PY) manage.py search_index
	@$(PY) manage.py ensure_admin
	@echo "==> Venster runs at http://127.0.0.1:8000/ (admin at /admin/); Ctrl-C stops it"
	@$(PY) manage.py runserver 127.0.0.1:8000

test: install
	@$(BIN)/pytest

lint: install
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/lint-imports

messages: install
	@$(PY) manage.py makemessages -l nl --no-obsolete --no-location --ignore '.venv/*'
	@$(PY) manage.py compilemessages -l nl --ignore '.venv/*'

bench: install
	@$(PY) -m benchmarks

load: install
	@$(PY) -m benchmarks.load $(LOAD_ARGS)

audit: install
	@$(PY) -m pip install --quiet --disable-pip-version-check -e ".[audit]"
	@$(BIN)/bandit -q -r config leren verhalen search -x '*/migrations/*'
	@$(BIN)/pip-audit --progress-spinner off --skip-editable

clean:
	rm -rf $(VENV) db.sqlite3 static var
