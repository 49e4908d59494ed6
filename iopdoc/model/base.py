"""What every model object is made of: a `Node` with locations, `fact(...)` field metadata, a
value not yet filled in (`Unfilled`), and a length of time (`Duration`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, Mapping, Union

from iopdoc.errors import Location
from iopdoc.names import SECTION_KINDS_SV  # the facts a section shows are called what the section is



NOWHERE = Location("<okänd>")
EMPTY: Mapping = MappingProxyType({})


def fact(title: str, *, default=None, factory=None, required: bool = False, description: str = "",
         from_key: bool = False, prose: Literal["block", "inline"] | None = None, unit: Literal["kr"] | None = None,
         required_unless: str | None = None):
    """A field of a source, with its Swedish title and whether it must be given.

    `from_key` marks a field filled from the mapping key the object is written
    under (a party's handle), not written as a key of its own. `prose` marks text
    that may refer to facts with `{{ ... }}`: "block" Markdown (a section's body)
    or "inline" Markdown (a line of text such as a decision point); the schema
    then keeps where its text starts, for messages about an expression in it. `unit` says what a
    number counts: "kr" for an amount in kronor (shown as `1 345 500 kr`); dates and durations
    are known by their type (fields.FieldInfo.unit). `required_unless` names another field that,
    when given, makes this one optional (a contribution's `amount`, unless it has `parts`).
    """
    meta = {"title": title, "description": description, "required": required, "from_key": from_key,
            "prose": prose, "unit": unit, "required_unless": required_unless}
    if isinstance(default, (list, dict)):
        raise TypeError("use tuples or factory defaults for containers")
    if required:
        return field(metadata=meta)
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True, kw_only=True)
class Node:
    """Something written in a source; knows where it and each of its fields were written."""

    locations: Mapping[str, Location] = field(default_factory=dict, repr=False, compare=False)

    def at(self, name: str = "") -> Location:
        """Where field `name` (or, with no name, this object) was written."""
        return self.locations.get(name) or self.locations.get("") or NOWHERE


@dataclass(frozen=True)
class Unfilled:
    """A date the document has not fixed yet, kept as the officer wrote it (`2024-xx-xx`, `2019-`)."""

    text: str

    def __str__(self) -> str:
        return self.text

    @property
    def year(self) -> int | None:
        head = self.text[:4]
        return int(head) if head.isdigit() else None


DateFact = Union[dt.date, Unfilled]

DurationUnit = Literal["år", "månader", "veckor", "dagar"]


@dataclass(frozen=True)
class Duration:
    """A length of time as written in the text ("sex månader", "5 år", "3,5 år", "3 år och 6 månader",
    "drygt tre år"); `text` is how prose shows it, with a decimal comma."""

    amount: Decimal
    unit: DurationUnit
    text: str
    # "drygt tre år", "knappt fem år", "cirka två år": the length is approximate in that direction.
    approximation: str | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def months(self) -> Decimal:
        """The length in months, counted as a period's length is (locale_sv.months_in)."""
        from iopdoc.locale_sv import months_in  # calendar arithmetic has one home

        return months_in(self.amount, self.unit)


__all__ = ['NOWHERE', 'EMPTY', 'fact', 'Node', 'Unfilled', 'DateFact', 'DurationUnit', 'Duration']
