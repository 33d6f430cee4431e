# One-command entry points. Everything runs from the repository root inside .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup system-deps test lint bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Debian packages the tests need (PostgreSQL server, chromium, poppler-utils), installed if missing.
system-deps:
	bash scripts/ensure-system-deps.sh

test: system-deps lint
	$(PY) -m pytest

# Benchmarks (not part of `make test`): headless pipeline, then storage on SQLite and PostgreSQL.
bench: system-deps $(STAMP)
	$(PY) -m benchmarks.pipeline $(BENCH_ARGS)
	$(PY) -m benchmarks.storage $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
