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


def limit_error(name: str, event, what_sv: str, what_en: str) -> SourceError:
    mark = event.start_mark
    where = Location(name, mark.line + 1, mark.column + 1)
    return SourceError([error("IOP006", where, f"källan är för komplicerad: {what_sv}. Skriv den enklare.",
                              f"the source is too complex: {what_en}. Write it more simply.")])

# Per parser class (its resolver): (short plain value, implicit) → its tag, since keys and many values
# repeat within and across sources; (None, implicit) for quoted and block scalars and (node class,
# implicit) for collections, whose tag does not depend on their value. Emptied when it grows large.
RESOLVED: dict[type, dict[tuple, object]] = {}
MAX_RESOLVED = 50_000
SCALAR_SLOTS = {"ctag", "value", "start_mark", "end_mark", "comment", "anchor", "style"}
TAGS: dict[str, object] = {}  # one Tag per tag name (a node makes its own from a name otherwise)


def compose_within_limits(parser, name: str):
    """Compose the node tree of a source from libyaml's events, checking the limits on the way
    (one pass over the events: no separate walk before composing).

    libyaml's own composer recurses in C (about 30 000 nested brackets end the interpreter) and
    expands nothing, so it cannot be asked to stop; this one keeps its own stack and refuses
    nesting deeper than MAX_DEPTH, more than MAX_ALIASES aliases, aliases that refer to the node
    they are inside, alias expansion past MAX_EXPANDED_NODES, keys that are not scalars and numbers
    longer than MAX_DIGITS digits (IOP006, at the event that crosses the limit). It builds the tree
    libyaml's composer builds (same nodes, tags, styles, marks; an alias is the node it names), and
    raises the composer's errors (an undefined alias, a duplicate anchor, a second document) only
    after the whole stream has been read, as when the limits were checked in a walk of their own
    before composing: any syntax error or limit anywhere in the source comes first.

    `parser` is ruamel's loader on libyaml (CParser with the resolver mixed in): its events and its
    `resolve`. Returns the first document's root node, or None for an empty stream.
    """
    from ruamel.yaml.composer import ComposerError
    from ruamel.yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent,
                                    MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent)
    from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
    from ruamel.yaml.tag import Tag

    if parser.yaml_path_resolvers:  # libyaml's composer would call descend_resolver for them
        raise ValueError("compose_within_limits does not follow path resolvers")
    get_event, resolve = parser.get_event, parser.resolve
    new_node = object.__new__
    fill_slots = {*Node.__slots__, *ScalarNode.__slots__} == SCALAR_SLOTS  # the ruamel.yaml this was written for
    resolved = RESOLVED.get(parser.__class__)
    if resolved is None or len(resolved) > MAX_RESOLVED:
        if len(RESOLVED) > 8:  # parser classes made on the fly (ruamel's YAML() makes one per parser)
            RESOLVED.clear()
        resolved = RESOLVED[parser.__class__] = {}
    if len(TAGS) > MAX_RESOLVED:
        TAGS.clear()
    tags = TAGS

    def shared(tag) -> Tag:  # a tag name, or a Tag the resolver made from one (handle None)
        name = tag.suffix if isinstance(tag, Tag) else tag
        found = tags.get(name)
        if found is None:
            found = tags[name] = Tag(suffix=name)
        return found

    depth = 0
    aliases = 0
    sizes: dict[str, int] = {}  # anchor → nodes it stands for, expansions included
    open_anchors: list[tuple[str | None, int]] = []  # per open collection: its anchor, nodes before it
    total = 0
    expanded = 0  # nodes that aliases add to the tree
    in_mapping: list[list[int]] = []  # per open collection: [items so far] if a mapping, else []
    # The tree being composed: libyaml's composer's, with its own stack.
    anchors: dict[str, object] = {}  # anchor → node, in the document being composed
    stack: list[list] = []  # per open collection: [node, key waiting for its value (mappings)]
    root = None
    documents = 0  # documents started
    composing = False  # inside the first document, and no composer error yet
    problem: ComposerError | None = None  # the composer's first error, raised at the end of the stream
    while True:
        event = get_event()
        if event is None:
            break
        kind = event.__class__
        if kind is ScalarEvent:  # most events: done here, without the other kinds' bookkeeping
            if in_mapping:
                top = in_mapping[-1]
                if top:
                    top[0] += 1
            total += 1
            value = event.value
            if len(value) > MAX_DIGITS and not event.style and LONG_NUMBER.fullmatch(value):
                raise limit_error(name, event, f"ett tal med fler än {MAX_DIGITS} siffror",
                                  f"a number with more than {MAX_DIGITS} digits")
            anchor = event.anchor
            if anchor is not None:
                sizes[anchor] = 1
            if not composing:
                continue
            tag = event.tag
            if tag is None or tag == "!":
                implicit = event.implicit
                # Only a plain scalar's tag depends on its value (a quoted or block one is text).
                known = (value if implicit[0] else None, implicit)
                tag = resolved.get(known)
                if tag is None:
                    tag = shared(resolve(ScalarNode, value, implicit))
                    if len(value) <= 100:
                        resolved[known] = tag
            else:
                tag = shared(tag)
            if fill_slots:  # ScalarNode(tag, value, start_mark, end_mark, style), its slots filled here: twice as fast
                node = new_node(ScalarNode)
                node.ctag, node.value, node.start_mark, node.end_mark = tag, value, event.start_mark, event.end_mark
                node.style, node.comment, node.anchor = event.style, None, None
            else:
                node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
            if anchor is not None:
                problem = define(anchors, anchor, node, event)
                if problem is not None:
                    composing = False
                    continue
            if not stack:
                root = node
            else:
                parent = stack[-1]
                if parent[0].__class__ is SequenceNode:
                    parent[0].value.append(node)
                elif parent[1] is None:
                    parent[1] = node
                else:
                    parent[0].value.append((parent[1], node))
                    parent[1] = None
            continue
        if kind is MappingStartEvent or kind is SequenceStartEvent or kind is AliasEvent:
            if in_mapping and in_mapping[-1]:
                at_key = in_mapping[-1][0] % 2 == 0
                in_mapping[-1][0] += 1
                if at_key:
                    raise limit_error(name, event, "en nyckel som är en lista, nycklar med värden eller ett alias",
                                      "a key that is a list, keys with values or an alias")
        node = None
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            mapping = kind is MappingStartEvent
            in_mapping.append([0] if mapping else [])
            depth += 1
            if depth > MAX_DEPTH:
                raise limit_error(name, event, f"nästlad djupare än {MAX_DEPTH} nivåer",
                                  f"nested deeper than {MAX_DEPTH} levels")
            anchor = event.anchor
            open_anchors.append((anchor, total))
            total += 1
            if anchor is not None:
                sizes.pop(anchor, None)  # being defined: an alias to it now is recursive
            if composing:
                tag = event.tag
                node_class = MappingNode if mapping else SequenceNode
                if tag is None or tag == "!":
                    known = (node_class, event.implicit)
                    tag = resolved.get(known)
                    if tag is None:
                        tag = resolved[known] = shared(resolve(node_class, None, event.implicit))
                else:
                    tag = shared(tag)
                collection = node_class(tag, [], event.start_mark, None, event.flow_style)
                if anchor is not None:
                    problem = define(anchors, anchor, collection, event)
                stack.append([collection, None])
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            in_mapping.pop()
            depth -= 1
            anchor, before = open_anchors.pop()
            if anchor is not None:
                sizes[anchor] = total - before
            if composing:
                node = stack.pop()[0]
                node.end_mark = event.end_mark
        elif kind is AliasEvent:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise limit_error(name, event, f"fler än {MAX_ALIASES} alias (`*namn`)",
                                  f"more than {MAX_ALIASES} aliases (`*name`)")
            anchor = event.anchor
            if anchor not in sizes:
                if any(open_anchor == anchor for open_anchor, _ in open_anchors):
                    raise limit_error(name, event, "ett alias som hänvisar till det som det självt står i",
                                      "an alias that refers to what it is itself inside")
                if composing:  # (an anchor the limits do not know is one the composer does not know)
                    problem = ComposerError(None, None, "found undefined alias", event.start_mark)
                    composing = False
                continue  # an undefined alias: the composer reports it, after the limits
            total += sizes[anchor]
            expanded += sizes[anchor]
            if composing:
                node = anchors.get(anchor)
                if node is None:
                    problem = ComposerError(None, None, "found undefined alias", event.start_mark)
                    composing = False
        elif kind is DocumentStartEvent:
            documents += 1
            if documents == 1:
                composing = True
            elif problem is None:  # libyaml's composer reads one document
                problem = ComposerError("expected a single document in the stream", root.start_mark,
                                        "but found another document", event.start_mark)
        elif kind is DocumentEndEvent:
            composing = False
            anchors = {}
        if expanded > MAX_EXPANDED_NODES:
            raise limit_error(name, event, f"alias som blir fler än {MAX_EXPANDED_NODES} värden när de fylls i",
                              f"aliases that expand to more than {MAX_EXPANDED_NODES} values")
        if problem is not None:
            composing = False
        if node is not None and composing:
            if not stack:
                root = node
            else:
                parent = stack[-1]
                if parent[0].__class__ is SequenceNode:
                    parent[0].value.append(node)
                elif parent[1] is None:
                    parent[1] = node
                else:
                    parent[0].value.append((parent[1], node))
                    parent[1] = None
    if problem is not None:
        raise problem
    return root


def define(anchors: dict, anchor: str, node, event):
    """Remember an anchor's node, as libyaml's composer does; its error for an anchor defined twice."""
    from ruamel.yaml.composer import ComposerError

    if anchor in anchors:
        return ComposerError("found duplicate anchor; first occurrence", anchors[anchor].start_mark,
                             "second occurrence", event.start_mark)
    anchors[anchor] = node
    return None
