"""fields.py, the one walker over the model: every field of every document kind is understood, and
no other module takes the dataclasses' type hints apart on its own."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from iopdoc import model
from iopdoc.model.fields import fields_of, shape_of
from tests.conftest import REPO

# The modules that walk the model's fields: they read them through fields.py.
WALKERS = ["source/schema.py", "source/json_schema.py", "source/canonical.py", "prose/walk.py", "diff/facts.py", "writers/html.py",
           "prose/evaluate.py", "source/config.py"]
OWN_INTROSPECTION = re.compile(r"get_type_hints|dataclasses\.fields\(|__dataclass_fields__|typing\.get_args")


def reachable(cls, seen=None) -> set[type]:
    seen = set() if seen is None else seen
    if cls in seen:
        return seen
    seen.add(cls)
    for info in fields_of(cls):
        shapes = [info.shape]
        while shapes:
            shape = shapes.pop()
            if shape.record is not None:
                reachable(shape.record, seen)
            shapes += [s for s in (shape.item, *shape.options) if s is not None]
    return seen


@pytest.mark.parametrize("kind", sorted(model.DOCUMENT_KINDS))
def test_every_field_of_every_kind_has_a_shape_and_a_title(kind):
    classes = reachable(model.DOCUMENT_KINDS[kind])
    assert len(classes) > 5
    for cls in classes:
        for info in fields_of(cls):
            assert info.title and info.shape.kind in {"text", "integer", "amount", "boolean", "duration", "date",
                                                       "choice", "record", "list", "mapping", "union"}, (cls, info)


@pytest.mark.parametrize("module", WALKERS)
def test_no_other_module_takes_the_type_hints_apart(module):
    text = (REPO / "iopdoc" / module).read_text(encoding="utf-8")
    assert OWN_INTROSPECTION.findall(text) == [], f"{module} walks the model itself; use iopdoc.model.fields"


def test_a_field_says_what_its_number_counts():
    units = {(cls.__name__, info.name): info.unit for cls in reachable(model.Agreement) for info in fields_of(cls)}
    assert units[("Contribution", "amount")] == units[("InKind", "hourly_rate")] == "kr"
    assert units[("InKind", "hours")] is None  # hours are not kronor
    assert units[("Period", "start")] == "date" and units[("Period", "notice")] == "duration"


def test_shapes_take_unions_apart_once():
    shape = shape_of(next(i for i in fields_of(model.StatedPeriod) if i.name == "start").hint)
    assert (shape.kind, shape.optional, shape.year) == ("date", True, True)
    assert shape_of(Decimal).kind == "amount"
    assert shape_of(tuple[model.Section, ...]).item.record is model.Section
    assert shape_of(tuple[model.Section, ...]) is shape_of(tuple[model.Section, ...])  # cached


def test_a_new_kind_of_type_is_refused_loudly():
    with pytest.raises(TypeError, match="no part of iopdoc understands"):
        shape_of(complex)


def test_the_diff_shows_an_amount_in_kronor_by_its_unit(project):
    """The fact reader used to test for "(kr)" in a field's Swedish title."""
    from iopdoc.diff.facts import FactReader
    from iopdoc.resolve.project import Project

    document = Project(project).load(project / "sources" / "linkoping-kvinnojouren-2020.yaml")
    facts = {fact.key: fact.value for fact in FactReader({}).facts(document)}
    in_kind = next(value for key, value in facts.items() if key.endswith(".in_kind"))
    assert re.search(r"à \d+\xa0kr", in_kind), in_kind  # the hourly rate (unit "kr"), not the hours


def test_every_amount_titled_in_kronor_says_so_in_its_metadata():
    """A field added with "(kr)" in its title but no unit would show as a bare number in a diff."""
    for kind in model.DOCUMENT_KINDS.values():
        for cls in reachable(kind):
            for info in fields_of(cls):
                if "(kr)" in info.title:
                    assert info.unit == "kr", f"{cls.__name__}.{info.name}: add unit=\"kr\" to its fact()"


@pytest.mark.parametrize("kind", sorted(model.DOCUMENT_KINDS))
def test_every_document_kind_has_what_a_document_has(kind):
    """render, publish and diff read `parties`, `period`, `economy`, `dated`, `owner` of any document."""
    cls = model.DOCUMENT_KINDS[kind]
    assert issubclass(cls, model.Document)
    declared = {info.name for info in fields_of(cls)}
    for name in ("kind", "id", "title", "status", "language", "parties", "period", "economy", "sections"):
        assert name in declared, f"{cls.__name__} lacks {name}"
    assert [info.name for info in fields_of(cls)][-1] == "sections"  # the canonical layout ends with the sections
