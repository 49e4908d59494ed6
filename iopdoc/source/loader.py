"""Reading a YAML source into a node tree that remembers where everything was written."""
from __future__ import annotations

import errno
import functools
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.cyaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from iopdoc.errors import Diagnostic, Location, SourceError, error, missing_file, relative_name
from iopdoc.source.limits import MAX_SOURCE_BYTES, compose_within_limits, too_large
from iopdoc.quoting import excerpt
from iopdoc.source.yaml_messages import syntax_error_texts

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
    return parse_source(decode_text(read_regular_file(path, name), name), path=path, name=name)


def decode_text(raw: bytes, name: str) -> str:
    """UTF-8 text, or IOP002 at the line and column of the first byte that is not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError([error("IOP002", Location(name, line, col),
                                 "filen är inte UTF-8 (en binärfil?). Spara den som UTF-8-text i din editor.",
                                 "the file is not UTF-8 (a binary file?). Save it as UTF-8 text in your editor.")]) from None


def read_regular_file(path: Path, name: str) -> bytes:
    """The bytes of a regular file, at most MAX_SOURCE_BYTES of them.

    A source is untrusted: a symlink in `sources/` could bring in any file on the machine (and its
    contents into a finding), a FIFO would hang the build. Neither is followed or opened: the file
    is opened without following a final symlink and without blocking, then checked to be regular.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        if path.is_symlink():
            raise SourceError([not_regular(name, "en symbolisk länk", "a symbolic link")])
        handle = os.open(path, flags)
    except FileNotFoundError:
        raise SourceError([missing_file(name)]) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError([not_regular(name, "en symbolisk länk", "a symbolic link")]) from None
        raise SourceError([error("IOP001", Location(name), f"filen kan inte läsas: {exc.strerror}.",
                                 f"the file cannot be read: {exc.strerror}.")]) from None
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            kind = ("en mapp", "a folder") if stat.S_ISDIR(mode) else ("en specialfil", "a special file (FIFO, device)")
            raise SourceError([not_regular(name, *kind)])
        try:
            raw = stream.read(MAX_SOURCE_BYTES + 1)
        except OSError as exc:
            raise SourceError([error("IOP001", Location(name), f"filen kan inte läsas: {exc.strerror}.",
                                     f"the file cannot be read: {exc.strerror}.")]) from None
    if len(raw) > MAX_SOURCE_BYTES:
        raise too_large(name, os.path.getsize(path))
    return raw


def not_regular(name: str, what_sv: str, what_en: str) -> Diagnostic:
    return error("IOP005", Location(name),
                 f"är {what_sv}, inte en vanlig fil; iopdoc läser bara vanliga filer som källor. Kopiera in filen i stället.",
                 f"is {what_en}, not a regular file; iopdoc reads only regular files as sources. Copy the file in instead.")


class Yaml12Resolver(VersionedResolver):
    """YAML 1.2 tags, as the round-trip parser resolves them, with the version fixed: with libyaml's
    parser, ruamel asks for it by raising and catching AttributeError for every scalar, a fifth of
    the time of loading a source (profile in bench/)."""

    processing_version = (1, 2)


class SourceParser(CParser, Yaml12Resolver):
    """libyaml's parser (ruamel.yaml.clib) with the resolver mixed in: what
    `YAML(typ="safe", pure=False).get_constructor_parser` builds, less what composing by events does
    not use (the constructor), and built once: that call builds a class, and `YAML()` lists its
    plug-in folders, for every source (a tenth of the time of loading one)."""

    def __init__(self, stream) -> None:
        CParser.__init__(self, stream)
        Yaml12Resolver.__init__(self, loadumper=self)


def parse_source(text: str, *, path: Path, name: str) -> Source:
    """Parse YAML text into a node tree; syntax errors become one positioned diagnostic."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > MAX_SOURCE_BYTES:  # text that did not come from read_source (stdin, git)
        raise too_large(name, len(text.encode("utf-8")))
    try:
        # libyaml's parser (ruamel.yaml.clib) composes the same node tree with the same positions
        # as the pure-Python round-trip parser, about ten times faster; formatting keeps using
        # the round trip, which is what preserves comments.
        # The limits are checked while composing, in one pass over libyaml's events
        # (limits.compose_within_limits): libyaml's own composer recurses in C and cannot be stopped.
        parser = SourceParser(io.StringIO(text))
        try:
            root = compose_within_limits(parser, name)
        finally:
            parser.dispose()
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
    except ReaderError as exc:  # a character YAML does not allow (a binary file, a control character)
        where = position_of(text, exc.position, name)
        code = f"#x{exc.character:04x}" if isinstance(exc.character, int) else excerpt(exc.character)
        raise SourceError([error("IOP003", where,
                                 f"tecknet {code} är inte tillåtet i en källa (en binärfil, eller ett styrtecken?). Ta bort det.",
                                 f"the character {code} is not allowed in a source (a binary file, or a control character?). Remove it.")]) from None
    except YAMLError as exc:
        raise SourceError([error("IOP003", Location(name), f"YAML-fel: {excerpt(exc, 200)}.",
                                 f"YAML error: {excerpt(exc, 200)}.")]) from None
    if root is None:
        raise SourceError([error("IOP004", Location(name, 1, 1), "filen är tom. En källa börjar med `kind:`.",
                                 "the file is empty. A source starts with `kind:`.")])
    return Source(path=path, name=name, text=text, root=root)


def position_of(text: str, offset: int, name: str) -> Location:
    """The 1-based line and column of a character offset into `text`."""
    line = text.count("\n", 0, offset) + 1
    return Location(name, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)
