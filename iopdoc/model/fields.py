"""The model's fields, introspected once: what each field's type allows, and its metadata.

Everything that walks the dataclasses (the schema converter, the JSON Schema, the canonical layout,
prose evaluation and rendering, the checks' fact walk, the diff's fact reader, the project settings)
reads them through `fields_of` and `shape_of`, so a union, a mapping, a tuple, a bare `Year` or an
`Unfilled` date is taken apart in exactly one place, and a new field (or a new kind of field) is
understood everywhere at once.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator, Literal, Union

from iopdoc import model

SCALARS = (str, int, Decimal, bool, model.Duration)


@dataclass(frozen=True)
class Shape:
    """What a value of one declared type may be.

    `kind` is one of: "text", "integer", "amount", "boolean", "duration" (the scalar types), "date"
    (a date or an `Unfilled` placeholder), "choice" (a Literal: `choices`), "record" (a model class:
    `record`), "list" (a tuple of `item`), "mapping" (handles to `item`), or "union" (any of
    `options`, for a type the others do not describe). `optional`: None is allowed; `year`: a bare
    four-digit year (`model.Year`) is allowed besides the rest.
    """

    kind: str
    hint: Any
    optional: bool = False
    year: bool = False
    choices: tuple[str, ...] = ()
    record: type | None = None
    item: "Shape | None" = None
    options: tuple["Shape", ...] = ()
    key: Any = str  # a mapping's key type


SCALAR_KINDS = {str: "text", int: "integer", Decimal: "amount", bool: "boolean", model.Duration: "duration"}


@functools.lru_cache(maxsize=None)
def shape_of(hint: Any) -> Shape:
    """A declared type taken apart (cached: the model's types are few and fixed)."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        arguments = typing.get_args(hint)
        optional = type(None) in arguments
        year = model.Year in arguments
        rest = tuple(a for a in arguments if a not in (type(None), model.Year))
        if set(rest) == {dt.date, model.Unfilled}:
            inner = Shape("date", Union[dt.date, model.Unfilled])
        elif len(rest) == 1:
            inner = shape_of(rest[0])
        else:
            inner = Shape("union", Union[rest], options=tuple(shape_of(a) for a in rest))
        return dataclasses.replace(inner, hint=hint, optional=optional or inner.optional, year=year or inner.year)
    if origin is Literal:
        return Shape("choice", hint, choices=tuple(typing.get_args(hint)))
    if origin is tuple:
        return Shape("list", hint, item=shape_of(typing.get_args(hint)[0]))
    if origin is collections.abc.Mapping:
        key, value = typing.get_args(hint)
        return Shape("mapping", hint, item=shape_of(value), key=key)
    if isinstance(hint, type) and issubclass(hint, model.Node):
        return Shape("record", hint, record=hint)
    if hint in SCALAR_KINDS:
        return Shape(SCALAR_KINDS[hint], hint)
    if hint is dt.date:
        return Shape("date", hint)
    raise TypeError(f"model.py declares a type no part of iopdoc understands: {hint!r}")


@dataclass(frozen=True)
class FieldInfo:
    """One field of a model class: its name, shape and `fact()` metadata."""

    name: str
    shape: Shape
    title: str
    description: str
    required: bool
    from_key: bool  # filled from the mapping key it is written under, not written as a key
    prose: str | None  # "block" or "inline" Markdown that may hold `{{ expressions }}`
    unit: str | None  # "kr" for amounts in kronor, "date", "duration"; None for plain numbers and text
    default: Any
    required_unless: str | None = None  # another field that, when written, makes this one optional

    @property
    def hint(self) -> Any:
        return self.shape.hint

    @property
    def written(self) -> bool:
        """Whether a source writes it as a key of its own."""
        return not self.from_key


@functools.lru_cache(maxsize=None)
def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    """A model class's fields (without `locations`), in declaration order (typing.get_type_hints is slow)."""
    hints = typing.get_type_hints(cls)
    found = []
    for f in dataclasses.fields(cls):
        if f.name == "locations":
            continue
        shape = shape_of(hints[f.name])
        meta = f.metadata
        unit = meta.get("unit") or {"date": "date", "duration": "duration"}.get(shape.kind)
        default = f.default if f.default is not dataclasses.MISSING else None
        found.append(FieldInfo(f.name, shape, meta.get("title", f.name), meta.get("description", ""),
                               bool(meta.get("required")), bool(meta.get("from_key")), meta.get("prose"), unit, default,
                               meta.get("required_unless")))
    return tuple(found)


@functools.lru_cache(maxsize=None)
def field_map(cls: type) -> dict[str, FieldInfo]:
    return {info.name: info for info in fields_of(cls)}


def field_named(cls: type, name: str) -> FieldInfo | None:
    return field_map(cls).get(name)


def values_of(node: model.Node) -> Iterator[tuple[FieldInfo, Any]]:
    """Each field of a model object with its value, in declaration order."""
    for info in fields_of(type(node)):
        yield info, getattr(node, info.name)


def children(value: Any) -> Iterator[tuple[str, Any]]:
    """The items of a mapping (`key`) or a tuple (`[index]`) value, as path steps."""
    if isinstance(value, collections.abc.Mapping):
        for key, item in value.items():
            yield f".{key}", item
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield f"[{index}]", item


def prose_keys(info: FieldInfo, value: Any) -> list[tuple[str, str]]:
    """For a prose field's value, each text with the key its position is kept under
    (`body`, or `points[0]`, `points[1]` for a list of texts; see schema.prose_positions)."""
    if isinstance(value, tuple):
        return [(f"{info.name}[{index}]", text) for index, text in enumerate(value)]
    return [(info.name, value)]
