"""The format reference documents every key of the model, so the docs cannot drift from the code."""
import dataclasses
import typing

from iopdoc import model
from iopdoc.source.canonical import canonical_text
from tests.conftest import REPO


def field_names(cls, seen=None):
    seen = set() if seen is None else seen
    if cls in seen:
        return set()
    seen.add(cls)
    names = set()
    for f in dataclasses.fields(cls):
        if f.name == "locations" or f.metadata.get("from_key"):
            continue
        names.add(f.name)
        for arg in [typing.get_type_hints(cls)[f.name], *typing.get_args(typing.get_type_hints(cls)[f.name])]:
            for inner in [arg, *typing.get_args(arg)]:
                if isinstance(inner, type) and issubclass(inner, model.Node):
                    names |= field_names(inner, seen)
    return names


def test_every_key_is_documented():
    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    for kind in model.DOCUMENT_KINDS.values():
        if kind is not model.Agreement:
            continue
        missing = sorted(name for name in field_names(kind) if f"`{name}`" not in text and f"`{name}." not in text)
        assert not missing, f"docs/format.md does not document: {missing}"


def test_the_documented_example_is_the_tested_fixture():
    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    fixture = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"
    # The page shows it in the canonical layout (every YAML example in docs/ passes `fmt --check`).
    head = canonical_text(fixture.read_text(encoding="utf-8"), fixture).split("sections:")[0].split("\n", 1)[1]
    assert head in text
