"""Fuzzing (#12.7): random YAML, mutated real sources and random prose through the loader, the schema
converter, the checks, prose evaluation, `fmt` and `diff`. Whatever the input, the only outcome
besides success is a positioned diagnostic: never another exception.

`make test` runs a fixed budget (FUZZ_EXAMPLES per test, 2400 in all); `make fuzz` runs ten times
as many (IOPDOC_FUZZ_EXAMPLES). No example database is written into the repository.
"""
from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from iopdoc.source.canonical import canonical_text
from iopdoc.checks import CheckContext, run_checks
from iopdoc.source.config import Config
from iopdoc.diff.compare import compare_documents
from iopdoc.diff.revisions import Side
from iopdoc.errors import IopdocError, SourceError
from iopdoc.source.loader import parse_source
from iopdoc.prose.markup import Prose, evaluate_prose
from iopdoc.errors import Location
from iopdoc.resolve.project import Project
from iopdoc.writers.html import prose_context, render_html
from iopdoc.source.schema import read_document
from tests.conftest import REPO

EXAMPLES = int(os.environ.get("IOPDOC_FUZZ_EXAMPLES", "400"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize="IOPDOC_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
SEEDS = sorted((REPO / "sources").glob("*.yaml")) + sorted((REPO / "tests" / "fixtures").glob("*.yaml"))
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in SEEDS}
PROJECT = Project(REPO)


def positioned(error: IopdocError) -> None:
    assert error.diagnostics, "an error with nothing to say"
    for diagnostic in error.diagnostics:
        assert diagnostic.location.file, diagnostic
        assert "Traceback" not in diagnostic.sv and "object at 0x" not in diagnostic.en, diagnostic


def load(text: str, name: str = "fuzzed.yaml"):
    path = REPO / "sources" / name
    return read_document(parse_source(text, path=path, name=name))


# --- strategies -----------------------------------------------------------------------------------
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**20, max_value=10**4000),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(["0x10", "x", "2025-02-30", "0000-01-01", "9999-12-31", "2024-xx-xx", "5 år", "sex månader",
                     "1e999", "-0", "1_000", "\x7f", "{{ period.start }}", "{{ x }}", "{% if %}", "~", "&a", "*a",
                     "1 234,50 kr", "NaN", "5560000000", "556000-0000", ".inf", "0o17", "ÅÅÅÅ-MM-DD"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=12)


def round_trip():
    yaml = YAML(typ="rt")
    yaml.width = 4096
    return yaml


def paths_in(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_in(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths_in(value, prefix + (index,))


@st.composite
def mutated_sources(draw) -> tuple[str, str]:
    """A real source with a few random changes: keys deleted, values swapped for other types,
    random Unicode inserted into the text, huge numbers."""
    name = draw(st.sampled_from(sorted(TEXTS)))
    text = TEXTS[name]
    if draw(st.booleans()):
        data = round_trip().load(text)
        for _ in range(draw(st.integers(1, 4))):
            paths = [p for p in paths_in(data) if p]
            path = draw(st.sampled_from(paths))
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            action = draw(st.sampled_from(["delete", "replace", "rename"]))
            try:
                if action == "delete":
                    del parent[path[-1]]
                elif action == "replace":
                    parent[path[-1]] = draw(values)
                elif isinstance(parent, dict):
                    parent[draw(st.text(max_size=12))] = parent.pop(path[-1])
            except (KeyError, IndexError, TypeError):
                pass
        out = io.StringIO()
        try:
            round_trip().dump(data, out)
        except Exception:  # noqa: BLE001: a mutation ruamel cannot write is not an input
            return name, text
        text = out.getvalue()
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(min_size=1, max_size=8)) + text[at:]
    return name, text


TOKENS = ["period", "start", "end", "parties", "kommunen", "jouren", "economy", "contributions", "amount", "name",
          "supersedes", ".", "|", "kr", "tkr", "number", "long_date", "words", "bullets", "upper", "length", "join",
          "(", ")", "[", "]", "0", "1", "10**9", "'a'", "*", "+", "-", "~", "not", "and", "or", "if", "else", ",",
          "__class__", "mro", "range", "lipsum", "cycler", "today", "pop", "center", "replace", "format", "%", "**",
          "default", "first", "last", "sort", "map", "attribute=", "'x'", "None", "true", "1.5", "-1", "==", "in"]
expressions = st.one_of(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map(" ".join),
                        st.text(max_size=60))


# --- the properties -------------------------------------------------------------------------------
@FUZZ
@given(st.text(max_size=2000))
def test_any_text_loads_or_gives_a_positioned_diagnostic(text):
    try:
        load(text)
    except SourceError as exc:
        positioned(exc)


@FUZZ
@given(values)
def test_any_yaml_value_loads_or_gives_a_positioned_diagnostic(data):
    out = io.StringIO()
    round_trip().dump({"kind": "agreement", "id": "fuzzed", **(data if isinstance(data, dict) else {"x": data})}, out)
    try:
        load(out.getvalue())
    except SourceError as exc:
        positioned(exc)


@FUZZ
@given(mutated_sources())
def test_mutated_sources_load_check_and_render_or_say_where(case):
    name, text = case
    try:
        document = load(text, name)
        linked = PROJECT.linked(document, REPO / "sources" / name)
        context = CheckContext(path=REPO / "sources" / name, linked=linked, config=Config(),
                               known_ids=PROJECT.known_ids(REPO / "sources" / name))
        list(run_checks(document, context))
        render_html(document, REPO / "templates", linked)
    except IopdocError as exc:
        positioned(exc)


@FUZZ
@given(expressions)
def test_any_prose_expression_is_a_value_or_a_finding(expression):
    document = load(TEXTS["linkoping-kvinnojouren-2025.yaml"], "linkoping-kvinnojouren-2025.yaml")
    context = prose_context(document, {})
    text, problems = evaluate_prose(Prose("Före {{ " + expression + " }} efter.", Location("f.yaml", 3, 5), 5), context)
    assert isinstance(text, str) and len(text) < 200_000
    for problem in problems:
        assert problem.location.line >= 3 and "object at 0x" not in problem.en


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 10))
@given(mutated_sources())
def test_fmt_formats_or_says_where(case):
    name, text = case
    try:
        formatted = canonical_text(text, REPO / "sources" / name, name)
    except IopdocError as exc:
        positioned(exc)
        return
    assert canonical_text(formatted, REPO / "sources" / name, name) == formatted, "fmt is idempotent"


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 10))
@given(mutated_sources(), mutated_sources())
def test_diff_compares_or_says_where(old, new):
    from iopdoc.diff import render

    sides = [Side(text=text, path=REPO / "sources" / name, name=f"{label}/{name}") for label, (name, text) in
             (("old", old), ("new", new))]
    try:
        diff = compare_documents(sides[0], sides[1], PROJECT)
    except IopdocError as exc:
        positioned(exc)
        return
    for output in ("text", "markdown", "html"):
        assert isinstance(render([diff], output, None), str)


@pytest.mark.parametrize("kind", ["[]", "{a: 1}", "[agreement]", "~", "1"])
def test_fmt_of_a_kind_that_is_not_text(kind):
    """Found by the fuzzer: `kind: []` made fmt hash a list."""
    text = TEXTS["linkoping-kvinnojouren-2020.yaml"].replace("kind: agreement", f"kind: {kind}", 1)
    try:
        canonical_text(text, REPO / "sources" / "linkoping-kvinnojouren-2020.yaml", "x.yaml")
    except IopdocError as exc:
        positioned(exc)
