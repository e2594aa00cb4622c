# Quick start: `make run` and `make test`. Both create .venv and install the project first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint venv bank clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

## Prepare the embedded database, load the question bank and start the bot.
run: $(STAMP)
	$(BIN)/qotd run --prepare

## Lint, architecture contracts, bank freshness, then the whole test suite.
test: $(STAMP) lint
	$(BIN)/qotd bank build --check
	$(BIN)/qotd bank lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## Rebuild content/bank from content/sources (commit the result).
bank: $(STAMP)
	$(BIN)/qotd bank build

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
