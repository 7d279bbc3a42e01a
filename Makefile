# Quick start: `make run` opens the app on the demo data; `make test` runs the checks (ruff, import contracts)
# and the tests but those marked slow, which `make test-slow` runs (.ci/run runs both).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-slow bench bench-rollup lint demo messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("qms-tui needs Python 3.11+") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/qms

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -n auto -m "not slow"

# The tests marked slow (crash and concurrency runs, random stores, the longest TUI journeys): CI runs them too.
test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -n auto -m slow

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-rollup: $(STAMP)
	$(BIN)/python bench/rollup.py

# The gettext catalogues: new ids from the code into both qms.po, then both compiled to qms.mo (commit all four).
messages: $(STAMP)
	$(BIN)/python scripts/help_ids.py --write
	$(BIN)/python scripts/i18n.py

demo: $(STAMP)
	$(BIN)/python data/generate_demo.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache dist build
