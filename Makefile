# The two README commands: `make site` builds everything, `make test` runs the whole suite.
# Both set themselves up on a fresh Debian machine with Python 3.11 (virtualenv in .venv/).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the tests need: command -> package.
SYSTEM_DEPS := chromium:chromium pdftotext:poppler-utils pdftoppm:poppler-utils qpdf:qpdf git:git node:nodejs \
  /usr/lib/postgresql/15/bin/initdb:postgresql
# Debian libraries WeasyPrint loads (the benchmark's comparison PDF path; tests/test_bench.py runs it).
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

.PHONY: site test check lint system-deps clean bench

site: $(VENV)/.installed
	$(BIN)/policy build

test: $(VENV)/.installed-test system-deps
	$(BIN)/ruff check build_scripts tests tools
	$(BIN)/mypy
	$(BIN)/pytest

check: $(VENV)/.installed
	$(BIN)/policy check

lint: $(VENV)/.installed-test
	$(BIN)/ruff check build_scripts tests tools
	$(BIN)/ruff format --check build_scripts tests tools
	$(BIN)/mypy

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV) || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

system-deps:
	@missing=""; for pair in $(SYSTEM_DEPS); do \
	  command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	for lib in $(SYSTEM_LIBS); do \
	  dpkg-query -W -f='$${db:Status-Status}' "$$lib" 2>/dev/null | grep -qx installed || missing="$$missing $$lib"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# A longer fuzzing run than `make test` does (1000 examples per property instead of 60).
.PHONY: fuzz
fuzz: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -m fuzz --hypothesis-show-statistics -p no:cacheprovider tests/test_fuzz.py

clean:
	rm -rf site .site.* .pytest_cache .mypy_cache .ruff_cache

# PNGs of every page type (1280 and 375 px wide) and page 1 of every PDF type, into screenshots/.
.PHONY: screenshots
screenshots: $(VENV)/.installed-test system-deps
	test -f site/manifest.json || $(BIN)/policy build
	$(BIN)/python -m tools.screenshots --site site --out screenshots

# The build benchmark (issue 8): a synthetic 400-policy manual with git history, medians of 3 runs of
# every scenario, the WeasyPrint comparison; prints a table and writes bench.json. Slow: minutes.
BENCH_ARGS ?= --policies 400 --runs 3
# Then the acknowledgement service's load test (issue 21): 5,000 staff, 500 of them signing in and
# acknowledging in a start-of-year peak, on SQLite and on PostgreSQL; p50, p95 and errors.
ACK_LOAD_ARGS ?= --staff 5000 --people 500 --window 120
bench: $(VENV)/.installed-test system-deps
	$(BIN)/python -m tools.bench $(BENCH_ARGS) --json bench.json
	$(BIN)/python -m tools.ack_load $(ACK_LOAD_ARGS) --json bench-ack.json
