"""The one canonical layout of a source, so that a diff of two sources shows only what they say.

The layout: keys in the order of the model's fields (a party's handles and other keys of your
own keep your order; keys the model does not know come last); two spaces per level, with list
items indented under their key; every collection in block style; prose bodies as `|` blocks; other
text plain where YAML allows it, else quoted by ruamel.yaml's rules, wrapped at WIDTH columns; a
blank line between top-level groups and between sections; comments kept beside or above the key
they were written at (see yaml_comments.py); no trailing whitespace.

The result is checked before it is used: the same data, the same model when the source loads,
and the same comments. If not, the source is left as it was and the problem reported.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from collections.abc import Mapping  # not typing's: isinstance against it is 10 times slower
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarint import ScalarInt
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from iopdoc import model
from iopdoc.errors import Location, SourceError, error
from iopdoc.model.fields import Shape, field_named, fields_of, shape_of
from iopdoc.source.loader import Source, parse_source
from iopdoc.quoting import excerpt
from iopdoc.source.yaml_comments import Comments, extract_comments, insert_comments
from iopdoc.source.yaml_emitter import WrappingEmitter

WIDTH = 100
SPACED_LISTS = ("sections",)  # top-level lists whose items are separated by a blank line


def round_trip_yaml() -> YAML:
    """ruamel.yaml configured for the canonical layout."""
    yaml = YAML(typ="rt")
    yaml.Emitter = WrappingEmitter
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(Digits, represent_digits)
    return yaml


# --- the model's field order and which text is prose --------------------------------------------
def record_class(shape: Shape | None) -> type[model.Node] | None:
    """The model class a value of `shape` is (through `X | None`, or the first record of a union)."""
    if shape is None:
        return None
    if shape.kind == "union":
        return next((option.record for option in shape.options if option.kind == "record"), None)
    return shape.record if shape.kind == "record" else None


def child_hint(shape: Shape | None, key: Any) -> tuple[Shape | None, bool]:
    """For a value of `shape`, the shape of its entry `key` and whether that entry is block prose."""
    cls = record_class(shape)
    if cls is not None:
        info = field_named(cls, key) if isinstance(key, str) else None
        return (info.shape, info.prose == "block") if info is not None else (None, False)
    if shape is not None and shape.kind in ("mapping", "list"):
        return shape.item, False
    return None, False


def field_order(shape: Shape | None) -> list[str]:
    cls = record_class(shape)
    return [info.name for info in fields_of(cls)] if cls else []


YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029\r]")


def literal_keeps(text: str) -> bool:
    """Whether a `|` block can hold `text` without trailing whitespace on a line: spaces at the end
    of a line would be the text's own (a Markdown line break), so such text is written quoted."""
    return all(line == line.rstrip() for line in text.split("\n"))


def rebuild(value: Any, node: Node | None, shape: Shape | None, prose: bool = False) -> Any:
    """A fresh copy of loaded YAML data in canonical form: no comments, no remembered styles.
    `node` is the value's composed node, for the digits a number was written with."""
    if isinstance(value, Mapping):
        pairs = node.value if isinstance(node, MappingNode) and len(node.value) == len(value) else []
        nodes = {key: pair[1] for key, pair in zip(value, pairs)}  # the round trip keeps the order
        rank = {name: index for index, name in enumerate(field_order(shape))}
        copy = CommentedMap()
        for key in sorted(value, key=lambda k: rank.get(k, len(rank))):  # stable: own keys keep their order
            inner, inner_prose = child_hint(shape, key)
            copy[key] = rebuild(value[key], nodes.get(key), inner, inner_prose)
        return copy
    if isinstance(value, list):
        items = node.value if isinstance(node, SequenceNode) and len(node.value) == len(value) else [None] * len(value)
        inner, _ = child_hint(shape, 0)
        return CommentedSeq(rebuild(item, item_node, inner) for item, item_node in zip(value, items))
    if isinstance(value, str):
        # ruamel's round trip strips the U+0007 it marks folds with; a plain str drops the quoting.
        text = str(value).replace("\a", "")
        if YAML_ONLY_BREAKS.search(text):  # \L, \P, \N: YAML counts them as line breaks, so they are written escaped
            return DoubleQuotedScalarString(text)
        return LiteralScalarString(text) if text and (prose or "\n" in text) and literal_keeps(text) else text
    if isinstance(value, ScalarBoolean):
        return bool(value)
    if isinstance(value, ScalarInt):  # 1_345_500 and 1345500 are the same amount
        return int(value)
    if isinstance(value, ScalarFloat) and isinstance(node, ScalarNode):
        # The digits as written, without underscores: 1250.50 means öre and stays 1250.50
        # (ruamel's own float writer turns `1_250.50` into `01250.50`).
        return Digits(node.value.replace("_", ""))
    return value  # dates, None


class Digits(str):
    """A number written as its digits (see `rebuild`); dumped as a plain YAML float."""


def represent_digits(representer, data: Digits):
    return representer.represent_scalar("tag:yaml.org,2002:float", str(data))


# --- blank lines ---------------------------------------------------------------------------------
def blank_lines(root) -> set[tuple]:
    """The keys and items a blank line goes before: each top-level collection, the first scalar
    key after one, and each section after the first."""
    spaced: set[tuple] = set()
    if not isinstance(root, MappingNode):
        return spaced
    previous_was_block = False
    for index, (key, value) in enumerate(root.value):
        block = isinstance(value, (MappingNode, SequenceNode)) and not value.flow_style
        if index and (block or previous_was_block):
            spaced.add((key.value,))
        previous_was_block = block
        if key.value in SPACED_LISTS and isinstance(value, SequenceNode):
            spaced.update((key.value, i) for i in range(1, len(value.value)))
    return spaced


# --- the whole ------------------------------------------------------------------------------------
DIRECTIVE = re.compile(r"^%", re.MULTILINE)


def load_data(source: Source) -> Any:
    """The source's data as ruamel's round trip constructs it. The round trip's constructor works
    on the node tree libyaml already composed for the source (the same tree, the same positions:
    see parse_source), so the text is not scanned a second time by the pure-Python parser, which
    took most of the time of formatting a long source. A `%YAML` directive may ask for other tag
    rules than the fixed 1.2 of that tree, so such a text is still read by the round trip's own
    parser."""
    try:
        if DIRECTIVE.search(source.text):
            return round_trip_yaml().load(source.text)
        return round_trip_yaml().constructor.construct_document(source.root)
    except DuplicateKeyError as exc:  # the composer lets duplicate keys through; which one is meant?
        from iopdoc.source.schema import read_document

        read_document(source)  # raises IOP011 naming the key and the line of its first use
        first, second = exc.context_mark, exc.problem_mark
        raise SourceError([error(
            "IOP011", Location(source.name, second.line + 1, second.column + 1),
            f"en nyckel står två gånger (första gången på rad {first.line + 1}). Ta bort en.",
            f"a key appears twice (first on line {first.line + 1}). Remove one.")]) from None
    except (ValueError, OverflowError) as exc:  # a value ruamel cannot construct (0000-02-30): the schema says where
        from iopdoc.source.schema import read_document

        read_document(source)  # raises the positioned finding
        raise SourceError([error("IOP003", Location(source.name, 1, 1), f"YAML-fel: {excerpt(exc, 120)}.",
                                 f"YAML error: {excerpt(exc, 120)}.")]) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(source.name, mark.line + 1, mark.column + 1) if mark else Location(source.name)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError([error("IOP003", where, f"YAML-fel: {problem}.", f"YAML error: {problem}.")]) from None


def document_shape(data: Any) -> Shape | None:
    """The shape of the document kind the data says it is (`kind: agreement`), if any."""
    kind = data.get("kind") if isinstance(data, Mapping) else None
    cls = model.DOCUMENT_KINDS.get(kind) if isinstance(kind, str) else None  # `kind: []` is not a kind (fuzzing)
    return shape_of(cls) if cls is not None else None


def canonical_text(text: str, path: Path, name: str | None = None) -> str:
    """`text` (a source) in the canonical layout. Raises SourceError when it is not YAML, or
    when the layout would change what it says (then nothing should be written)."""
    name = name or str(path)
    source = parse_source(text.replace("\r\n", "\n"), path=path, name=name)
    data = load_data(source)
    comments = extract_comments(source.text, source.root)
    out = io.StringIO()
    round_trip_yaml().dump(rebuild(data, source.root, document_shape(data)), out)
    bare = out.getvalue()
    bare_source = parse_source(bare, path=path, name=name)
    result = insert_comments(bare, bare_source.root, comments, blank_lines(bare_source.root))
    verify(source, data, comments, result)
    return result


def edited_text(text: str, path: Path, edits: Mapping[tuple, Any], name: str | None = None,
                expected: Mapping[tuple, Any] | None = None) -> str:
    """`text` (a source) in the canonical layout with the value at each key path of `edits` replaced
    (`("sections", 2, "body")` → the new text; `("economy", "contributions", "kommunen", "amount")` →
    the new amount). Comments stay where they were written. Raises SourceError when the source is not
    YAML, when a path names nothing in it, or when the result would not say exactly the source with
    those values, or would not load (then nothing should be written). `expected`: the value each of
    those paths must hold now (a text edited at a character offset must be the text it was read as)."""
    name = name or str(path)
    source = parse_source(text.replace("\r\n", "\n"), path=path, name=name)
    data = load_data(source)
    comments = extract_comments(source.text, source.root)
    absent = object()
    for keys, value in edits.items():
        holder, now = data, absent
        try:
            for key in keys[:-1]:
                holder = holder[key]
            now = holder[keys[-1]]  # the key must already be there: an edit never adds one
        except (KeyError, IndexError, TypeError):
            pass
        if now is absent or not hasattr(holder, "__setitem__") or \
                (expected is not None and keys in expected and plain(now) != expected[keys]):
            shown = ".".join(str(key) for key in keys)
            raise SourceError([error("IOP040", Location(name), f"`{shown}` finns inte i källan som den lästes; "
                                     "filen lämnas som den är.",
                                     f"`{shown}` is not in the source as it was read; the file is left as it is.")])
        holder[keys[-1]] = value
    out = io.StringIO()
    round_trip_yaml().dump(rebuild(data, source.root, document_shape(data)), out)
    bare = out.getvalue()
    bare_source = parse_source(bare, path=path, name=name)
    result = insert_comments(bare, bare_source.root, comments, blank_lines(bare_source.root))
    formatted = parse_source(result, path=path, name=name)
    if plain(load_data(formatted)) != plain(data) or \
            extract_comments(formatted.text, formatted.root).texts() != comments.texts():
        raise SourceError([error(
            "IOP040", Location(name),
            "kan inte skrivas om med de nya värdena utan att något annat ändras; filen lämnas som den är. "
            "Rapportera gärna felet.",
            "cannot be written with the new values without changing something else; the file is left as it is. "
            "Please report this.")])
    from iopdoc.source.schema import read_document

    read_document(formatted)  # SourceError, positioned, when the new values do not load
    return result


def plain(value: Any) -> Any:
    """Loaded YAML as plain Python values, to compare two loadings."""
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str(value).replace("\a", "")
    if isinstance(value, ScalarFloat):
        return float(value)  # its digits (1250.50, not 1250.5) are compared in the model
    if isinstance(value, (dt.date, bool, int, float)) or value is None:
        return value
    return repr(value)


def verify(source: Source, data: Any, comments: Comments, result: str) -> None:
    """The canonical text must say exactly what the source said."""
    from iopdoc.source.schema import read_document

    formatted = parse_source(result, path=source.path, name=source.name)
    problems = []
    if plain(load_data(formatted)) != plain(data):
        problems.append(("de inlästa värdena", "the loaded values"))
    elif extract_comments(formatted.text, formatted.root).texts() != comments.texts():
        problems.append(("kommentarerna", "the comments"))
    else:
        try:
            before = read_document(source)
        except SourceError:
            before = None  # a source that does not load yet can still be laid out; its data was compared
        if before is not None and read_document(formatted) != before:
            problems.append(("modellen", "the model"))
    if problems:
        what_sv, what_en = problems[0]
        raise SourceError([error(
            "IOP040", Location(source.name),
            f"kan inte formateras utan att {what_sv} ändras; filen lämnas som den är. Rapportera gärna felet.",
            f"cannot be formatted without changing {what_en}; the file is left as it is. Please report this.")])


def format_source(path: Path) -> tuple[str, str]:
    """A source file's text as it is and in the canonical layout (SourceError if it cannot be)."""
    from iopdoc.source.loader import read_source

    source = read_source(path)
    original = path.read_bytes().decode("utf-8")
    return original, canonical_text(source.text, path, source.name)


def first_change(original: str, canonical: str) -> tuple[int, str, str, str]:
    """Where the canonical layout first differs from the text: its line number in the text, what
    happens there (`replace`, `insert` before that line, `delete`), the line as written there (empty
    at the end of the file) and the line that would come instead or before it."""
    import difflib

    before, after = original.splitlines(), canonical.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag != "equal":
            return i1 + 1, tag, (before[i1] if i1 < len(before) else ""), (after[j1] if j1 < j2 else "")
    return len(before) + 1, "insert", "", ""  # only the end of the file differs (a final newline)
