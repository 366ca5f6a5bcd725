# marsad: `make demo` sets up and analyses the sample articles; `make test` sets up and runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
SEEDS ?= ../shared/seeds
OUT ?= out/demo

.PHONY: setup demo test lint typecheck unit clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(BIN)/marsad analyze $(SEEDS) --out $(OUT)

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q

test: lint typecheck unit

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
