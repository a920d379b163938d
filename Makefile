# policykg: `make run` (the main job) and `make test` are the two commands of the README.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup model run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Python dependencies, then the pkuseg model (trained once, cached under POLICYKG_HOME).
setup: $(STAMP) model

model: $(STAMP)
	$(BIN)/policykg setup

# The main job: extract entities, relations and evidence from the sample corpus into out/,
# and score them against the development gold set when it is beside the repository.
run: setup
	$(BIN)/policykg extract data/samples --out out
	@if [ -d ../shared/eval/gold ]; then $(BIN)/policykg eval ../shared/eval/gold out; fi

test: setup
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg_builder tests benchmarks
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/extract_throughput.py --processes 2

clean:
	rm -rf $(VENV) out
