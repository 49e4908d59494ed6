"""A document's facts as a reviewer reads them, and which of them changed between two versions.

Facts are taken from the model, labelled with its Swedish titles (`fact(title=...)`) and
formatted the Swedish way (`1 345 500 kr`). A few belong together and are stated as one: the
period's dates, a contribution's amount with its price level, volunteer work's hours and rate,
a signatory's role and name. Prose fields (a decision point, an attachment's title) are shown
evaluated, as they are signed.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from collections.abc import Mapping  # not typing's: isinstance against it is 10 times slower
from typing import Any, Callable, Iterator

from iopdoc import locale_sv, model
from iopdoc.model.fields import FieldInfo, field_named, values_of
from iopdoc.names import PER_SV, SECTOR_FACTS_SV, STATUSES_SV
from iopdoc.diff.changes import Fact, FactChange, Value
from iopdoc.diff.words import words

SKIPPED = {"locations", "kind", "id", "language", "sections"}  # not facts, or compared as sections
CHOICES = SECTOR_FACTS_SV | STATUSES_SV | PER_SV


def title(node: model.Node, name: str) -> str:
    return field_named(type(node), name).title


def show(value: Any, amount: bool = False) -> str | None:
    """A value as a Swedish reader expects it: amounts in kronor, dates as ISO, choices in words."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, Decimal):
        return locale_sv.format_amount(value) if amount else locale_sv.format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return CHOICES.get(value, value)
    return str(value)  # int, Unfilled, Year, Duration: as written


def span(start: Any, end: Any) -> str:
    return f"{show(start) or '…'}–{show(end) or '…'}"


def contribution(item: model.Contribution) -> str:
    """`1 345 500 kr per år i 2019 års prisläge`."""
    text = f"{show(item.amount, amount=True)} {CHOICES[item.per]}"
    return f"{text} i {item.price_level} års prisläge" if item.price_level else text


def in_kind(item: model.InKind) -> str:
    """`ca 3 000 timmar à 220 kr = 660 000 kr`."""
    about = "ca " if item.approximate else ""
    text = f"{about}{show(item.hours)} timmar à {show(item.hourly_rate, amount=True)}"
    return f"{text} = {show(item.value, amount=True)}" if item.value is not None else text


def contribution_part(item: model.ContributionPart) -> str:
    """`Lokaler: 60 000 kr för hela perioden`; volunteer work with its hours and rate."""
    per = f" {CHOICES[item.per]}" if item.per else ""
    hours = f" ({show(item.hours)} timmar à {show(item.hourly_rate, amount=True)})" if item.hours is not None else ""
    return f"{item.label}: {show(item.value, amount=True) or '–'}{per}{hours}"


def signatory(item: model.Signatory) -> str:
    return f"{item.role}: {item.name}" if item.name else item.role


def total(item: model.StatedTotal) -> str:
    return f"{show(item.amount, amount=True)} {CHOICES[item.per]}"


def official(item: model.Official) -> str:
    return f"{item.name}, {item.title}"


# A record stated as one fact, and the fields of it that are stated on their own as well.
COMBINED: dict[type, tuple[Callable[[Any], str], tuple[str, ...]]] = {
    model.Contribution: (contribution, ("in_kind", "parts")),
    model.ContributionPart: (contribution_part, ()),
    model.InKind: (in_kind, ()),
    model.Signatory: (signatory, ()),
    model.StatedTotal: (total, ()),
    model.Official: (official, ()),
}


class FactReader:
    """Walks one document's model, its prose evaluated (`Resolved.evaluated`), yielding its facts
    in the order the model lists them."""

    def __init__(self, names: Mapping[str, str]):
        self.names = names  # a party's handle → the name to label its facts with

    def prose(self, node: model.Node, key: str, text: str) -> str:
        return " ".join(words(text))  # a failed expression stays as written: still a difference

    def facts(self, node: model.Node, key: str = "", label: str = "") -> Iterator[Fact]:
        for f, value in values_of(node):
            if f.name in SKIPPED or f.from_key:
                continue
            inner_key = f"{key}.{f.name}" if key else f.name
            inner_label = f"{label} – {f.title}" if label else f.title
            yield from self.value_facts(node, f, value, inner_key, inner_label)

    def value_facts(self, node: model.Node, f: FieldInfo, value: Any, key: str, label: str) -> Iterator[Fact]:
        if value is None or value == () or value == {}:
            return
        if isinstance(value, (model.Period, model.StatedPeriod)):
            yield Fact(key, label, span(value.start, value.end))
            for name in ("stated_duration", "notice", "extension"):
                inner = getattr(value, name, None)
                if inner is not None:
                    yield Fact(f"{key}.{name}", f"{label} – {title(value, name)}", show(inner))
        elif isinstance(value, Mapping):
            for handle, item in value.items():
                yield from self.value_facts(node, f, item, f"{key}.{handle}", f"{label} – {self.names.get(handle, handle)}")
        elif type(value) in COMBINED:
            state, separately = COMBINED[type(value)]
            yield Fact(key, label, state(value))
            for name in separately:
                if getattr(value, name) not in (None, {}):
                    yield from self.value_facts(value, field_named(type(value), name), getattr(value, name),
                                                f"{key}.{name}", f"{label} – {title(value, name)}")
        elif isinstance(value, model.Node):
            yield from self.facts(value, key, label)
        elif isinstance(value, tuple) and value and isinstance(value[0], model.Node):
            for index, item in enumerate(value, start=1):
                yield from self.value_facts(node, f, item, f"{key}[{index}]", f"{label} {index}")
        elif isinstance(value, tuple):
            if f.prose:
                value = tuple(self.prose(node, f"{f.name}[{i}]", text) for i, text in enumerate(value))
            yield Fact(key, label, tuple(" ".join(words(str(item))) for item in value))
        elif f.prose:
            yield Fact(key, label, self.prose(node, f.name, value))
        else:
            yield Fact(key, label, show(value, amount=f.unit == "kr"))


def party_names(*documents: model.Document | None) -> dict[str, str]:
    """What to call each party in labels: its name in the newest version that has it."""
    names: dict[str, str] = {}
    for document in documents:
        for handle, party in (document.parties if document is not None else {}).items():
            names.setdefault(handle, party.name)
    return names


def document_facts(evaluated: model.Node | None, names: Mapping[str, str]) -> dict[str, Fact]:
    if evaluated is None:
        return {}
    return {fact.key: fact for fact in FactReader(names).facts(evaluated)}


def merged_order(old: list[str], new: list[str]) -> list[str]:
    """The new keys in order, each key only the old list has placed after the key it followed."""
    order = list(new)
    for index, key in enumerate(old):
        if key not in order:
            previous = next((k for k in reversed(old[:index]) if k in order), None)
            order.insert(order.index(previous) + 1 if previous else 0, key)
    return order


def compare_facts(old: model.Node | None, new: model.Node | None) -> tuple[FactChange, ...]:
    """The facts that differ between two evaluated documents (`Resolved.evaluated`), in the new
    document's order; one only the old states, where it stood."""
    names = party_names(new, old)
    before = document_facts(old, names)
    after = document_facts(new, names)
    changes = []
    for key in merged_order(list(before), list(after)):
        old_value: Value | None = before[key].value if key in before else None
        new_value: Value | None = after[key].value if key in after else None
        if old_value != new_value:
            changes.append(FactChange(key, (after.get(key) or before[key]).label, old_value, new_value))
    return tuple(changes)
