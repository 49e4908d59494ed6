"""Reading a YAML source into a node tree that remembers where everything was written."""
from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Location, SourceError, error, missing_file, relative_name
from .yaml_messages import syntax_error_texts

__all__ = ["Source", "read_source", "parse_source", "MappingNode", "ScalarNode", "SequenceNode", "Node"]


@dataclass(frozen=True)
class Source:  # frozen, yet `lines` is cached: cached_property writes to __dict__ directly
    """A source file's text and its YAML node tree."""

    path: Path
    name: str  # as shown in diagnostics
    text: str
    root: Node

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def location(self, node: Node) -> Location:
        """Where `node` starts, 1-based. The only place ruamel's 0-based marks are converted."""
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def block_start(self, node: ScalarNode) -> tuple[Location, int]:
        """For a scalar, the location of its first content line and its indentation.

        A block scalar (`|` or `>`) starts with its indicator; its text begins on
        the next line, indented. Prose positions are counted from there.
        """
        where = self.location(node)
        if node.style in ("|", ">"):
            lines = self.lines
            for offset in range(where.line, len(lines)):
                line = lines[offset]
                if line.strip():
                    indent = len(line) - len(line.lstrip(" "))
                    return Location(self.name, offset + 1, indent + 1), indent
            return where, 0
        quoted = 1 if node.style in ('"', "'") else 0
        return Location(self.name, where.line, where.col + quoted), where.col - 1 + quoted


def read_source(path: Path) -> Source:
    """Read and parse one source file. Raises SourceError with a positioned message."""
    name = relative_name(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError([missing_file(name)]) from None
    except OSError as exc:
        raise SourceError([error("IOP001", Location(name), f"filen kan inte läsas: {exc.strerror}.",
                                 f"the file cannot be read: {exc.strerror}.")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError([error("IOP002", Location(name, line, 1),
                                 "filen är inte UTF-8. Spara den som UTF-8 i din editor.",
                                 "the file is not UTF-8. Save it as UTF-8 in your editor.")]) from None
    return parse_source(text, path=path, name=name)


class Yaml12Resolver(VersionedResolver):
    """YAML 1.2 tags, as the round-trip parser resolves them, with the version fixed: with libyaml's
    parser, ruamel asks for it by raising and catching AttributeError for every scalar, a fifth of
    the time of loading a source (profile in bench/)."""

    processing_version = (1, 2)


def parse_source(text: str, *, path: Path, name: str) -> Source:
    """Parse YAML text into a node tree; syntax errors become one positioned diagnostic."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        # libyaml's parser (ruamel.yaml.clib) composes the same node tree with the same positions
        # as the pure-Python round-trip parser, about ten times faster; formatting keeps using
        # the round trip, which is what preserves comments.
        yaml = YAML(typ="safe", pure=False)
        yaml.Resolver = Yaml12Resolver
        root = yaml.compose(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        # The parser's own words, said in Swedish too, and where the construct it was reading began.
        began = (exc.context_mark.line + 1, exc.context_mark.column + 1) \
            if exc.context_mark is not None and exc.context else None
        lines = text.splitlines()
        at = lines[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(lines) else ""
        sv, en = syntax_error_texts(exc.problem, exc.context, began, at)
        raise SourceError([error("IOP003", where, sv, en)]) from None
    except YAMLError as exc:
        raise SourceError([error("IOP003", Location(name), f"YAML-fel: {exc}.", f"YAML error: {exc}.")]) from None
    if root is None:
        raise SourceError([error("IOP004", Location(name, 1, 1), "filen är tom. En källa börjar med `kind:`.",
                                 "the file is empty. A source starts with `kind:`.")])
    return Source(path=path, name=name, text=text, root=root)
