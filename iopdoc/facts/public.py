"""The public version of a document: what `iopdoc publish` puts on the website.

A source marks what must not be published: a section with `internal: true`, and facts by their
key path in the document's `internal:` list (`parties.jouren.address`,
`signatures.signatories.jouren.name`), the same paths prose uses. `iopdoc build` writes the full,
internal version; the public version has each internal text replaced by a visible note, and the
source embedded in its PDF is the public source: the same YAML with the internal values replaced
and every comment removed (a comment can hold anything), so `iopdoc extract` cannot recover them.
"""
from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Mapping  # not typing's: isinstance against it is 10 times slower
from typing import Any

from iopdoc import model

WITHHELD = "Uppgiften är inte offentlig"
WITHHELD_FACT = f"[{WITHHELD}]"  # inside running text, where a fact's value would stand
WITHHELD_SECTION = f"*{WITHHELD}.*"  # a whole section's body
STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def internal_paths(document: model.Node) -> tuple[str, ...]:
    """The document's internal facts and sections, as key paths."""
    paths = list(getattr(document, "internal", ()) or ())
    paths += [f"sections[{i}]" for i, s in enumerate(getattr(document, "sections", ())) if getattr(s, "internal", False)]
    return tuple(paths)


def is_internal(document: model.Node, path: str) -> bool:
    """True when the fact at `path` is internal itself or lies inside something internal."""
    return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") for p in internal_paths(document))


def steps_of(path: str) -> list[str | int] | None:
    """`parties.jouren.address` → ["parties", "jouren", "address"]; `sections[2]` → ["sections", 2]; None if malformed."""
    steps: list[str | int] = []
    position = 0
    while position < len(path):
        match = STEP.match(path, position)
        if match is None or (match.group(0).startswith(".") and not steps):
            return None
        steps.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    return steps or None


def value_at(document: model.Node, path: str) -> tuple[bool, Any]:
    """(True, value) for the fact a path names in the document, (False, None) if it names none."""
    steps = steps_of(path)
    if steps is None:
        return False, None
    current: Any = document
    for step in steps:
        if isinstance(step, int):
            if not isinstance(current, tuple) or step >= len(current):
                return False, None
            current = current[step]
        elif isinstance(current, Mapping):
            if step not in current:
                return False, None
            current = current[step]
        elif isinstance(current, model.Node) and step in {f.name for f in dataclasses.fields(current)} \
                and step != "locations":
            current = getattr(current, step)
        else:
            return False, None
    return True, current


def is_text(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, tuple) and all(isinstance(v, str) for v in value))


def withheld(value: Any) -> Any:
    return tuple(WITHHELD_FACT for _ in value) if isinstance(value, tuple) else WITHHELD_FACT


def replaced(node: Any, steps: list[str | int], change) -> Any:
    """A copy of `node` with the value at `steps` replaced by change(value)."""
    if not steps:
        return change(node)
    head, rest = steps[0], steps[1:]
    if isinstance(head, int):
        items = list(node)
        items[head] = replaced(items[head], rest, change)
        return tuple(items)
    if isinstance(node, Mapping):
        from types import MappingProxyType

        return MappingProxyType({k: (replaced(v, rest, change) if k == head else v) for k, v in node.items()})
    return dataclasses.replace(node, **{head: replaced(getattr(node, head), rest, change)})


def public_document(document: model.Node) -> model.Node:
    """The document with every internal text fact replaced by the note, and every internal section's
    body by the note (its heading stays, so the structure reads the same). Facts that are not text
    cannot be internal (IOP605 says so); they are left as they are."""
    public = document
    for path in getattr(document, "internal", ()) or ():
        found, value = value_at(public, path)
        if found and value is not None and is_text(value):
            public = replaced(public, steps_of(path), withheld)
    sections = getattr(public, "sections", None)
    if sections and any(getattr(s, "internal", False) for s in sections):
        public = dataclasses.replace(public, sections=tuple(
            dataclasses.replace(s, body=WITHHELD_SECTION) if s.internal else s for s in sections))
    return public


def public_source(source_text: str, document: model.Node) -> bytes:
    """The source as YAML with every internal value replaced by the note and no comments."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 100
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # the canonical layout (iopdoc fmt)
    data = yaml.load(source_text)
    for path in internal_paths(document):
        steps = steps_of(path)
        if steps is None:
            continue
        parent: Any = data
        for step in steps[:-1]:
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        last = steps[-1]
        if parent is None:
            continue
        try:
            current = parent[last]
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(current, dict) and "body" in current and path.startswith("sections["):
            current["body"] = WITHHELD_SECTION + "\n"
        elif isinstance(current, list):
            parent[last] = [WITHHELD_FACT for _ in current]
        else:
            parent[last] = WITHHELD_FACT
    strip_comments(data)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue().encode("utf-8")


def strip_comments(node: Any) -> None:
    """Remove every comment ruamel keeps on a mapping or sequence, recursively."""
    attribute = getattr(node, "ca", None)
    if attribute is not None:
        attribute.comment = None
        attribute.items.clear()
        if hasattr(attribute, "end"):
            attribute.end = []
    if isinstance(node, dict):
        for value in node.values():
            strip_comments(value)
    elif isinstance(node, list):
        for value in node:
            strip_comments(value)
