"""A Word file's body as blocks: headings by Word's heading styles (or a short bold line), lists by
their numbering, tables as rows, in document order. Tracked changes are read as accepted (insertions
kept, deletions and text moved away left out); comments are left out (their text is in a part of
its own, never read). A footnote's mark is kept in the text as `[1]` and its text follows the block
that refers to it as a paragraph of its own, `[1] …`, so no word of a note is lost or moved into a
sentence."""
from __future__ import annotations

import re
from pathlib import Path

from iopdoc.quoting import excerpt
from iopdoc.readers.blocks import Block, is_heading_line, join_lines, join_page_breaks, text_blocks, unreadable
from iopdoc.readers.packages import check_package

HEADING_STYLE = re.compile(r"^(?:Heading|Rubrik)\s*(\d)$", re.IGNORECASE)


class Footnotes:
    """The Word file's footnotes by id, numbered in the order the text refers to them (as Word shows
    them); the notes referred to since the last block, waiting to follow it."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts
        self.numbers: dict[str, int] = {}
        self.waiting: list[int] = []

    def mark(self, note_id: str) -> str:
        if note_id not in self.texts:
            return ""
        if note_id not in self.numbers:
            self.numbers[note_id] = len(self.numbers) + 1
            self.waiting.append(note_id)
        return f"[{self.numbers[note_id]}]"

    def blocks(self, where: str) -> list[Block]:
        found = [Block("paragraph", f"[{self.numbers[i]}] {self.texts[i]}", f"{where} fotnot {self.numbers[i]}")
                 for i in self.waiting]
        self.waiting = []
        return found


SKIPPED_CHANGES = ("w:del", "w:moveFrom")  # a tracked deletion, text moved away (read at its new place)


def paragraph_text(p, qn, notes: Footnotes | None = None) -> str:
    skipped = {qn(tag) for tag in SKIPPED_CHANGES}
    parts = []
    for node in p.iter():
        if node.tag == qn("w:t"):
            if any(ancestor.tag in skipped for ancestor in node.iterancestors()):
                continue
            parts.append(node.text or "")
        elif node.tag in (qn("w:tab"),):
            parts.append("   ")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif node.tag == qn("w:footnoteReference") and notes is not None:
            parts.append(notes.mark(node.get(qn("w:id"))))
    return "".join(parts)


def footnote_texts(document, qn) -> dict[str, str]:
    """The text of each footnote (not Word's separators), by id; none when the file has no notes."""
    from docx.oxml.parser import parse_xml  # python-docx's parser: no entities, no network

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            part = rel.target_part
            root = part.element if hasattr(part, "element") else parse_xml(part.blob)
            found = {}
            for note in root.findall(qn("w:footnote")):
                if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join(" ".join(paragraph_text(p, qn).split()) for p in note.iter(qn("w:p"))).strip()
                if text:
                    found[note.get(qn("w:id"))] = text
            return found
    return {}


def docx_blocks(path: Path) -> list[Block]:
    """The blocks of a Word file, measured first (packages.py); anything wrong inside it (broken or
    hostile XML, a part python-docx cannot make sense of) is IOP085, never an internal error."""
    check_package(path)
    try:
        return read_docx_blocks(path)
    except Exception as exc:  # noqa: BLE001 - lxml, python-docx and zipfile raise many kinds on a hostile file
        raise unreadable(path, f"filen är ingen läsbar DOCX ({type(exc).__name__}: {excerpt(exc, 120)}).",
                         f"the file is not a readable DOCX ({type(exc).__name__}: {excerpt(exc, 120)}).") from None


def read_docx_blocks(path: Path) -> list[Block]:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    styles = {s.style_id: s.name for s in document.styles}
    formats = numbering_formats(document, qn)
    notes = Footnotes(footnote_texts(document, qn))
    blocks: list[Block] = []
    number, last_list = 0, None
    for child in document.element.body:
        number += 1
        where = f"¶{number}"
        list_id, last_list = last_list, None
        if notes.waiting:  # the notes of the block before, after it
            blocks.extend(notes.blocks(f"¶{number - 1}"))
        if child.tag == qn("w:tbl"):
            rows = [["\n".join(paragraph_text(p, qn, notes) for p in tc.iter(qn("w:p"))).strip() for tc in tr.findall(qn("w:tc"))]
                    for tr in child.iter(qn("w:tr"))]
            blocks.append(Block("table", line=where, rows=rows))
            continue
        if child.tag != qn("w:p"):
            continue
        text = paragraph_text(child, qn, notes)
        if not text.strip():
            continue
        ppr = child.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style = styles.get(style_el.get(qn("w:val")), "") if style_el is not None else ""
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        heading = HEADING_STYLE.match(style or "")
        runs = [r for r in child.iter(qn("w:r")) if (r.findtext(qn("w:t")) or "").strip()]
        bold = bool(runs) and all(r.find(qn("w:rPr")) is not None and r.find(qn("w:rPr")).find(qn("w:b")) is not None
                                  for r in runs)
        if heading is None and style != "Title" and bold and "\n" not in text and is_heading_line(text, []):
            heading = re.match(r"(2)", "2")  # a short bold line of its own: a section heading
        if heading or style == "Title":
            level = int(heading.group(1)) if heading else 1
            blocks.append(Block("heading", " ".join(text.split()), where, level=level))
        elif (numpr is not None and numpr.find(qn("w:numId")) is not None) or style.startswith(("List Bullet", "List Number")):
            num_id = numpr.find(qn("w:numId")).get(qn("w:val")) if numpr is not None and numpr.find(qn("w:numId")) is not None \
                else style
            if num_id == style:  # the list comes from the paragraph style (Word's "List Bullet", "List Number")
                kind = "numbered" if style.startswith("List Number") else "bullets"
            else:
                kind = "numbered" if formats.get(num_id) not in ("bullet", None) else "bullets"
            last_list = num_id
            if list_id == num_id and blocks and blocks[-1].kind == kind:
                blocks[-1].items.append(join_lines(text.split("\n")))
            else:
                blocks.append(Block(kind, line=where, items=[join_lines(text.split("\n"))]))
        elif "\n" in text:
            lines = [l for l in text.split("\n") if l.strip()]
            blocks.append(Block("paragraph", join_lines(lines), where, raw="\n".join(lines)))
        else:
            # a plain paragraph is read as a line of plain text is: "3. Ekonomi", "§ 3 Ekonomi" or a
            # short line of its own is a heading; "1. …", "2. …" one after the other, a list
            blocks.extend(text_blocks([(where, text)], markdown=False))
    blocks.extend(notes.blocks(f"¶{number}"))
    return join_page_breaks(blocks) + running_blocks(document)


def running_blocks(document) -> list[Block]:
    """The Word file's page headers and footers, each line a `running` block ("header", "footer")."""
    found: list[Block] = []
    seen: set[str] = set()
    for section in document.sections:
        for where, part in (("header", section.header), ("header", section.first_page_header),
                            ("footer", section.footer), ("footer", section.first_page_footer)):
            if part.is_linked_to_previous:  # no header of its own (or the previous section's, read already)
                continue
            texts = [p.text for p in part.paragraphs] + [c.text for t in part.tables for r in t.rows for c in r.cells]
            for text in (" ".join(line.split()) for t in texts for line in re.split(r"\s{3,}|\t|\n", t)):
                if text and text not in seen:
                    seen.add(text)
                    found.append(Block("running", text, where))
    return found


def numbering_formats(document, qn) -> dict[str, str]:
    """numId → the number format of its first level ("bullet", "decimal", ...)."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {}
    for definition in root.findall(qn("w:abstractNum")):
        level = definition.find(qn("w:lvl"))
        fmt = level.find(qn("w:numFmt")) if level is not None else None
        abstract[definition.get(qn("w:abstractNumId"))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
    found = {}
    for num in root.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        found[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")) if ref is not None else None)
    return found
