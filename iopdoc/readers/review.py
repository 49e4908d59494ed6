"""A reviewer's Word changes read back: tracked insertions and deletions and comments in a DOCX that
iopdoc built, placed in the source's sections, with the facts each change touches, in the same
text and Markdown forms as `iopdoc diff`; a warning when the DOCX was built from another revision.
"""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iopdoc.diff.changes import DocumentDiff, FactChange, SectionChange, SectionText, Token, Unit
from iopdoc.errors import Diagnostic, Location, SourceError, error, warning
from iopdoc.quoting import excerpt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
SPACE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class Comment:
    section: str
    author: str
    date: str
    text: str
    anchored: str  # the words the comment is attached to


@dataclass
class ReviewedSection:
    position: int  # 1-based, in the source
    heading: str | None
    units: list[Unit] = field(default_factory=list)
    authors: set[str] = field(default_factory=set)
    paragraphs: list[tuple[Piece, ...]] = field(default_factory=list)  # the changed paragraphs, exactly


Piece = tuple[str, str]  # ("=", kept text), ("-", deleted text) or ("+", inserted text), as written


@dataclass(frozen=True)
class ChangedParagraph:
    """A paragraph with tracked changes, character for character, and the section (0-based) it stands in."""

    section: int
    pieces: tuple[Piece, ...]
    authors: tuple[str, ...]
    before_headings: bool = False  # above the first section heading (the title page, or a section without one)


@dataclass(frozen=True)
class Review:
    diff: DocumentDiff
    comments: tuple[Comment, ...]
    warnings: tuple[Diagnostic, ...]
    authors: tuple[str, ...]
    paragraphs: tuple[ChangedParagraph, ...] = ()  # for `review --apply`
    resolved: Any = None  # the source as resolved (resolve.Resolved)
    source: Path | None = None
    built_from_id: str | None = None  # the id of the document the DOCX was built from
    docx: Path | None = None


def tokens_of(paragraph) -> tuple[Unit, set[str]]:
    """A paragraph's words, kept, deleted (w:del) and inserted (w:ins), in order."""
    pieces, authors = pieces_of(paragraph)
    tokens: list[Token] = []
    for op, text in pieces:
        for word in SPACE.split(text):
            if not word:
                continue
            if tokens and tokens[-1][0] == op:
                tokens[-1] = (op, f"{tokens[-1][1]} {word}")
            else:
                tokens.append((op, word))
    return tuple(tokens), authors


def pieces_of(paragraph) -> tuple[list[Piece], set[str]]:
    """A paragraph's text as written, in pieces kept, deleted (w:del) and inserted (w:ins); a tab or
    a line break reads as a space."""
    pieces: list[Piece] = []
    authors: set[str] = set()
    for node in paragraph.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br"):
        if node.tag in (f"{W}tab", f"{W}br"):
            pieces.append(("=", " "))
            continue
        op = "="
        for ancestor in node.iterancestors():
            if ancestor.tag == f"{W}del":
                op = "-"
                authors.add(ancestor.get(f"{W}author") or "")
                break
            if ancestor.tag == f"{W}ins":
                op = "+"
                authors.add(ancestor.get(f"{W}author") or "")
                break
            if ancestor is paragraph:
                break
        pieces.append((op, node.text or ""))
    return pieces, authors - {""}


def sides_of(unit: Unit) -> tuple[str, str]:
    old = " ".join(text for op, text in unit if op != "+")
    new = " ".join(text for op, text in unit if op != "-")
    return old, new


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def fact_values(resolved) -> list[tuple[int, str, str]]:
    """(section position, fact path, the words it shows) for each expression in the source's prose."""
    from iopdoc.prose.markup import EXPRESSION, compiled, describe_value
    from iopdoc.prose.evaluate import prose_context

    context = prose_context(resolved.document, resolved.linked)
    found = []
    for position, section in enumerate(resolved.document.sections, start=1):
        for match in EXPRESSION.finditer(section.body or ""):
            expression = match.group(1).strip()
            try:
                shown = describe_value(compiled(expression)(**context))
            except Exception:  # noqa: BLE001 - the build reports such an expression; here it just names nothing
                continue
            if shown:
                found.append((position, re.split(r"\s*\|", expression)[0].strip(), plain(shown)))
    return found


def touched_facts(units: list[Unit], position: int, values, heading: str) -> list[FactChange]:
    """The facts whose words a change deletes or replaces: `economy.contributions.kommunen.amount`
    1 571 605 kr → 1 600 000 kr (in the section's heading)."""
    changes = []
    for unit in units:
        for index, (op, text) in enumerate(unit):
            if op != "-":
                continue
            deleted = plain(text)
            after = unit[index + 1][1] if index + 1 < len(unit) and unit[index + 1][0] == "+" else None
            for section, path, shown in values:
                if section == position and shown and (shown in deleted or deleted in shown):
                    label = f"{path} i {heading}"
                    changes.append(FactChange(path, label, shown, plain(after) if after else None))
    return changes


def read_review(docx_path: Path, project, source: Path | None) -> Review:
    """The DOCX's tracked changes and comments, against `source` (default: the one it was built from).
    The package is measured before anything parses it (packages.py); anything wrong inside it is
    IOP080, never an internal error."""
    from iopdoc.errors import IopdocError
    from iopdoc.readers.packages import check_package

    if docx_path.is_file():
        check_package(docx_path, "IOP080")
    try:
        return reviewed_changes(docx_path, project, source)
    except IopdocError:
        raise
    except Exception as exc:  # noqa: BLE001 - lxml and zipfile raise many kinds on a hostile file
        raise SourceError([error("IOP080", Location(str(docx_path)),
                                 f"kan inte läsas som DOCX ({type(exc).__name__}: {excerpt(exc, 120)}).",
                                 f"cannot be read as a DOCX ({type(exc).__name__}: {excerpt(exc, 120)}).")]) from None


def reviewed_changes(docx_path: Path, project, source: Path | None) -> Review:
    from lxml import etree

    from iopdoc.readers.extract import read_embedded_docx
    from iopdoc.writers.docx_package import MANIFEST_PART

    where = Location(str(docx_path))
    files = read_embedded_docx(docx_path)
    manifest = json.loads(files.get("iopdoc-manifest.json", b"{}").decode("utf-8") or "{}")
    embedded_name, embedded_source = next((n, d) for n, d in files.items() if n != "iopdoc-manifest.json")
    warnings: list[Diagnostic] = []
    if source is None:
        source = project.sources_dir / Path(embedded_name).name
        if not source.is_file():
            raise SourceError([error("IOP087", where, f"källan {embedded_name} som DOCX-filen byggdes från finns inte i "
                                     f"{project.sources_dir}; ange den med --source.",
                                     f"the source {embedded_name} the DOCX was built from is not in "
                                     f"{project.sources_dir}; name it with --source.")])
    current = source.read_bytes()
    built_from = manifest.get("source_sha256") or hashlib.sha256(embedded_source).hexdigest()
    built_from_id = embedded_id(embedded_source, embedded_name)
    current_id = embedded_id(current, source.name)
    if built_from_id is not None and current_id is not None and built_from_id != current_id:
        warnings.append(warning("IOP088", where,
                                f"DOCX-filen byggdes från dokumentet {built_from_id}, inte från {current_id} "
                                f"({source.name}); ändringarna kan hamna under fel avsnitt.",
                                f"the DOCX was built from the document {built_from_id}, not from {current_id} "
                                f"({source.name}); the changes may be placed under the wrong sections."))
    elif hashlib.sha256(current).hexdigest() != built_from:
        commit = manifest.get("git_commit") or "okänd commit"
        warnings.append(warning("IOP088", where,
                                f"DOCX-filen byggdes från en annan version av {source.name} (commit {commit}) än den som "
                                "finns nu; ändringarna gäller den versionen. Jämför med `iopdoc diff` eller bygg om.",
                                f"the DOCX was built from another revision of {source.name} (commit {commit}) than the "
                                "current one; the changes apply to that revision. Compare with `iopdoc diff` or rebuild."))
    resolved = project.resolve(source)
    document = resolved.document
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)  # no XXE, no entity bombs
    try:
        with zipfile.ZipFile(docx_path) as package:
            body = etree.fromstring(package.read("word/document.xml"), parser)
            styles = (etree.fromstring(package.read("word/styles.xml"), parser)
                      if "word/styles.xml" in package.namelist() else None)
            comments_xml = (etree.fromstring(package.read("word/comments.xml"), parser)
                            if "word/comments.xml" in package.namelist() else None)
    except (zipfile.BadZipFile, KeyError, etree.LxmlError) as exc:
        raise SourceError([error("IOP080", where, f"kan inte läsas som DOCX: {exc}.", f"cannot be read as a DOCX: {exc}.")]) from None
    style_names = {}
    if styles is not None:
        for style in styles.iter(f"{W}style"):
            name = style.find(f"{W}name")
            style_names[style.get(f"{W}styleId")] = name.get(f"{W}val") if name is not None else ""
    headings = [s.heading for s in document.sections]
    reviewed = [ReviewedSection(i, s.heading) for i, s in enumerate(document.sections, start=1)]
    current_index = next((i for i, h in enumerate(headings) if h is None), 0)
    comment_sections: dict[str, int] = {}
    anchored: dict[str, list[str]] = {}
    open_ranges: set[str] = set()
    paragraphs: list[ChangedParagraph] = []
    seen_heading = False
    for paragraph in body.iter(f"{W}p"):
        style_el = paragraph.find(f"{W}pPr/{W}pStyle")
        style = style_names.get(style_el.get(f"{W}val"), "") if style_el is not None else ""
        level = HEADING_STYLE.match(style or "")
        unit, authors = tokens_of(paragraph)
        changed = any(op != "=" for op, _ in unit)
        text = plain(" ".join(t for op, t in unit if op != "+"))
        if level and int(level.group(1)) == 2:
            matches = [i for i, h in enumerate(headings) if h and plain(h) == text]
            if matches:
                current_index = matches[0]
                seen_heading = True
        for node in paragraph.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t", f"{W}commentReference"):
            identifier = node.get(f"{W}id")
            if node.tag == f"{W}commentRangeStart":
                open_ranges.add(identifier)
                comment_sections.setdefault(identifier, current_index)
            elif node.tag == f"{W}commentRangeEnd":
                open_ranges.discard(identifier)
            elif node.tag == f"{W}commentReference":
                comment_sections.setdefault(identifier, current_index)
            else:
                for identifier in open_ranges:
                    anchored.setdefault(identifier, []).append(node.text or "")
        if changed:
            reviewed[current_index].units.append(unit)
            reviewed[current_index].authors |= authors
            paragraphs.append(ChangedParagraph(current_index, tuple(pieces_of(paragraph)[0]), tuple(sorted(authors)),
                                               not seen_heading))
    values = fact_values(resolved)
    section_changes, fact_changes = [], []
    for entry in reviewed:
        if not entry.units:
            continue
        section = document.sections[entry.position - 1]
        shown = SectionText(entry.position, section.kind, section.heading, "")
        section_changes.append(SectionChange("changed", (shown,), (shown,), units=tuple(entry.units)))
        fact_changes.extend(touched_facts(entry.units, entry.position, values, section.heading or section.kind))
    comments = []
    if comments_xml is not None:
        for comment in comments_xml.iter(f"{W}comment"):
            identifier = comment.get(f"{W}id")
            index = comment_sections.get(identifier, current_index)
            heading = document.sections[index].heading or document.sections[index].kind
            text = plain(" ".join(t.text or "" for t in comment.iter(f"{W}t")))
            comments.append(Comment(heading, comment.get(f"{W}author") or "", comment.get(f"{W}date") or "", text,
                                    plain("".join(anchored.get(identifier, [])))))
    diff = DocumentDiff(document.id, document.kind, str(source), f"{docx_path} (granskad i Word)",
                        facts=tuple(fact_changes), sections=tuple(section_changes))
    authors = sorted({a for e in reviewed for a in e.authors} | {c.author for c in comments if c.author})
    return Review(diff, tuple(comments), tuple(warnings), tuple(authors), tuple(paragraphs), resolved, source,
                  built_from_id, docx_path)


def embedded_id(data: bytes, name: str) -> str | None:
    """The `id:` of the source a DOCX carries (None when it cannot be read)."""
    from ruamel.yaml.nodes import MappingNode

    from iopdoc.errors import IopdocError
    from iopdoc.source.loader import parse_source

    try:
        root = parse_source(data.decode("utf-8"), path=Path(name), name=name).root
    except (IopdocError, UnicodeDecodeError):
        return None
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if key.value == "id" and isinstance(value.value, str):
                return value.value
    return None


def render_review(review: Review, output_format: str) -> str:
    """The changes as `iopdoc diff` shows them, then the comments."""
    from iopdoc.diff import render

    text = render([review.diff], "markdown" if output_format == "markdown" else "text", None)
    if review.authors:
        who = ", ".join(review.authors)
        text += ("\n**Granskare:** " if output_format == "markdown" else "\nGranskare: ") + who + "\n"
    if review.comments:
        if output_format == "markdown":
            text += "\n**Kommentarer**\n\n" + "\n".join(
                f"- *{c.section}* — {c.author} ({c.date}): {c.text}" + (f" (om: “{c.anchored}”)" if c.anchored else "")
                for c in review.comments) + "\n"
        else:
            text += "\nKommentarer:\n" + "\n".join(
                f"  [{c.section}] {c.author} {c.date}: {c.text}" + (f"  (om: \"{c.anchored}\")" if c.anchored else "")
                for c in review.comments) + "\n"
    if not review.diff.sections and not review.comments:
        text += "\nInga spårade ändringar eller kommentarer i filen.\n"
    return text


def as_json(review: Review) -> dict[str, Any]:
    return {"document": review.diff.identifier,
            "facts": [{"fact": f.key, "old": f.old, "new": f.new, "label": f.label} for f in review.diff.facts],
            "sections": [{"heading": s.old[0].heading, "kind": s.old[0].kind,
                          "changes": [[list(t) for t in unit] for unit in s.units]} for s in review.diff.sections],
            "comments": [c.__dict__ for c in review.comments], "authors": list(review.authors)}
