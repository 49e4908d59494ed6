"""A JSON Schema of the source format, generated from the model, for editors.

The same dataclasses and `fact()` metadata that validate sources describe
them here, with Swedish titles and descriptions, so VS Code and other editors
(via yaml-language-server) complete keys and flag wrong types as you type.
The schema is as strict as a schema can be; what it cannot see (prose
expressions, links, consistency) is left to `iopdoc check`.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import datetime as dt
import json
import types
import typing
from decimal import Decimal
from typing import Any, Literal, Union

from . import __version__, model

SCHEMA_ID = "https://iopdoc.invalid/schema/iopdoc.schema.json"
ISO_OR_PLACEHOLDER = r"^(\d{4}-\d{2}-\d{2}|[0-9xXÅåYy]{2,4}-([0-9xXMm]{0,2}-?([0-9xXDd]{0,2})))$"
DURATION = r"^\S+( och (ett halvt|en halv))? (år|års|månad|månader|månaders|vecka|veckor|veckors|dag|dagar|dagars)$"
HANDLE = r"^[A-Za-z_][A-Za-z0-9_]*$"


def describe_type(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        arguments = typing.get_args(hint)
        options = [a for a in arguments if a is not type(None)]
        if model.Year in options:  # a bare year, or whatever else the field takes (a date)
            rest = [option for option in options if option is not model.Year]
            year = {"type": "integer", "minimum": 1000, "maximum": 9999, "description": "ett årtal, t.ex. 2026"}
            described = {"anyOf": [year, describe_type(Union[tuple(rest)], definitions)]}
        elif set(options) == {dt.date, model.Unfilled}:
            described = {"type": "string", "anyOf": [{"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                                                     {"pattern": ISO_OR_PLACEHOLDER, "not": {"pattern": r"^\d{4}-\d{2}-\d{2}$"}}],
                         "description": "ÅÅÅÅ-MM-DD, eller t.ex. 2025-xx-xx om datumet inte är bestämt"}
        elif len(options) > 1:  # text or a record (`payment`)
            described = {"anyOf": [describe_type(option, definitions) for option in options]}
        else:
            described = describe_type(options[0], definitions)
        if type(None) in arguments:
            return {"anyOf": [described, {"type": "null"}]}
        return described
    if origin is Literal:
        return {"enum": list(typing.get_args(hint))}
    if origin is tuple:
        return {"type": "array", "items": describe_type(typing.get_args(hint)[0], definitions)}
    if origin is collections.abc.Mapping:
        return {"type": "object", "propertyNames": {"pattern": HANDLE},
                "additionalProperties": describe_type(typing.get_args(hint)[1], definitions)}
    if isinstance(hint, type) and issubclass(hint, model.Node):
        if hint.__name__ not in definitions:
            definitions[hint.__name__] = {}  # placeholder against recursion
            definitions[hint.__name__] = describe_record(hint, definitions)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    simple = {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"},
              Decimal: {"type": "number", "minimum": 0, "multipleOf": 0.01},
              model.Duration: {"type": "string", "pattern": DURATION, "description": "t.ex. \"sex månader\", \"5 år\""}}
    return dict(simple[hint])


def describe_record(cls: type[model.Node], definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties, required = {}, []
    for f in dataclasses.fields(cls):
        if f.name == "locations" or f.metadata.get("from_key"):
            continue
        described = describe_type(hints[f.name], definitions)
        described = {"title": f.metadata.get("title", f.name), **described}
        if f.metadata.get("description"):
            described["description"] = f.metadata["description"]
        properties[f.name] = described
        if f.metadata.get("required"):
            required.append(f.name)
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
