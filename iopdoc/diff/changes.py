"""What a comparison of two documents found: facts that changed, and sections that did."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Op = Literal["=", "-", "+"]
Token = tuple[Op, str]  # kept, removed or added words
Unit = tuple[Token, ...]  # one paragraph, list item or heading of prose, word by word
Value = Union[str, tuple[str, ...]]  # a fact as shown: text, or a list of texts


@dataclass(frozen=True)
class Fact:
    """One fact of a document as a reader would state it, formatted the Swedish way."""

    key: str  # stable across versions: `economy.contributions.kommunen`
    label: str  # in Swedish, from the model's titles: "Bidrag per part – Linköpings kommun"
    value: Value


@dataclass(frozen=True)
class FactChange:
    key: str
    label: str
    old: Value | None  # None: the fact is not stated on that side
    new: Value | None


@dataclass(frozen=True)
class SectionText:
    """A section as it reads: its place, kind, heading and evaluated prose (what is signed)."""

    position: int  # 1-based, in its document
    kind: str
    heading: str | None
    text: str  # Markdown with every {{ expression }} replaced by its value
    source: str = ""  # the body as written, before evaluation


SectionStatus = Literal["added", "removed", "changed", "moved", "split", "joined", "facts"]


@dataclass(frozen=True)
class SectionChange:
    """A section that was added, removed, moved, changed, split in two or joined from two.

    `facts`: only its facts changed (the body as written is the same; the values it shows are
    not). `old` and `new` hold two sections each for a split or a join.
    """

    status: SectionStatus
    old: tuple[SectionText, ...] = ()
    new: tuple[SectionText, ...] = ()
    moved: bool = False
    renamed: bool = False
    units: tuple[Unit, ...] = ()  # the word diff of the text, unit by unit

    @property
    def text_changed(self) -> bool:
        return any(op != "=" for unit in self.units for op, _ in unit)


@dataclass(frozen=True)
class DocumentDiff:
    """Two versions of one document compared."""

    identifier: str
    kind: str  # agreement or memo
    old_name: str  # as the user named it: a path or REV:path; "" for a source that is new
    new_name: str  # "" for a source that was deleted
    facts: tuple[FactChange, ...] = ()
    sections: tuple[SectionChange, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.facts and not self.sections
