"""How much a source may ask of iopdoc: its size, its nesting and what its YAML aliases expand to.

Sources are untrusted text. Each limit is far above what an agreement needs (the real ones are
about 15 KB, nested 6 deep, with no aliases) and far below what would crash or stall a build:
libyaml's composer recurses in C, so about 30 000 nested brackets end the interpreter, and a few
kilobytes of aliases referring to aliases expand to billions of nodes.
"""
from __future__ import annotations

import re

from iopdoc.errors import Location, SourceError, error

MAX_SOURCE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 200
MAX_EXPANDED_NODES = 100_000
MAX_DIGITS = 300  # a number's digits (money needs 15; Python refuses to convert more than 4300)
LONG_NUMBER = re.compile(r"[-+]?(?:0[xob])?[0-9a-fA-F_.,]{%d,}(?:[eE][-+]?\d+)?" % (MAX_DIGITS + 1))


def too_large(name: str, size: int) -> SourceError:
    limit = MAX_SOURCE_BYTES // 1024 // 1024
    return SourceError([error("IOP005", Location(name),
                              f"filen är {size // 1024} kB; en källa får vara högst {limit} MB. Dela upp den, eller ta bort bilagor.",
                              f"the file is {size // 1024} KB; a source may be at most {limit} MB. Split it, or remove attachments.")])


def check_structure(events, name: str) -> None:
    """Walk the YAML events of a source (libyaml's parser keeps its own stack, so this cannot recurse)
    and refuse nesting deeper than MAX_DEPTH, more than MAX_ALIASES aliases, aliases that refer to
    the node they are inside, and alias expansion past MAX_EXPANDED_NODES."""
    from ruamel.yaml.events import (AliasEvent, CollectionEndEvent, CollectionStartEvent, MappingStartEvent,
                                    ScalarEvent)

    depth = 0
    aliases = 0
    sizes: dict[str, int] = {}  # anchor → nodes it stands for, expansions included
    open_anchors: list[tuple[str | None, int]] = []  # per open collection: its anchor, nodes before it
    total = 0
    expanded = 0  # nodes that aliases add to the tree
    in_mapping: list[list[int]] = []  # per open collection: [items so far] if a mapping, else []
    for event in events:
        if isinstance(event, (ScalarEvent, CollectionStartEvent, AliasEvent)) and in_mapping and in_mapping[-1]:
            at_key = in_mapping[-1][0] % 2 == 0
            in_mapping[-1][0] += 1
            if at_key and not isinstance(event, ScalarEvent):
                raise limit_error(name, event, "en nyckel som är en lista, nycklar med värden eller ett alias",
                                  "a key that is a list, keys with values or an alias")
        if isinstance(event, CollectionStartEvent):
            in_mapping.append([0] if isinstance(event, MappingStartEvent) else [])
        elif isinstance(event, CollectionEndEvent):
            in_mapping.pop()
        if isinstance(event, ScalarEvent):
            total += 1
            if not event.style and len(event.value) > MAX_DIGITS and LONG_NUMBER.fullmatch(event.value):
                raise limit_error(name, event, f"ett tal med fler än {MAX_DIGITS} siffror",
                                  f"a number with more than {MAX_DIGITS} digits")
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise limit_error(name, event, f"nästlad djupare än {MAX_DEPTH} nivåer",
                                  f"nested deeper than {MAX_DEPTH} levels")
            open_anchors.append((event.anchor, total))
            total += 1
            if event.anchor is not None:
                sizes.pop(event.anchor, None)  # being defined: an alias to it now is recursive
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
            anchor, before = open_anchors.pop()
            if anchor is not None:
                sizes[anchor] = total - before
        elif isinstance(event, AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise limit_error(name, event, f"fler än {MAX_ALIASES} alias (`*namn`)",
                                  f"more than {MAX_ALIASES} aliases (`*name`)")
            if event.anchor not in sizes:
                if any(anchor == event.anchor for anchor, _ in open_anchors):
                    raise limit_error(name, event, "ett alias som hänvisar till det som det självt står i",
                                      "an alias that refers to what it is itself inside")
                continue  # an undefined alias: the composer reports it with its position
            total += sizes[event.anchor]
            expanded += sizes[event.anchor]
        if expanded > MAX_EXPANDED_NODES:
            raise limit_error(name, event, f"alias som blir fler än {MAX_EXPANDED_NODES} värden när de fylls i",
                              f"aliases that expand to more than {MAX_EXPANDED_NODES} values")


def limit_error(name: str, event, what_sv: str, what_en: str) -> SourceError:
    mark = event.start_mark
    where = Location(name, mark.line + 1, mark.column + 1)
    return SourceError([error("IOP006", where, f"källan är för komplicerad: {what_sv}. Skriv den enklare.",
                              f"the source is too complex: {what_en}. Write it more simply.")])

