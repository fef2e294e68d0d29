# The sales-practice handbook. Run `make help` for the targets.
#
# Every target that needs Python first makes sure .venv exists and matches
# requirements.txt (created on the first run, refreshed when requirements.txt
# changes), so a fresh clone needs nothing but `make html` and `make test`.

# -- Variables you can override: make html SPHINXOPTS="-j auto" ------------------
PYTHON     ?= python3
VENV       ?= .venv
BUILDDIR   ?= _build
SPHINXOPTS ?=
EDITION    ?= participant
PAPER      ?= a4
PYTESTOPTS ?=
HOST       ?= 127.0.0.1
PORT       ?= 8000
GROUP      ?=
HTPASSWD   ?=
# make serve-site's port: PORT when given (make serve-site PORT=9000), else 8080.
SITE_PORT  := $(if $(filter file default undefined,$(origin PORT)),8080,$(PORT))

VPY     := $(VENV)/bin/python

# Builds are reproducible: `python -m handbook build` takes the date from the
# last commit when SOURCE_DATE_EPOCH is not set (handbook/build.py).
BUILD   := $(VPY) -m handbook build --builddir "$(BUILDDIR)" --edition "$(EDITION)" --paper "$(PAPER)" \
           --sphinxopts="$(SPHINXOPTS)"

.DEFAULT_GOAL := help
.PHONY: help venv html pdf epub handouts kit slides proof all-outputs site serve-site check bench serve test test-corpus mutation clean distclean

help: ## list the targets
	@echo "The sales-practice handbook. Usage: make <target> [VARIABLE=value ...]"
	@echo
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 14
	@echo
	@echo "Variables: EDITION=$(EDITION) (participant|trainer) PAPER=$(PAPER) (a4|letter)"
	@echo "           PYTHON=$(PYTHON) VENV=$(VENV) BUILDDIR=$(BUILDDIR)"
	@echo "           SPHINXOPTS='$(SPHINXOPTS)' PYTESTOPTS='$(PYTESTOPTS)' HOST=$(HOST) PORT=$(PORT) GROUP=$(GROUP) (make kit)"
	@echo "           make serve-site: PORT=$(SITE_PORT) HTPASSWD=$(HTPASSWD) (a file; unset: user trainer, TRAINER_PASSWORD or a random one)"

venv: ## create or refresh .venv from requirements.txt (the other targets do this too)
	@command -v "$(PYTHON)" >/dev/null 2>&1 || { \
	  echo "error: '$(PYTHON)' was not found; install Python 3.11 or newer (Debian: apt-get install python3 python3-venv) or run make with PYTHON=/path/to/python3" >&2; \
	  exit 1; }
	@"$(PYTHON)" -m handbook.bootstrap --venv "$(VENV)" --requirements requirements.txt

html: venv ## build the web site into _build/html (EDITION=trainer: _build/trainer/html)
	@$(BUILD) html

pdf: venv ## build the PDF with xelatex into _build/pdf/ (EDITION=trainer, PAPER=a4|letter)
	@$(BUILD) pdf

epub: venv ## build the EPUB into _build/epub/ (EDITION=trainer: _build/trainer/epub)
	@$(BUILD) epub

handouts: venv ## one short PDF per training session into _build/handouts/ (PAPER=a4|letter; participant only)
	@$(BUILD) handouts

kit: venv ## a session kit per session into _build/kit/<session>/ (PAPER=a4|letter, GROUP=N participants)
	@$(BUILD) kit $(if $(GROUP),--group "$(GROUP)")

slides: venv ## a reveal.js deck per session into _build/slides/<session>/, with slides.pdf and speaker-notes.pdf
	@$(BUILD) slides

proof: venv ## every page of the built PDFs on contact sheets in _build/proof/ (build them first)
	@$(VPY) -m handbook proof --builddir "$(BUILDDIR)"

all-outputs: venv ## every output of both editions, the handouts, the session kits and decks
	@$(MAKE) --no-print-directory html pdf epub EDITION=participant
	@$(MAKE) --no-print-directory html pdf epub EDITION=trainer
	@$(MAKE) --no-print-directory kit EDITION=participant

site: venv ## both editions and their downloads as one deployable folder, _build/site (after make all-outputs)
	@$(VPY) -m handbook site --builddir "$(BUILDDIR)" --sphinxopts="$(SPHINXOPTS)"

serve-site: venv ## serve _build/site with nginx on 127.0.0.1:PORT (8080), trainer edition behind a login
	@$(VPY) -m handbook serve-site --site "$(BUILDDIR)/site" --port "$(SITE_PORT)" $(if $(HTPASSWD),--htpasswd "$(HTPASSWD)")

serve: venv ## live preview in the browser (HOST, PORT, EDITION), rebuilt on every save
	@$(VPY) -m sphinx_autobuild -c . -d "$(BUILDDIR)/doctrees/serve" -n --keep-going -D handbook_edition=$(EDITION) \
	  --host $(HOST) --port $(PORT) --watch handbook --watch conf.py $(SPHINXOPTS) \
	  docs "$(BUILDDIR)/serve"

check: venv ## the gate before publishing: both editions strict, links, spelling, own words
	@$(VPY) -m handbook check --builddir "$(BUILDDIR)"

bench: venv ## time builds at 100, 400 and 800 chapters against stock furo (BENCH_SIZES, BENCH_RUNS)
	@$(VPY) -m handbook.bench

test: venv check ## make check, then the whole test suite (which builds in temporary folders)
	@$(VPY) -m pytest tests $(PYTESTOPTS)

test-corpus: venv ## the importer on every real file of tests/corpus (restored from local git mirrors), with a table per source
	@$(VPY) tests/corpus/restore.py
	@HANDBOOK_CORPUS=all $(VPY) -m pytest tests/test_importer_corpus.py -q $(PYTESTOPTS)

mutation: venv ## the mutation pass: does the suite notice realistic bugs? (about 15 minutes)
	@$(VPY) tests/mutation.py --jobs 2

clean: ## remove every build output (_build/)
	rm -rf "$(BUILDDIR)"

distclean: clean ## remove the build outputs and .venv
	rm -rf "$(VENV)"
