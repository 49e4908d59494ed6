"""The comments of a YAML text, tied to the keys they stand before or beside, and put back.

ruamel.yaml keeps a comment as the tail of whatever precedes it (often the last scalar of the
previous block), so when keys are reordered a comment would travel with the wrong key. Here a
comment belongs to what it stands before: a full-line comment to the next key or list item, an
end-of-line comment to the key or item on its line, and comments above the first key to the file.
Positions come from the composed node tree, so a `#` inside prose (a Markdown heading in a `|`
body, a quoted string) is never taken for a comment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Union

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path = tuple[Union[str, int], ...]
END_OF_LINE_COMMENT = re.compile(r"(?:^|\s)(#.*)$")


@dataclass(frozen=True)
class Place:
    """Where a key (or list item) and its value are written, 0-based lines."""

    path: Path
    line: int  # the key's line, or the item's first line
    end_line: int  # the line a comment beside the value goes on
    depth: int


@dataclass
class Comments:
    """A text's comments: above the first key, before a key, beside a key, after the last one."""

    header: list[str] = field(default_factory=list)
    before: dict[Path, list[str]] = field(default_factory=dict)
    beside: dict[Path, str] = field(default_factory=dict)
    footer: list[str] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every comment line, in a stable order, for checking that none was lost."""
        lines = self.header + self.footer + list(self.beside.values())
        lines += [line for block in self.before.values() for line in block]
        return sorted(line for line in lines if line)


def scalars(node: Node) -> Iterator[ScalarNode]:
    if isinstance(node, ScalarNode):
        yield node
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from scalars(key)
            yield from scalars(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from scalars(item)


def places(node: Node, path: Path = ()) -> Iterator[Place]:
    """Every key and list item below `node`, in document order."""
    if isinstance(node, MappingNode):
        children = [(path + (key.value,), key.start_mark.line, value) for key, value in node.value]
    elif isinstance(node, SequenceNode):
        children = [(path + (index,), item.start_mark.line, item) for index, item in enumerate(node.value)]
    else:
        return
    for child_path, line, value in children:
        # Beside a block scalar, a collection or an empty value, a comment goes on the key's line.
        beside_value = isinstance(value, ScalarNode) and value.style not in ("|", ">") and value.value != ""
        end_line = value.end_mark.line if beside_value else line
        if beside_value and value.end_mark.column == 0 and end_line > line:
            end_line -= 1
        yield Place(child_path, line, end_line, len(child_path))
        yield from places(value, child_path)


def _content_lines(lines: list[str], root: Node) -> tuple[set[int], dict[int, int]]:
    """Lines inside a multi-line scalar, and per line the column where its last scalar ends."""
    inside: set[int] = set()
    ends: dict[int, int] = {}
    for scalar in scalars(root):
        if scalar.value == "" and scalar.style is None:
            continue  # an empty value: its marks may lie on a later line
        start, end = scalar.start_mark, scalar.end_mark
        inside.update(range(start.line + 1, end.line))
        if end.line > start.line and end.line < len(lines) and lines[end.line][: end.column].strip():
            inside.add(end.line)
        if scalar.style not in ("|", ">"):
            ends[end.line] = max(ends.get(end.line, 0), end.column)
    return inside, ends


def _tidy(block: list[str]) -> list[str]:
    """A comment block with runs of blank lines made one and none at either end."""
    tidied: list[str] = []
    for line in block:
        if line or (tidied and tidied[-1]):
            tidied.append(line)
    while tidied and not tidied[-1]:
        tidied.pop()
    return tidied


def extract_comments(text: str, root: Node) -> Comments:
    """The comments of `text`, whose composed node tree is `root`."""
    lines = text.split("\n")
    inside, ends = _content_lines(lines, root)
    ordered = sorted(places(root), key=lambda p: (p.line, p.depth))
    comments = Comments()
    pending: list[str] = []
    next_place = 0
    for number, line in enumerate(lines):
        while next_place < len(ordered) and ordered[next_place].line <= number:
            if pending:
                target = ordered[next_place]
                block = _tidy(pending)
                if block:
                    if next_place == 0:
                        comments.header = block
                    else:
                        comments.before.setdefault(target.path, []).extend(block)
                pending = []
            next_place += 1
        if number in inside:
            continue
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped)
            continue
        if not stripped:
            if pending:
                pending.append("")
            continue
        match = END_OF_LINE_COMMENT.search(line[ends.get(number, 0):])
        if match:
            owner = [p for p in ordered if p.end_line == number]
            if owner:
                comments.beside[max(reversed(owner), key=lambda p: p.depth).path] = match.group(1).rstrip()
            else:  # on a line of its own but for an indicator (`- # note`): it is about what follows
                pending.append(match.group(1).rstrip())
    comments.footer = _tidy(pending)
    return comments


def insert_comments(text: str, root: Node, comments: Comments, blank_before: set[Path]) -> str:
    """Put `comments` back into `text` (which has none), with a blank line before the keys and
    items in `blank_before`; `root` is the composed node tree of `text`."""
    lines = text.rstrip("\n").split("\n")
    above: dict[int, list[str]] = {}
    beside: dict[int, str] = {}
    for place in sorted(places(root), key=lambda p: (p.line, p.depth)):
        indent = " " * (len(lines[place.line]) - len(lines[place.line].lstrip(" ")))
        block = above.setdefault(place.line, [])
        if place.path in blank_before and "" not in block[:1]:
            block.insert(0, "")
        block.extend(indent + line if line else "" for line in comments.before.get(place.path, ()))
        if place.path in comments.beside:
            beside[place.end_line] = comments.beside[place.path]
    out = list(comments.header)
    for number, line in enumerate(lines):
        out.extend(above.get(number, ()))
        out.append(f"{line.rstrip()}  {beside[number]}" if number in beside else line.rstrip())
    out.extend(comments.footer)
    return "\n".join(out) + "\n"
