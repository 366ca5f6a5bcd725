# marsad: `make demo` sets up and analyses the sample articles; `make test` sets up and runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
SEEDS ?= ../shared/seeds
OUT ?= out/demo

.PHONY: setup demo serve test lint typecheck unit train-ner train-stance bench clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	mkdir -p $(OUT)
	rm -f $(OUT)/marsad.db $(OUT)/marsad.db-wal $(OUT)/marsad.db-shm $(OUT)/marsad.db.index
	$(BIN)/marsad analyze $(SEEDS) --db $(OUT)/marsad.db --out $(OUT)
	@echo "Open $(OUT)/report.html, or browse everything with: make serve"

serve: setup
	$(BIN)/marsad serve --db $(OUT)/marsad.db

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q

test: lint typecheck unit

train-ner: setup
	$(BIN)/pip install -c constraints.txt -e '.[train]'
	mkdir -p out/ner-stage1
	$(BIN)/python scripts/train_ner.py --out out/ner-stage1 --vectors-cache out/ner-vectors.npz
	$(BIN)/python scripts/train_ner.py --init out/ner-stage1/ner.npz --lr 0.001 --epochs 12 --average-init \
		--vectors-cache out/ner-vectors.npz

train-stance: setup
	$(BIN)/python scripts/train_stance.py

bench: setup
	for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script | tail -n 1; done

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
