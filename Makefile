# policykg: `make run` (the main job) and `make test` are the two commands of the README.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Everything outside the repository lives under POLICYKG_HOME; the tests get a home of their own
# (their own Neo4j on other ports, their own embedded store) and share only the trained models.
DATA_HOME := $(or $(POLICYKG_HOME),$(HOME)/.local/share/policykg)
MODELS    := $(or $(POLICYKG_MODELS),$(DATA_HOME)/models)
TEST_ENV  := POLICYKG_HOME=$(DATA_HOME)/test POLICYKG_MODELS=$(MODELS) \
             POLICYKG_NEO4J_HTTP_PORT=17474 POLICYKG_NEO4J_BOLT_PORT=17687

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

# The main job: extract the sample corpus into out/ (scored against the development gold set
# when it is beside the repository), build the embedded graph and serve the query API over it.
run: setup
	$(BIN)/policykg extract data/samples --out out
	@if [ -d ../shared/eval/gold ]; then $(BIN)/policykg eval ../shared/eval/gold out; fi
	$(BIN)/policykg build data/samples --validate
	$(BIN)/policykg query provinces --topic IPv6
	$(BIN)/policykg serve

# The tests run against a real Neo4j, installed from Maven Central and started for them.
test: setup
	$(TEST_ENV) $(BIN)/policykg neo4j install
	$(TEST_ENV) $(BIN)/policykg neo4j start
	$(TEST_ENV) $(BIN)/python -m pytest -q; status=$$?; $(TEST_ENV) $(BIN)/policykg neo4j stop; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check kg_builder api tests benchmarks
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/extract_throughput.py --processes 2

clean:
	rm -rf $(VENV) out
