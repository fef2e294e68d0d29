# The sales-practice handbook. Run `make help` for the targets.
#
# Every target that needs Python first makes sure .venv exists and matches
# requirements.txt (created on the first run, refreshed when requirements.txt
# changes), so a fresh clone needs nothing but `make html` and `make test`.

# -- Variables you can override: make html SPHINXOPTS="-j 1" (default -j auto) --
PYTHON     ?= python3
VENV       ?= .venv
BUILDDIR   ?= _build
SPHINXOPTS ?= -j auto
EDITION    ?= participant
PAPER      ?= a4
PYTESTOPTS ?=
HOST       ?= 127.0.0.1
PORT       ?= 8000
GROUP      ?=
LENGTH     ?=
FUZZ_EXAMPLES ?= 200
HTPASSWD   ?=
# make serve-site's port: PORT when given (make serve-site PORT=9000), else 8080.
SITE_PORT  := $(if $(filter file default undefined,$(origin PORT)),8080,$(PORT))

VPY     := $(VENV)/bin/python

# Builds are reproducible: `python -m handbook build` takes the date from the
# last commit when SOURCE_DATE_EPOCH is not set (handbook/publish/build.py).
BUILD   := $(VPY) -m handbook build --builddir "$(BUILDDIR)" --edition "$(EDITION)" --paper "$(PAPER)" \
           --sphinxopts="$(SPHINXOPTS)"

.DEFAULT_GOAL := help
.PHONY: help venv html pdf epub handouts kit slides proof all-outputs site serve-site check bench serve test test-corpus fuzz mutation mutation-all clean distclean

help: ## list the targets
	@echo "The sales-practice handbook. Usage: make <target> [VARIABLE=value ...]"
	@echo
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 16
	@echo
	@echo "Variables: EDITION=$(EDITION) (participant|trainer) PAPER=$(PAPER) (a4|letter)"
	@echo "           PYTHON=$(PYTHON) VENV=$(VENV) BUILDDIR=$(BUILDDIR)"
	@echo "           SPHINXOPTS='$(SPHINXOPTS)' PYTESTOPTS='$(PYTESTOPTS)' HOST=$(HOST) PORT=$(PORT) GROUP=$(GROUP) LENGTH=$(LENGTH) (make kit)"
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

kit: venv ## a session kit per session into _build/kit/<session>/ (PAPER=a4|letter, GROUP=N participants, LENGTH=45|60|90 minutes)
	@$(BUILD) kit $(if $(GROUP),--group "$(GROUP)") $(if $(LENGTH),--length "$(LENGTH)")

slides: venv ## a reveal.js deck per session into _build/slides/<session>/, with slides.pdf and speaker-notes.pdf
	@$(BUILD) slides $(if $(LENGTH),--length "$(LENGTH)")

proof: venv ## every page of the built PDFs on contact sheets in _build/proof/ (build them first)
	@$(VPY) -m handbook proof --builddir "$(BUILDDIR)"

all-outputs: venv ## every output of both editions, the handouts, the session kits and decks
	@$(MAKE) --no-print-directory html pdf epub EDITION=participant
	@$(MAKE) --no-print-directory html pdf epub EDITION=trainer
	@$(MAKE) --no-print-directory kit EDITION=participant

site: venv $(BUILDDIR)/site/index.html ## both editions and their downloads as one deployable folder, _build/site (builds what it needs)

# -- make site's outputs, as files: make rebuilds one when it is older than a source --
# Every output depends on every source (docs/, handbook/, conf.py,
# requirements.txt), so a second `make site` with nothing changed builds nothing;
# the site also on deploy/, so a change there only re-assembles the site. A recipe touches (-c: never
# creates) what it built, so a build that left a file as it was still counts.
SOURCES    := conf.py requirements.txt $(shell find docs handbook -type f ! -name '*.pyc' ! -path '*/__pycache__/*' 2>/dev/null)
BOOK       := sales-practice-handbook
SESSIONS   := $(filter-out index,$(basename $(notdir $(wildcard docs/sessions/*.md))))
KIT_FILES  := facilitator-guide.pdf handout.pdf role-cards.pdf slides.pdf speaker-notes.pdf README.txt
OUT_PDF    := $(BUILDDIR)/pdf/$(BOOK).pdf
OUT_EPUB   := $(BUILDDIR)/epub/$(BOOK).epub
OUT_TPDF   := $(BUILDDIR)/trainer/pdf/$(BOOK).pdf
OUT_TEPUB  := $(BUILDDIR)/trainer/epub/$(BOOK).epub
OUT_HANDOUTS := $(foreach s,$(SESSIONS),$(BUILDDIR)/handouts/handout-$(s).pdf)
OUT_KIT    := $(foreach s,$(SESSIONS),$(addprefix $(BUILDDIR)/kit/$(s)/,$(KIT_FILES)) $(BUILDDIR)/slides/$(s)/index.html)
SITE_BUILD  = $(VPY) -m handbook build --builddir "$(BUILDDIR)" --paper "$(PAPER)" --sphinxopts="$(SPHINXOPTS)"
# The options an output is made with, as files make can compare: each is rewritten
# only when its value changes, so `make site PAPER=letter` after an A4 build
# rebuilds what is printed (PDFs, handouts, kits) and a new GROUP only the kits.
STAMP_PAPER := $(BUILDDIR)/options/paper
STAMP_GROUP := $(BUILDDIR)/options/group
define _stamp
$(shell mkdir -p "$(BUILDDIR)/options" && { [ -f "$(1)" ] && [ "$$(cat "$(1)")" = "$(2)" ] || echo "$(2)" > "$(1)"; })
endef
ifneq ($(filter site $(BUILDDIR)/site/%,$(MAKECMDGOALS)),)
$(call _stamp,$(STAMP_PAPER),$(PAPER))
$(call _stamp,$(STAMP_GROUP),$(GROUP))
endif

$(OUT_PDF): $(SOURCES) $(STAMP_PAPER) | venv
	@$(SITE_BUILD) --edition participant pdf
	@touch -c $@
$(OUT_EPUB): $(SOURCES) | venv
	@$(SITE_BUILD) --edition participant epub
	@touch -c $@
$(OUT_TPDF): $(SOURCES) $(STAMP_PAPER) | venv
	@$(SITE_BUILD) --edition trainer pdf
	@touch -c $@
$(OUT_TEPUB): $(SOURCES) | venv
	@$(SITE_BUILD) --edition trainer epub
	@touch -c $@
$(OUT_HANDOUTS) &: $(SOURCES) $(STAMP_PAPER) | venv
	@$(SITE_BUILD) --edition participant handouts
	@touch -c $(OUT_HANDOUTS)
$(OUT_KIT) &: $(SOURCES) $(STAMP_PAPER) $(STAMP_GROUP) | venv
	@$(SITE_BUILD) --edition participant kit $(if $(GROUP),--group "$(GROUP)")
	@touch -c $(OUT_KIT)
$(BUILDDIR)/site/index.html: $(OUT_PDF) $(OUT_EPUB) $(OUT_TPDF) $(OUT_TEPUB) $(OUT_HANDOUTS) $(OUT_KIT) $(SOURCES) $(wildcard deploy/*/*) | venv
	@$(VPY) -m handbook site --builddir "$(BUILDDIR)" --sphinxopts="$(SPHINXOPTS)"
	@touch -c $@

serve-site: venv ## serve _build/site with nginx on 127.0.0.1:PORT (8080), trainer edition behind a login
	@$(VPY) -m handbook serve-site --site "$(BUILDDIR)/site" --port "$(SITE_PORT)" $(if $(HTPASSWD),--htpasswd "$(HTPASSWD)")

serve: venv ## live preview in the browser (HOST, PORT, EDITION), rebuilt on every save
	@$(VPY) -m sphinx_autobuild -c . -d "$(BUILDDIR)/doctrees/serve" -n --keep-going -D handbook_edition=$(EDITION) \
	  --host $(HOST) --port $(PORT) --watch handbook --watch conf.py $(SPHINXOPTS) \
	  docs "$(BUILDDIR)/serve"

check: venv ## the gate before publishing: both editions strict, links, spelling, own words
	@$(VPY) -m handbook check --builddir "$(BUILDDIR)"

bench: venv ## build time and page weight at 100 to 800 chapters against stock furo; table and chart in _build/bench
	@$(VPY) -m handbook.publish.bench

test: venv check ## make check, then the whole test suite (which builds in temporary folders)
	@$(VPY) -m pytest tests $(PYTESTOPTS)

test-corpus: venv ## the importer on every real file of tests/corpus (restored from local git mirrors), with a table per source
	@$(VPY) tests/corpus/restore.py
	@HANDBOOK_CORPUS=all $(VPY) -m pytest tests/test_importer_corpus.py -q $(PYTESTOPTS)

fuzz: venv ## many generated pages nesting trainer material (FUZZ_EXAMPLES=200): none may reach a participant
	@HANDBOOK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VPY) -m pytest tests/test_fuzz_edition.py -q -p no:cacheprovider $(PYTESTOPTS)

mutation: venv ## mutation testing (mutmut + hand mutants) on what this branch changed since main
	@$(VPY) tests/mutation.py --jobs 2

mutation-all: venv ## mutation testing on every guarding module and hand mutant (hours; see the guide)
	@$(VPY) tests/mutation.py --all --jobs 2

clean: ## remove every build output (_build/)
	rm -rf "$(BUILDDIR)"

distclean: clean ## remove the build outputs and .venv
	rm -rf "$(VENV)"
