# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
GONGKAI := $(BIN)/gongkai
HOST ?= 127.0.0.1
PORT ?= 8000
PURE_TESTS := tests/rules tests/reportcheck tests/privacy tests/extract

.PHONY: install run test lint test-sqlite test-postgres browser nginx fonts clean

# The package with its `gongkai` command, installed into .venv (editable, so the checkout's
# var/ holds the local database).
$(GONGKAI): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(GONGKAI)

$(VENV)/.test-deps: $(GONGKAI)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(GONGKAI)

# The demo prints the back office's address from GONGKAI_BASE_URL: the host and port served.
# The worker (reminders, scheduled publishing, queued jobs) runs beside the server and is
# stopped when the server stops.
run: export GONGKAI_BASE_URL ?= http://$(HOST):$(PORT)
run: $(GONGKAI) fonts
	$(GONGKAI) demo
	$(GONGKAI) worker & pid=$$!; trap 'kill $$pid 2>/dev/null' EXIT INT TERM; \
	  $(GONGKAI) runserver $(HOST):$(PORT)

lint: $(VENV)/.test-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(GONGKAI) makemigrations --check --dry-run
	$(BIN)/lint-imports

test-sqlite: $(VENV)/.test-deps browser nginx fonts
	$(BIN)/python -m pytest -q

# The database tests again on PostgreSQL, when CI (or you) name one; Django creates its own
# test database next to the one named.
test-postgres: $(VENV)/.test-deps fonts
	@if [ -z "$$GONGKAI_TEST_DATABASE_URL" ]; then \
	  echo "PostgreSQL run skipped: GONGKAI_TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)"; \
	else \
	  echo "Database tests on PostgreSQL ($$GONGKAI_TEST_DATABASE_URL)"; \
	  scripts/ensure-pg-client.sh "$$GONGKAI_TEST_DATABASE_URL"; \
	  GONGKAI_DATABASE_URL="$$GONGKAI_TEST_DATABASE_URL" $(BIN)/python -m pytest -q -m "not browser" \
	    $(foreach dir,$(PURE_TESTS),--ignore=$(dir)); \
	fi

browser:
	scripts/ensure-browser.sh

# Debian's nginx for the static-publishing test (tests/publishing/test_nginx.py).
nginx:
	scripts/ensure-nginx.sh

# CJK fonts and HarfBuzz subsetting for the PDF letters and reports.
fonts:
	scripts/ensure-fonts.sh

test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) var test-output
