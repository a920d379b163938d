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

.PHONY: setup system browser ocr model run test test-unit test-integration test-e2e lint bench pictures clean wheel-check

# Debian packages: Graphviz and a CJK font draw the briefings; Chromium runs the explorer's browser tests.
SUDO        := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL := $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
BRIEF_PACKAGES   := graphviz fonts-noto-cjk fontconfig
BROWSER_PACKAGES := chromium
# OCR of scanned PDFs (an option for users: `policykg setup --ocr`; the tests read a scan, so they install it)
OCR_PACKAGES     := tesseract-ocr tesseract-ocr-chi-sim
missing = $(strip $(foreach p,$(1),$(if $(shell dpkg-query -W -f='$${Status}' $(p) 2>/dev/null | grep -q 'ok installed' && echo y),,$(p))))

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

system:
	@pkgs="$(call missing,$(BRIEF_PACKAGES))"; if [ -n "$$pkgs" ]; then $(APT_INSTALL) $$pkgs; fi

browser:
	@pkgs="$(call missing,$(BROWSER_PACKAGES))"; if [ -n "$$pkgs" ]; then $(APT_INSTALL) $$pkgs; fi

ocr:
	@pkgs="$(call missing,$(OCR_PACKAGES))"; if [ -n "$$pkgs" ]; then $(APT_INSTALL) $$pkgs; fi

# Debian packages, Python dependencies, then the pkuseg model (trained once, cached under POLICYKG_HOME)
# and the explorer's front-end libraries (npm ci, cached there too).
setup: system $(STAMP) model

model: $(STAMP)
	$(BIN)/policykg setup

# The main job: extract the sample corpus into out/ (scored against the development gold set
# when it is beside the repository), build the embedded graph and serve the query API over it.
# PORT=N serves on another port; a port in use stops the job at once, before any work.
SERVE_PORT := $(if $(PORT),--port $(PORT))
run: setup
	$(BIN)/policykg serve --check $(SERVE_PORT)
	$(BIN)/policykg extract data/samples --out out
	@if [ -d ../shared/eval/gold ]; then $(BIN)/policykg eval ../shared/eval/gold out; fi
	$(BIN)/policykg build data/samples --validate
	$(BIN)/policykg query provinces --topic IPv6
	$(BIN)/policykg brief --topic IPv6 --out out/brief
	$(BIN)/policykg brief --topic IPv6 --kind map --out out/brief
	$(BIN)/policykg brief --topic IPv6 --kind timeline --out out/brief
	$(BIN)/policykg serve $(SERVE_PORT)

# The tests run against a real Neo4j, installed from Maven Central and started for them, and drive
# the explorer in Debian's Chromium; screenshots land in artifacts/screenshots/. Three tiers, each
# runnable alone: tests/unit (no model, no services; seconds), tests/integration (the model and both
# stores), tests/e2e (the API over both stores, the explorer and Neo4j Browser in Chromium).
# `make test` runs all three with a coverage report.
COVERAGE := --cov=kg_builder --cov=api --cov=policykg --cov-report=term:skip-covered
with_neo4j = $(TEST_ENV) $(BIN)/policykg setup && $(TEST_ENV) $(BIN)/policykg neo4j install && \
	$(TEST_ENV) $(BIN)/policykg neo4j start && \
	{ $(TEST_ENV) $(BIN)/python -m pytest -q $(1); status=$$?; $(TEST_ENV) $(BIN)/policykg neo4j stop; exit $$status; }

test: setup browser ocr
	$(call with_neo4j,$(COVERAGE))

test-integration: setup
	$(call with_neo4j,tests/integration)

test-e2e: setup browser
	$(call with_neo4j,tests/e2e)

# The package as a user installs it: a wheel in a fresh virtual environment outside the checkout,
# which must find its ontology, queries and data files and run extract, build and query.
wheel-check: $(STAMP)
	@set -e; tmp=$$(mktemp -d); \
	$(BIN)/pip wheel --quiet --no-deps -w $$tmp/dist . ; \
	$(PYTHON) -m venv $$tmp/venv; $$tmp/venv/bin/pip install --quiet $$tmp/dist/policykg-*.whl; \
	cd $$tmp; export POLICYKG_HOME=$$tmp/home POLICYKG_MODELS=$(MODELS); \
	$$tmp/venv/bin/policykg extract $(CURDIR)/data/samples --out out; \
	$$tmp/venv/bin/policykg build $(CURDIR)/data/samples --validate; \
	$$tmp/venv/bin/policykg query provinces --topic IPv6 | tee query.txt; \
	grep -q 湖南 query.txt && grep -q 吉林 query.txt; \
	$$tmp/venv/bin/policykg run --port 18431 > run.log 2>&1 & pid=$$!; \
	for i in $$(seq 60); do curl -sf 'http://127.0.0.1:18431/provinces?topic=IPv6' > served.json && break; sleep 1; done; \
	kill $$pid; grep -q 湖南 served.json || { cat run.log; exit 1; }; \
	echo "wheel-check: the installed wheel extracted, built, answered and served (run) outside the checkout"; rm -rf $$tmp

# The unit tier alone: no model, no services; seconds.
test-unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

lint: $(STAMP)
	$(BIN)/ruff check kg_builder api policykg tests benchmarks scripts
	$(BIN)/ruff format --check kg_builder api policykg tests benchmarks scripts
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/extract_throughput.py --processes 2

# The README's pictures, made by the commands they show: a briefing, and the explorer in the browser tests.
pictures: test
	$(BIN)/policykg build data/samples
	for kind in graph map timeline; do $(BIN)/policykg brief --topic IPv6 --kind $$kind --out docs/brief-ipv6; done
	cp artifacts/screenshots/explorer-ipv6.png artifacts/screenshots/explorer-evidence.png \
		artifacts/screenshots/explorer-map.png artifacts/screenshots/neo4j-browser.png \
		artifacts/screenshots/explorer-diffusion.png artifacts/screenshots/explorer-diffusion-map.png \
		artifacts/screenshots/explorer-sentences.png docs/

clean:
	rm -rf $(VENV) out artifacts
