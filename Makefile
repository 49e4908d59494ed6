# iopdoc: `make` builds every source into build/, `make test` runs the tests.
# Logic lives in the iopdoc command; this file only says what depends on what.
# No built-in implicit rules: this Makefile uses none, and without them make decides that 1000
# sources are up to date in 0.06 s instead of 0.5 s (bench/).
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
IOPDOC := $(BIN)/iopdoc
OUT    := build

# Only files whose names are ids (sources) or plain names (templates) reach a rule: make itself
# reads a `;`, `:` or `$` in a name as make syntax, before any quoting. Others are refused below.
without-id-chars = $(subst -,,$(subst 9,,$(subst 8,,$(subst 7,,$(subst 6,,$(subst 5,,$(subst 4,,$(subst 3,,$(subst 2,,$(subst 1,,$(subst 0,,$(subst z,,$(subst y,,$(subst x,,$(subst w,,$(subst v,,$(subst u,,$(subst t,,$(subst s,,$(subst r,,$(subst q,,$(subst p,,$(subst o,,$(subst n,,$(subst m,,$(subst l,,$(subst k,,$(subst j,,$(subst i,,$(subst h,,$(subst g,,$(subst f,,$(subst e,,$(subst d,,$(subst c,,$(subst b,,$(subst a,,$(1))))))))))))))))))))))))))))))))))))))
without-name-chars = $(subst _,,$(subst Z,,$(subst Y,,$(subst X,,$(subst W,,$(subst V,,$(subst U,,$(subst T,,$(subst S,,$(subst R,,$(subst Q,,$(subst P,,$(subst O,,$(subst N,,$(subst M,,$(subst L,,$(subst K,,$(subst J,,$(subst I,,$(subst H,,$(subst G,,$(subst F,,$(subst E,,$(subst D,,$(subst C,,$(subst B,,$(subst A,,$(subst .,,$(call without-id-chars,$(1))))))))))))))))))))))))))))))
plain-names = $(foreach f,$(2),$(if $(call without-$(1)-chars,$(patsubst $(3),%,$(f))),,$(f)))
FOUND_SOURCES   := $(wildcard sources/*.yaml)
FOUND_TEMPLATES := $(wildcard templates/*)
SOURCES   := $(call plain-names,id,$(FOUND_SOURCES),sources/%.yaml)
TEMPLATES := $(call plain-names,name,$(FOUND_TEMPLATES),templates/%)
REFUSED   := $(filter-out $(SOURCES) $(TEMPLATES),$(FOUND_SOURCES) $(FOUND_TEMPLATES))
ifneq ($(REFUSED),)
ifneq ($(filter-out clean distclean,$(or $(MAKECMDGOALS),all)),)
$(error some files in sources/ or templates/ have names that are not ids (a-z, 0-9, -) or plain names; nothing was run. `iopdoc check` names them)
endif
endif
IDS       := $(notdir $(SOURCES:.yaml=))
# The formats iopdoc's registry and `[build] formats` in iopdoc.toml say to build (html,pdf by default;
# docx too when the project lists it), asked of iopdoc itself once it is installed.
# (The default is a variable: a comma written in $(or …) would end the argument, leaving html alone.)
DEFAULT_FORMATS := html,pdf
# `make` alone builds nothing itself: its sub-make (below) asks, once.
ONLY_DEFAULT := $(if $(filter-out default,$(or $(MAKECMDGOALS),default)),,yes)
FORMATS   := $(or $(if $(IDS),$(if $(ONLY_DEFAULT),,$(shell test -x $(IOPDOC) && $(IOPDOC) formats --make 2>/dev/null))),$(DEFAULT_FORMATS))
DOCX      := $(findstring docx,$(FORMATS))
OUTPUTS   := $(IDS:%=$(OUT)/%.html) $(IDS:%=$(OUT)/%.pdf) $(if $(DOCX),$(IDS:%=$(OUT)/%.docx))
PACKAGE   := $(wildcard iopdoc/*.py iopdoc/*/*.py iopdoc/*/*/*.py)

.PHONY: default all check test clean distclean golden publish preview-site new bench diff fmt fuzz dist eval-import
# No .DELETE_ON_ERROR: iopdoc writes each output to a temporary file and renames it into place, so
# a failed build leaves no half-written file, and the outputs of a final document whose checks fail
# must stay exactly as they were (make still fails, and retries them next time).

# A file name reaches the shell only quoted: $(call quote,x) is 'x', with ' written as '\''.
# (iopdoc then refuses any source whose name is not an id; see docs/security.md.)
quote = '$(subst ','\'',$(1))'

# `make` alone: every source built (one line each: built, built as a draft with findings, not built;
# make goes on past a source that fails), then one summary line. The sub-make records each source's
# outcome in $(OUT)/.tally, which `iopdoc summary` counts and removes. `make all` builds the same
# without the summary; `make -n` and `make -q` ask the sub-make and run nothing.
.DEFAULT_GOAL := default
SHORT_FLAGS := $(if $(filter -%,$(firstword $(MAKEFLAGS))),,$(firstword $(MAKEFLAGS)))
SUBMAKE = $(MAKE) --no-print-directory -f $(call quote,$(firstword $(MAKEFILE_LIST))) all
TALLY_FILE := $(OUT)/.tally
default:
ifneq ($(findstring n,$(SHORT_FLAGS))$(findstring q,$(SHORT_FLAGS)),)
	+@$(SUBMAKE)
else
	+@mkdir -p $(OUT); rm -f $(TALLY_FILE); \
	$(SUBMAKE) -s -k TALLY=$(TALLY_FILE); status=$$?; \
	if test -x $(IOPDOC); then $(IOPDOC) summary $(TALLY_FILE); fi; exit $$status
endif

all: $(OUTPUTS)

# Quiet: each step says in one line what it does, and the system step speaks only when it installs.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) tools/install_system_deps.py build
	@echo "installing iopdoc and its Python packages into $(VENV) (once, and after pyproject.toml changes)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.dist-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dist]'
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed package-lock.json
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(PYTHON) tools/install_system_deps.py test
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# One run of iopdoc writes both outputs of a source (a grouped pattern rule);
# the .d files it writes add the sources each document links to.
$(OUT)/%.html $(OUT)/%.pdf $(if $(DOCX),$(OUT)/%.docx): sources/%.yaml $(TEMPLATES) $(PACKAGE) $(VENV)/.installed
	@$(IOPDOC) build --out $(OUT) --format $(FORMATS) --make-deps $(if $(TALLY),--tally $(TALLY)) -- $(call quote,$<)

-include $(wildcard $(OUT)/*.d)

# The site for the municipal website: decided (final) documents only; it names each draft it leaves out.
# The site is built beside build/site and swapped in whole, so what is no longer published disappears.
publish: $(VENV)/.installed
	@$(IOPDOC) publish --out $(OUT)/site

# The same site with the drafts too (marked UTKAST), for review, in a folder of its own: never publish it.
preview-site: $(VENV)/.installed
	@$(IOPDOC) publish --out $(OUT)/preview-site --include-drafts

# make new ID=linkoping-kvinnojouren-2031 FROM=linkoping-kvinnojouren-2025   (FROM is optional)
new: $(VENV)/.installed
	@test -n "$(ID)" || { echo "usage: make new ID=<id> [FROM=<id of the agreement it follows>]"; exit 2; }
	@$(IOPDOC) new $(call quote,$(ID)) $(if $(FROM),--from $(call quote,$(FROM)))

check: $(VENV)/.installed
	@$(IOPDOC) check

# make diff BASE=main: the sources changed since BASE, as Markdown for a pull-request comment on
# standard output, and as an HTML redline per document in build/diff/<id>.html.
BASE ?= main
diff: $(VENV)/.installed
	@$(IOPDOC) diff --base $(BASE) --format markdown --html-dir $(OUT)/diff

# Rewrite the sources in the canonical layout (`make test` checks that they are).
fmt: $(VENV)/.installed
	@$(IOPDOC) fmt

test: $(VENV)/.test-installed all
	$(BIN)/python -m pytest -q

# Fuzzing with ten times the examples `make test` runs (tests/test_fuzz.py); a new seed each run.
# Then 1000 hostile and mutated DOCX/PDF files per reader (import, review, extract), each run's
# seed, slowest input and peak memory printed (tests/test_fuzz_files.py).
fuzz: $(VENV)/.test-installed
	IOPDOC_FUZZ_EXAMPLES=4000 $(BIN)/python -m pytest -q tests/test_fuzz.py
	IOPDOC_FUZZ_FILES=1000 IOPDOC_FUZZ_SEED=$$(date +%s) $(BIN)/python -m pytest -q -s tests/test_fuzz_files.py

# The benchmark (not part of `make test`, which runs one small smoke run of it): build/bench.json,
# each row compared with bench/baseline.json (a row more than 20 % worse in CPU time is marked).
bench: $(VENV)/.installed
	$(PYTHON) tools/install_system_deps.py bench
	$(BIN)/python bench/run.py

# The import's score on the corpus tests/import_corpus.py writes: right, wrong, to confirm and
# missed facts per fact kind and per layout, and any text refused for changing a word.
eval-import: $(VENV)/.test-installed
	$(BIN)/python tools/eval_import.py

# The wheel and the sdist in dist/, to install iopdoc elsewhere and to start a municipality's own
# repository from (`iopdoc init --package dist/iopdoc-<version>-py3-none-any.whl`).
dist: $(VENV)/.dist-installed
	rm -rf dist
	mkdir -p $(OUT)
	$(BIN)/python -m build --outdir dist . >$(OUT)/dist.log 2>&1 || { cat $(OUT)/dist.log; exit 1; }
	@ls dist/*

# Regenerate the golden files under tests/golden/; review the diff like code.
golden: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q tests --regen-golden

clean:
	rm -rf $(OUT)

distclean: clean
	rm -rf $(VENV) *.egg-info node_modules dist
