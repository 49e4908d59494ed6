"""The JSON Schema for editors: generated from the model, kept in docs/, accepting every real
source and rejecting the broken ones, as yaml-language-server would read them."""
from __future__ import annotations

import io
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from iopdoc.source.json_schema import build_schema, schema_text
from iopdoc.source.durations import parse_duration
from tests.conftest import REPO

KEPT = REPO / "docs" / "iopdoc.schema.json"
CASES = Path(__file__).parent / "load_cases"
# What a schema cannot see: prose expressions, the file name, YAML it cannot parse, duplicate keys.
BEYOND_A_SCHEMA = {"yaml-syntax-error", "unknown-expression", "sandbox-escape", "statement-in-prose", "wrong-id",
                   "duplicate-key", "unknown-filter"}


def as_editor_reads_it(text: str):
    """YAML as plain data under the YAML 1.2 core schema: dates stay strings, as in yaml-language-server."""
    def plain(node):
        if node.id == "mapping":
            return {plain(k): plain(v) for k, v in node.value}
        if node.id == "sequence":
            return [plain(item) for item in node.value]
        tag = node.tag.value if hasattr(node.tag, "value") else str(node.tag)
        kind = tag.rsplit(":", 1)[-1]
        if kind == "int":
            return int(node.value)
        if kind == "float":
            return float(node.value)
        if kind == "bool":
            return node.value.lower() == "true"
        if kind == "null":
            return None
        return node.value.replace("\a", "")
    return plain(YAML().compose(io.StringIO(text)))


def validator():
    return jsonschema.Draft202012Validator(build_schema(), format_checker=jsonschema.FormatChecker())


def test_the_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(build_schema())


def test_the_kept_copy_is_current():
    assert KEPT.read_text(encoding="utf-8") == schema_text(), "run `iopdoc schema -o docs/iopdoc.schema.json`"


@pytest.mark.parametrize("source", sorted((REPO / "sources").glob("*.yaml")) + [REPO / "tests/fixtures/minimal-agreement.yaml"],
                         ids=lambda p: p.stem)
def test_every_source_is_accepted(source):
    errors = [e.message for e in validator().iter_errors(as_editor_reads_it(source.read_text(encoding="utf-8")))]
    assert errors == []


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.name not in BEYOND_A_SCHEMA))
def test_broken_cases_are_rejected(case):
    data = as_editor_reads_it((CASES / case / "minimal-agreement.yaml").read_text(encoding="utf-8"))
    assert list(validator().iter_errors(data)), f"{case} should not validate"


def test_titles_are_swedish():
    party = build_schema()["$defs"]["Party"]["properties"]
    assert party["org_number"]["title"] == "Organisationsnummer"
    assert party["name"]["title"] == "Namn"


def test_the_patterns_are_the_validators_own():
    """The JSON Schema's patterns are built from the objects `iopdoc check` validates with."""
    from iopdoc.source import json_schema, schema
    from iopdoc import locale_sv

    assert json_schema.ISO == schema.ISO_DATE.pattern
    assert json_schema.PLACEHOLDER == schema.PLACEHOLDER_DATE.pattern
    assert json_schema.HANDLE == schema.HANDLE.pattern
    assert json_schema.DURATION == locale_sv.duration_pattern()
    for word in (*locale_sv.UNITS, *locale_sv.APPROXIMATE_DURATION, *locale_sv.HALVES):
        assert word in json_schema.DURATION


@pytest.mark.parametrize("duration", ["sex månader", "5 år", "3,5 år", "ett och ett halvt år", "drygt tre år",
                                      "knappt fem år", "3 år och 6 månader", "ett år och tre månader"])
def test_every_duration_the_validator_reads_the_editor_accepts(duration):
    """The hand-written pattern had drifted: it refused `drygt tre år` and `3 år och 6 månader`."""
    import re

    from iopdoc import locale_sv
    from iopdoc.source.json_schema import DURATION

    assert parse_duration(duration) is not None
    assert re.match(DURATION, duration)
    source = (REPO / "tests/fixtures/minimal-agreement.yaml").read_text(encoding="utf-8")
    data = as_editor_reads_it(source)
    data["period"]["stated_duration"] = duration
    assert [e.message for e in validator().iter_errors(data)] == []


@pytest.mark.parametrize(("key", "valid"), [("kommunen", True), ("_x1", True), ("1kommun", False), ("kom-munen", False)])
def test_a_handle_is_judged_alike_by_editor_and_check(key, valid):
    from iopdoc.source.schema import HANDLE

    data = as_editor_reads_it((REPO / "tests/fixtures/minimal-agreement.yaml").read_text(encoding="utf-8"))
    data["parties"][key] = next(iter(data["parties"].values()))
    assert bool(HANDLE.match(key)) == valid == (list(validator().iter_errors(data)) == [])
