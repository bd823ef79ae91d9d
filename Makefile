# Two commands for a newcomer: `make run` starts the app, `make test` runs lint and every test.
# Each creates .venv and installs what it needs when missing or when a requirements file changes.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run replicas test check bench fuzz screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

# `streamlit run` with TCP_NODELAY on every connection (vcf_ui/serve.py says why); it takes streamlit run's options.
run: $(VENV)/.runtime
	$(BIN)/python -m vcf_ui.serve app.py --server.port $(PORT)

# REPLICAS servers (one per core) behind Debian's HAProxy on PORT, one shared cookie secret; Ctrl-C stops them all.
# Needs `apt-get install haproxy`. Add BIND=0.0.0.0 to serve a classroom network (vcf_ui/replicas.py).
REPLICAS ?= 2
BIND ?= 127.0.0.1
replicas: $(VENV)/.runtime
	$(BIN)/python -m vcf_ui.replicas --replicas $(REPLICAS) --port $(PORT) --bind $(BIND)

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

check: $(VENV)/.runtime
	$(BIN)/python -m vcf_logic check

# Redraw docs/screenshots/*.png from the browser tests that take them (a plain `make test` writes none).
screenshots: $(VENV)/.dev
	VCF_SCREENSHOTS=docs/screenshots REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q tests/test_navigation_browser.py \
		tests/test_walker_browser.py tests/test_evidence_browser.py tests/test_scenario_browser.py \
		tests/test_class_browser.py tests/test_second_edition_browser.py \
		tests/test_room_and_phone_browser.py tests/test_charts_browser.py

bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks

# Hostile and clumsy input, 1,000 generated cases per surface (query strings, uploads, recommend, check), ~5 min.
fuzz: $(VENV)/.dev
	$(BIN)/python -m benchmarks.fuzz --cases 1000

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
