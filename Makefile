# memdb: `make run` starts the server, `make test` runs the tests; both create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-0.1.0
ARGS ?=

.PHONY: run test bench lint venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: venv
	$(BIN)/memdb-server $(ARGS)

test: venv
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: venv
	$(BIN)/python benchmarks/run_all.py

lint: venv
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check memdb tests benchmarks scripts
	$(BIN)/python -m compileall -q memdb

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
