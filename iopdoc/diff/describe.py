"""The Swedish words every output format uses to describe a change (Markdown, HTML, text)."""
from __future__ import annotations

from typing import Iterator

from iopdoc.diff.changes import DocumentDiff, FactChange, SectionChange, Unit, Value
from iopdoc.diff.sections import section_name
from iopdoc.diff.words import diff_units, diff_words, unchanged, words

ABSENT = "–"  # a fact one side does not state
LONG = 80  # a fact longer than this is shown word by word rather than as before → after

STATUS = {"added": "Nytt avsnitt", "removed": "Borttaget avsnitt", "changed": "Ändrat", "moved": "Flyttat",
          "split": "Delat i två", "joined": "Sammanslaget", "facts": "Ändrat bara genom fakta"}


def title(diff: DocumentDiff) -> str:
    return f"Ändringar i {diff.identifier}"


def sides(diff: DocumentDiff) -> str:
    if not diff.old_name:
        return f"ny källa: {diff.new_name}"
    if not diff.new_name:
        return f"borttagen källa: {diff.old_name}"
    return f"{diff.old_name} → {diff.new_name}"


def shown(value: Value | None) -> str:
    if value is None:
        return ABSENT
    if isinstance(value, tuple):
        return "; ".join(value)
    return value


def is_short(change: FactChange) -> bool:
    """Shown as before → after in one line (else word by word, or item by item for a list)."""
    return not any(isinstance(v, tuple) or len(v) > LONG for v in (change.old, change.new) if v is not None)


def fact_units(change: FactChange) -> tuple[Unit, ...]:
    """A long fact word by word; a list item by item (its unchanged items kept, for elision)."""
    if isinstance(change.old, tuple) or isinstance(change.new, tuple):
        as_list = lambda value: "\n".join(f"- {item}" for item in (value or ()))  # noqa: E731
        return diff_units(as_list(change.old), as_list(change.new))
    return (diff_words(change.old or "", change.new or ""),)


def section_line(change: SectionChange) -> str:
    """`Ändrat, ny rubrik: Period för överenskommelsen → Avtalsperiod (flyttat: plats 10 → 6)`."""
    old_names = " och ".join(section_name(s) for s in change.old)
    new_names = " och ".join(section_name(s) for s in change.new)
    status = STATUS[change.status]
    if change.status == "changed" and change.renamed:
        status += ", ny rubrik"
    if change.status == "added":
        names = new_names
    elif change.status == "removed" or (old_names == new_names and change.status != "split"):
        names = old_names
    else:
        names = f"{old_names} → {new_names}"
    where = ""
    if change.moved and change.old and change.new:
        where = f" (flyttat: plats {change.old[0].position} → {change.new[0].position})"
    elif change.status in ("added", "removed"):
        where = f" (plats {(change.new or change.old)[0].position})"
    return f"{status}: {names}{where}"


def shown_units(units: tuple[Unit, ...], context: int = 0) -> Iterator[Unit | None]:
    """The units worth showing: changed ones, `context` unchanged ones around them, and None
    where a run of unchanged units is left out."""
    keep = {index for index, unit in enumerate(units) if not unchanged(unit)}
    keep |= {near for index in keep for near in range(index - context, index + context + 1)}
    skipped = False
    for index, unit in enumerate(units):
        if index in keep:
            skipped = False
            yield unit
        elif not skipped:
            skipped = True
            yield None


def counts(units: tuple[Unit, ...]) -> tuple[int, int]:
    """Words added and removed."""
    added = sum(len(words(text)) for unit in units for op, text in unit if op == "+")
    removed = sum(len(words(text)) for unit in units for op, text in unit if op == "-")
    return added, removed
