"""A JSON Schema of the source format, generated from the model, for editors.

The same dataclasses and `fact()` metadata that validate sources describe
them here, with Swedish titles and descriptions, so VS Code and other editors
(via yaml-language-server) complete keys and flag wrong types as you type.
The schema is as strict as a schema can be; what it cannot see (prose
expressions, links, consistency) is left to `iopdoc check`.
"""
from __future__ import annotations

import json
from typing import Any

from iopdoc import __version__, locale_sv, model
from iopdoc.model.fields import Shape, fields_of, shape_of
from iopdoc.source.schema import HANDLE as HANDLE_PATTERN, ISO_DATE, PLACEHOLDER_DATE

SCHEMA_ID = "https://iopdoc.invalid/schema/iopdoc.schema.json"
# The validator's own patterns (schema.py, locale_sv.py), so an editor accepts what `iopdoc check` does.
ISO = ISO_DATE.pattern
PLACEHOLDER = PLACEHOLDER_DATE.pattern
DURATION = locale_sv.duration_pattern()
HANDLE = HANDLE_PATTERN.pattern


YEAR = {"type": "integer", "minimum": 1000, "maximum": 9999, "description": "ett årtal, t.ex. 2026"}
SCALARS = {"text": {"type": "string"}, "integer": {"type": "integer"}, "boolean": {"type": "boolean"},
           "amount": {"type": "number", "minimum": 0, "multipleOf": 0.01},
           "duration": {"type": "string", "pattern": DURATION, "description": "t.ex. \"sex månader\", \"5 år\""},
           "date": {"type": "string", "anyOf": [{"format": "date", "pattern": ISO},
                                                {"pattern": PLACEHOLDER, "not": {"pattern": ISO}}],
                    "description": "ÅÅÅÅ-MM-DD, eller t.ex. 2025-xx-xx om datumet inte är bestämt"}}


def describe_type(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    return describe_shape(shape_of(hint), definitions)


def describe_shape(shape: Shape, definitions: dict[str, Any]) -> dict[str, Any]:
    """A field's shape (fields.shape_of) as JSON Schema: a bare year besides the rest, then null."""
    described = describe_kind(shape, definitions)
    if shape.year:
        described = {"anyOf": [YEAR, described]}
    if shape.optional:
        described = {"anyOf": [described, {"type": "null"}]}
    return described


def describe_kind(shape: Shape, definitions: dict[str, Any]) -> dict[str, Any]:
    if shape.kind == "choice":
        return {"enum": list(shape.choices)}
    if shape.kind == "list":
        return {"type": "array", "items": describe_shape(shape.item, definitions)}
    if shape.kind == "mapping":
        return {"type": "object", "propertyNames": {"pattern": HANDLE},
                "additionalProperties": describe_shape(shape.item, definitions)}
    if shape.kind == "record":
        name = shape.record.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder against recursion
            definitions[name] = describe_record(shape.record, definitions)
        return {"$ref": f"#/$defs/{name}"}
    if shape.kind == "union":
        return {"anyOf": [describe_shape(option, definitions) for option in shape.options]}
    return dict(SCALARS[shape.kind])


def describe_record(cls: type[model.Node], definitions: dict[str, Any]) -> dict[str, Any]:
    properties, required = {}, []
    for info in fields_of(cls):
        if info.from_key:
            continue
        described = {"title": info.title, **describe_shape(info.shape, definitions)}
        if info.description:
            described["description"] = info.description
        properties[info.name] = described
        if info.required:
            required.append(info.name)
    record = {"type": "object", "additionalProperties": False, "properties": properties}
    written = cls.__dict__.get("__doc__") or ""
    if written and not written.startswith(f"{cls.__name__}("):  # dataclass makes one up when there is none
        record["description"] = written.strip().splitlines()[0]
    if required:
        record["required"] = required
    return record


def build_schema() -> dict[str, Any]:
    """The schema of every document kind, chosen by its `kind`."""
    definitions: dict[str, Any] = {}
    kinds = [describe_type(cls, definitions) for cls in model.DOCUMENT_KINDS.values()]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "iopdoc-källa",
        "description": f"En källa för iopdoc {__version__}: en överenskommelse om idéburet offentligt partnerskap "
                       "eller en tjänsteskrivelse. Genererad från iopdocs modell (`iopdoc schema`).",
        "oneOf": kinds,
        "$defs": definitions,
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
