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

SOURCES   := $(wildcard sources/*.yaml)
IDS       := $(notdir $(SOURCES:.yaml=))
# DOCX too when the project lists it in iopdoc.toml (`[build] formats = ["html", "pdf", "docx"]`),
# so the default build stays as fast as without it.
DOCX      := $(if $(shell grep -Es '^[[:space:]]*formats[[:space:]]*=.*"docx"' iopdoc.toml),docx)
comma     := ,
FORMATS   := html,pdf$(if $(DOCX),$(comma)docx)
OUTPUTS   := $(IDS:%=$(OUT)/%.html) $(IDS:%=$(OUT)/%.pdf) $(if $(DOCX),$(IDS:%=$(OUT)/%.docx))
TEMPLATES := $(wildcard templates/*)
PACKAGE   := $(wildcard iopdoc/*.py iopdoc/*/*.py)

.PHONY: all check test clean distclean golden publish preview-site new bench diff fmt
# No .DELETE_ON_ERROR: iopdoc writes each output to a temporary file and renames it into place, so
# a failed build leaves no half-written file, and the outputs of a final document whose checks fail
# must stay exactly as they were (make still fails, and retries them next time).

all: $(OUTPUTS)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) tools/install_system_deps.py build
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed package-lock.json
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(PYTHON) tools/install_system_deps.py test
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# One run of iopdoc writes both outputs of a source (a grouped pattern rule);
# the .d files it writes add the sources each document links to.
$(OUT)/%.html $(OUT)/%.pdf $(if $(DOCX),$(OUT)/%.docx): sources/%.yaml $(TEMPLATES) $(PACKAGE) $(VENV)/.installed
	$(IOPDOC) build $< --out $(OUT) --format $(FORMATS) --make-deps

-include $(wildcard $(OUT)/*.d)

# The site for the municipal website: decided (final) documents only; it names each draft it leaves out.
# The site is built beside build/site and swapped in whole, so what is no longer published disappears.
publish: $(VENV)/.installed
	$(IOPDOC) publish --out $(OUT)/site

# The same site with the drafts too (marked UTKAST), for review, in a folder of its own: never publish it.
preview-site: $(VENV)/.installed
	$(IOPDOC) publish --out $(OUT)/preview-site --include-drafts

# make new ID=linkoping-kvinnojouren-2031 FROM=linkoping-kvinnojouren-2025   (FROM is optional)
new: $(VENV)/.installed
	@test -n "$(ID)" || { echo "usage: make new ID=<id> [FROM=<id of the agreement it follows>]"; exit 2; }
	$(IOPDOC) new $(ID) $(if $(FROM),--from $(FROM))

check: $(VENV)/.installed
	$(IOPDOC) check

# make diff BASE=main: the sources changed since BASE, as Markdown for a pull-request comment on
# standard output, and as an HTML redline per document in build/diff/<id>.html.
BASE ?= main
diff: $(VENV)/.installed
	@$(IOPDOC) diff --base $(BASE) --format markdown --html-dir $(OUT)/diff

# Rewrite the sources in the canonical layout (`make test` checks that they are).
fmt: $(VENV)/.installed
	$(IOPDOC) fmt

test: $(VENV)/.test-installed all
	$(BIN)/python -m pytest -q

# The benchmark (not part of `make test`, which runs one small smoke run of it): build/bench.json.
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

# Regenerate the golden files under tests/golden/; review the diff like code.
golden: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q tests --regen-golden

clean:
	rm -rf $(OUT)

distclean: clean
	rm -rf $(VENV) *.egg-info node_modules
