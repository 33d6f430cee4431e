# One-command entry points. Everything runs from the repository root inside .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements.lock

.PHONY: setup lock run system-deps test lint bench clean

# The requirements files say what is needed; requirements.lock pins the versions resolved
# from them, so every machine installs the same ones.
$(STAMP): requirements.txt requirements-dev.txt $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c $(LOCK)
	touch $(STAMP)

setup: $(STAMP)

# Resolve requirements-dev.txt afresh in a throwaway virtual environment and write the
# versions it installed to requirements.lock (run after changing a requirements file).
lock:
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet -r requirements-dev.txt; \
	{ echo "# Resolved versions of requirements-dev.txt (which includes requirements.txt), used as"; \
	  echo "# constraints by 'make setup': pip install -r requirements-dev.txt -c requirements.lock."; \
	  echo "# Regenerate with 'make lock' after changing a requirements file; do not edit by hand."; \
	  "$$tmp/venv/bin/python" -m pip freeze --exclude-editable; } > $(LOCK).new; \
	mv $(LOCK).new $(LOCK)

# The app on http://localhost:8501 (no root needed; PORT=…, ADDRESS=0.0.0.0 to serve other
# machines). The database (MONEV_DATABASE_URL, DATABASE_URL or data/monev.db) is migrated
# when opened; an empty one gets the demo monev, and the demo accounts are printed.
DB_URL := $(or $(MONEV_DATABASE_URL),$(DATABASE_URL))
run: $(STAMP)
	$(PY) -m monev demo $(if $(DB_URL),--database "$(DB_URL)")
	MONEV_DATABASE_URL="$(DB_URL)" $(VENV)/bin/streamlit run app.py \
		--server.port $(or $(PORT),8501) --server.address $(or $(ADDRESS),localhost)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Debian packages the tests need (PostgreSQL server, chromium, poppler-utils), installed if missing.
system-deps:
	bash scripts/ensure-system-deps.sh

test: system-deps lint
	$(PY) -m pytest

# Benchmarks (not part of `make test`): headless pipeline, storage on SQLite and PostgreSQL,
# one verification save in a 10,000-body cycle with and without a rank gate (target ≤ 0,5 s),
# reports (report cards, ranking workbook), then the ranking page with 10,000 badan publik
# (first render and reruns, target ≤ 3 s). Every benchmark runs and prints its figures even
# when an earlier one missed a target; a last line lists every missed target and the exit
# status is then non-zero. BENCH_ARGS go to every benchmark (each ignores the options it
# does not know), e.g. BENCH_ARGS="--n 200 --bps 2000 --skip-postgres" for a quicker run.
bench: system-deps $(STAMP)
	$(PY) -c 'import sys; from benchmarks import run_all; sys.exit(run_all())' $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
