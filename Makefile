# The two commands of the README: `make run` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
# Every link the app writes (calendar addresses, emails, the certificate's QR code) starts with the
# public address: by default the one `make run` serves on, so that `PORT=8000 make run` links to 8000.
BASE_URL ?= $(or $(LMS_BASE_URL),http://127.0.0.1:$(PORT))
FLASK  := LMS_BASE_URL=$(BASE_URL) $(BIN)/flask --app wsgi
PO     := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO     := $(PO:.po=.mo)

LOCK   := requirements.lock

.PHONY: run test lint install fonts upgrade translations migrate demo clean page-weight bench-certificates bench bench-scale

run: install translations
	$(FLASK) db upgrade
	$(FLASK) courses import
	$(FLASK) demo
	$(FLASK) seed-network --centres 100 --learners 2500 --cohorts 20 --big-cohort 250 --once
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install translations
	$(BIN)/pytest $(PYTEST_ARGS)

# Ruff's rules and mypy's checks (both configured in pyproject.toml); CI runs this before the tests.
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

install: fonts $(VENV)/.installed

# Certificates print any script in Debian's Noto fonts (README, "Fonts"): installed here when this
# machine has apt-get and root; elsewhere LMS_FONT_PATH names folders holding the same files.
FONT_PACKAGES := fonts-noto-core fonts-noto-cjk
fonts:
	@test -f /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf -a -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \
	  || [ -n "$$LMS_FONT_PATH" ] \
	  || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] \
	       && { apt-get install -y -qq $(FONT_PACKAGES) >/dev/null 2>&1 \
	            || { apt-get update -qq && apt-get install -y -qq $(FONT_PACKAGES) >/dev/null; }; }; } \
	  || { echo "Certificates need Debian's $(FONT_PACKAGES), or LMS_FONT_PATH naming folders with those Noto fonts"; exit 1; }

# Exactly the versions in requirements.lock, for the packages and for the build's own setuptools
# (PIP_CONSTRAINT reaches pip's isolated build environment too), so that every machine runs what
# was tested. `make upgrade` refreshes the lock on purpose.
$(VENV)/.installed: pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT=$(CURDIR)/$(LOCK) $(BIN)/python -m pip install --quiet pip
	PIP_CONSTRAINT=$(CURDIR)/$(LOCK) $(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $@

# The newest releases that pyproject.toml allows, resolved in a new virtual environment and
# written to requirements.lock; then review the diff, run `make lint test` and commit both.
upgrade:
	rm -rf .venv-upgrade
	$(PYTHON) -m venv .venv-upgrade
	.venv-upgrade/bin/python -m pip install --quiet --upgrade pip setuptools
	.venv-upgrade/bin/python -m pip install --quiet -e '.[test,lint]'
	{ echo "# Exact versions for \`make install\` (written by \`make upgrade\`; Python $$(.venv-upgrade/bin/python -c 'import platform; print(platform.python_version())'))."; \
	  .venv-upgrade/bin/python -m pip freeze --all --exclude-editable | LC_ALL=C sort -f; } > $(LOCK)
	rm -rf .venv-upgrade
	@echo "$(LOCK) refreshed: review 'git diff $(LOCK)', then run make lint test"

translations: $(MO)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

# The learner pages' weight, measured cold in headless Chromium (needs /usr/bin/chromium).
page-weight: install translations
	$(BIN)/python -m tests.bench.page_weight

# Certificate PDFs per second on one core.
bench-certificates: install translations
	$$(command -v taskset >/dev/null && echo taskset -c 0) $(BIN)/python -m tests.bench.certificates

# Throughput and latency under load: gunicorn as in production, wrk from a second process, on a
# network-sized data set; SQLite unless DATABASE_URL names a PostgreSQL database (its name must
# contain "bench": it is emptied). Report in test-output/bench/. Needs Debian's wrk.
bench: install translations
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && apt-get install -y -qq wrk >/dev/null; } \
		|| { echo "wrk is missing: install Debian's wrk package"; exit 1; }
	$(BIN)/python -m tests.bench.load $(if $(DATABASE_URL),--database-url $(DATABASE_URL)) $(BENCH_ARGS)

# Every page of each role on a MOOC-sized network (100,000 learners, 400 cohorts), nothing kept:
# p95 and size per page against their budgets. Report in test-output/bench/<database>-scale.*.
bench-scale: install translations
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && apt-get install -y -qq wrk >/dev/null; } \
		|| { echo "wrk is missing: install Debian's wrk package"; exit 1; }
	$(BIN)/python -m tests.bench.scale $(if $(DATABASE_URL),--database-url $(DATABASE_URL)) $(BENCH_ARGS)

migrate: install
	$(FLASK) db upgrade

demo: install
	$(FLASK) demo

clean:
	rm -rf $(VENV) translations/*/LC_MESSAGES/*.mo
