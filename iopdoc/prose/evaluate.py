"""A document's prose evaluated once: every `{{ expression }}` replaced by the fact it names.

`evaluate_document` returns a copy of the document in which every field marked `prose=` (a
section's body, a decision point, an attachment's title) holds its evaluated Markdown, and the
problems of every expression in it. The project layer calls it once per resolved document; render,
diff and the checks' prose problems all read that one result. An expression that fails stays as
written in the copy, so a diff still shows it.
"""
from __future__ import annotations

import dataclasses
from types import MappingProxyType
from collections.abc import Mapping  # not typing's: isinstance against it is 10 times slower
from typing import Any, Callable

from iopdoc.prose import markup
from iopdoc import model
from iopdoc.errors import Diagnostic
from iopdoc.model.fields import fields_of, prose_keys
from iopdoc.facts.lifecycle import life_of
from iopdoc.facts.totals import totals_of
from iopdoc.facts.indexed import IndexedAmounts

NOT_NAMES = ("sections",)  # fields prose does not refer to by name


def prose_context(document: model.Node, linked: Mapping[str, model.Node],
                  series: Mapping[str, model.IndexSeries] | None = None) -> dict[str, Any]:
    """The names prose can refer to: the document's facts by their keys, derived amounts
    (`totals.over_period`) and dates (`life.end`) where there is something to derive, and linked
    documents; given the index series the agreement names (`series`, the project's), also the
    indexed amount each public party and part pays each year (`indexed.kommunen[2028]`)."""
    names = {info.name: getattr(document, info.name) for info in fields_of(type(document)) if info.name not in NOT_NAMES}
    # Derived facts, where there is something to derive: amounts (`totals.over_period`) and the dates
    # of the agreement's life after signing (`life.end`).
    derived = {"totals": totals_of(document), "life": life_of(document),
               "indexed": IndexedAmounts(document, series) if series is not None else None}
    return names | {name: value for name, value in derived.items() if value is not None} | dict(linked)


def map_prose(node: Any, change: Callable[[model.Node, str, str, str], Any]) -> Any:
    """A copy of `node` in which each prose text is replaced by `change(owner, key, text, kind)`
    (kind "block" or "inline"); records and containers are copied only where something changed."""
    if isinstance(node, tuple):
        items = tuple(map_prose(item, change) for item in node)
        return node if all(a is b for a, b in zip(items, node)) else items
    if isinstance(node, Mapping):
        values = {key: map_prose(value, change) for key, value in node.items()}
        return node if all(values[key] is value for key, value in node.items()) else MappingProxyType(values)
    if not isinstance(node, model.Node):
        return node
    changes = {}
    for info in fields_of(type(node)):
        value = getattr(node, info.name)
        if value is None:
            continue
        if info.prose is not None:
            shown = [change(node, key, text, info.prose) for key, text in prose_keys(info, value)]
            changes[info.name] = tuple(shown) if isinstance(value, tuple) else shown[0]
        elif isinstance(value, (model.Node, tuple, Mapping)):
            copied = map_prose(value, change)
            if copied is not value:
                changes[info.name] = copied
    return dataclasses.replace(node, **changes) if changes else node


def evaluate_document(document: model.Node, linked: Mapping[str, model.Node],
                      series: Mapping[str, model.IndexSeries] | None = None,
                      values: dict[str, Any] | None = None) -> tuple[model.Node, list[Diagnostic]]:
    """The document with every prose field evaluated (still Markdown), and every expression's problems.
    Each expression is evaluated once however often prose writes it; `values`, when given, is filled
    with those evaluated without a problem (expression → value), for the published texts to read."""
    context = prose_context(document, linked, series)
    problems: list[Diagnostic] = []
    values = {} if values is None else values

    def evaluate(owner: model.Node, key: str, text: str, kind: str) -> str:
        evaluated, found = markup.evaluate_prose(markup.prose_at(owner, key, text), context, values)
        problems.extend(found)
        return evaluated

    return map_prose(document, evaluate), problems
