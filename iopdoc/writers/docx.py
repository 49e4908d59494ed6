"""The rendered document as DOCX: the HTML page that the PDF is made from, walked once into Word's
own headings, numbered and bulleted lists, tables, running header and "Sida X av Y" footer.

Walking the rendered page (not the source) keeps one evaluation of the prose and one set of
templates: whatever the HTML and PDF say, the DOCX says, in the same order. Templates mark the
few things Word lays out differently with classes: the draft mark, the logotype, the signature
grid (a table with one column per signatory) and a memo's reference list (a paragraph per term).
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from iopdoc import model
from iopdoc.source.config import Look
from iopdoc.writers.docx_package import (Numbering, add_embedded_files, add_field, add_paragraph_style, apply_look, element, number_paragraph, prune_template, qn, reproducible_zip, set_properties)
from iopdoc.writers.html import RenderedDocument

SPACE = re.compile(r"[ \t\n\r\f]+")
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {"p", "ul", "ol", "blockquote", "table", "div", "section", "header", "dl", "pre", "hr", "img", "nav",
          "main", "li", *HEADINGS}
# Template classes laid out as tables in Word: one column per child element.
COLUMN_GRIDS = {"signature-grid", "memo-signatories"}
DRAFT_STYLE, LOGOTYPE_STYLE, SIGNATURE_STYLE = "Utkastmarkering", "Logotyp", "Underskriftsrad"
DRAFT_RED = "#A40000"
MUTED = "#555555"


@dataclass(frozen=True)
class Run:
    """A piece of inline text with its formatting; `text == "\\n"` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


def classes(node) -> set[str]:
    return set((node.get("class") or "").split())


INLINE_FORMATS = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "code": "code"}


def inline_runs(node, bold=False, italic=False, code=False, href=None, stop_at_blocks=False) -> list[Run]:
    """The inline content of `node` (its text and inline children) as runs; whitespace collapsed later."""
    runs = [Run(node.text, bold, italic, code, href)] if node.text else []
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if stop_at_blocks and tag in BLOCKS:
            break
        if tag:
            runs.extend(child_runs(child, bold, italic, code, href))
        if child.tail:
            runs.append(Run(child.tail, bold, italic, code, href))
    return runs


def child_runs(child, bold=False, italic=False, code=False, href=None) -> list[Run]:
    """An inline element's own runs (not its tail), with the formatting its tag adds."""
    if child.tag == "br":
        return [Run("\n")]
    adds = INLINE_FORMATS.get(child.tag)
    return inline_runs(child, bold or adds == "bold", italic or adds == "italic", code or adds == "code",
                       child.get("href") if child.tag == "a" else href)


def collapse(runs: list[Run]) -> list[Run]:
    """HTML's whitespace rule: runs of white space are one space; none at the start or end of a paragraph."""
    out: list[Run] = []
    previous_space = True
    for run in runs:
        if run.text == "\n":
            out.append(run)
            previous_space = True
            continue
        text = SPACE.sub(" ", run.text)
        if previous_space:
            text = text.lstrip(" ")
        if text:
            out.append(Run(text, run.bold, run.italic, run.code, run.href))
            previous_space = text.endswith(" ")
    while out and out[-1].text != "\n" and out[-1].text.endswith(" "):
        last = out.pop()
        if last.text.rstrip(" "):
            out.append(Run(last.text.rstrip(" "), last.bold, last.italic, last.code, last.href))
            break
    return out


class DocxWriter:
    """Writes one rendered page into a python-docx Document."""

    def __init__(self, document, look: Look):
        self.doc = document
        self.look = look
        self.numbering = Numbering(document)
        # Style ids looked up once: python-docx looks a style name up through every style, every time.
        self.style_ids = {style.name: style.style_id for style in document.styles}

    def paragraph(self, container, style: str | None = None):
        paragraph = container.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_ids[style]
        return paragraph

    # --- inline ---------------------------------------------------------------------------------
    def fill(self, paragraph, runs: list[Run]) -> None:
        for run in collapse(runs):
            if run.text == "\n":
                paragraph.add_run().add_break()
                continue
            if run.href and run.href.startswith(("http://", "https://", "mailto:")):
                self.hyperlink(paragraph, run)
                continue
            added = paragraph.add_run(run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None
            if run.code:
                added.font.name = "Liberation Mono"

    def hyperlink(self, paragraph, run: Run) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE

        rel_id = paragraph.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = element("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        inner = paragraph.add_run(run.text)
        inner.bold, inner.italic = run.bold or None, run.italic or None
        inner.font.underline = True
        inner.font.color.rgb = self.rgb(self.look.accent)
        link.append(inner._r)
        paragraph._p.append(link)

    @staticmethod
    def rgb(colour: str):
        from docx.shared import RGBColor

        return RGBColor.from_string(colour.lstrip("#").upper())

    # --- blocks ---------------------------------------------------------------------------------
    def blocks(self, node, container, depth: int = 0) -> None:
        """Each child of `node` written into `container` (the body or a table cell): block elements
        as themselves, inline text between them as paragraphs of their own, so no words are lost."""
        pending = [Run(node.text)] if node.text else []
        for child in node:
            if isinstance(child.tag, str) and child.tag in BLOCKS:
                self.flush(pending, container)
                pending = []
                self.block(child, container, depth)
            elif isinstance(child.tag, str):
                pending.extend(child_runs(child))
            if child.tail:
                pending.append(Run(child.tail))
        self.flush(pending, container)

    def flush(self, runs: list[Run], container) -> None:
        if any(r.text.strip() for r in runs):
            self.fill(self.paragraph(container), runs)

    def block(self, node, container, depth: int) -> None:
        tag, kinds = node.tag, classes(node)
        if tag in HEADINGS:
            self.fill(self.paragraph(container, f"Heading {HEADINGS[tag]}"), inline_runs(node))
        elif tag == "p":
            style = (DRAFT_STYLE if "draft-mark" in kinds else LOGOTYPE_STYLE if "logotype" in kinds else None)
            self.fill(self.paragraph(container, style), inline_runs(node))
        elif tag in ("ul", "ol"):
            self.list_items(node, container, depth)
        elif tag == "blockquote":
            for child in node:
                if isinstance(child.tag, str):
                    if child.tag == "p":
                        self.fill(self.paragraph(container, "Quote"), inline_runs(child))
                    else:
                        self.block(child, container, depth)
        elif tag == "table":
            self.table(node, container)
        elif tag == "dl":
            self.definition_list(node, container)
        elif tag == "pre":
            paragraph = self.paragraph(container)
            for number, line in enumerate(node.text_content().rstrip("\n").split("\n")):
                if number:
                    paragraph.add_run().add_break()
                paragraph.add_run(line).font.name = "Liberation Mono"
        elif tag == "img":
            self.image(node, container)
        elif tag == "nav" or tag == "hr":
            return  # site navigation belongs to the web page; a rule has no words
        elif kinds & COLUMN_GRIDS:
            self.column_grid(node, container)
        elif "signature-line" in kinds:
            self.signature_line(container)
        else:  # div, section, header, main: containers
            self.blocks(node, container, depth)

    def list_items(self, node, container, depth: int) -> None:
        kind = "decimal" if node.tag == "ol" else "bullet"
        start = int(node.get("start", "1")) if (node.get("start") or "1").isdigit() else 1
        num_id = self.numbering.new_list(kind, min(depth, 8), start)
        for item in node:
            if item.tag != "li":
                continue
            first = self.paragraph(container, "List Paragraph")
            number_paragraph(first, num_id, min(depth, 8))
            head = inline_runs(item, stop_at_blocks=True)
            numbered = first if any(r.text.strip() for r in head) else None
            if numbered is not None:
                self.fill(first, head)
            for child in item:
                if not isinstance(child.tag, str) or child.tag not in BLOCKS:
                    continue
                if child.tag == "p" and numbered is None:
                    self.fill(first, inline_runs(child))
                    numbered = first
                elif child.tag == "p":
                    paragraph = self.paragraph(container, "List Paragraph")
                    self.fill(paragraph, inline_runs(child))
                elif child.tag in ("ul", "ol"):
                    self.list_items(child, container, depth + 1)
                else:
                    self.block(child, container, depth + 1)
                if child.tail and child.tail.strip():
                    self.fill(self.paragraph(container, "List Paragraph"), [Run(child.tail)])

    def table(self, node, container) -> None:
        rows = [row for row in node.iter("tr")]
        if not rows:
            return
        width = max(len([c for c in row if c.tag in ("td", "th")]) for row in rows)
        table = container.add_table(rows=0, cols=width)
        table.style = self.doc.styles["Table Grid"]
        for row in rows:
            cells = [c for c in row if c.tag in ("td", "th")]
            word_row = table.add_row()
            if all(c.tag == "th" for c in cells):
                word_row._tr.get_or_add_trPr().append(element("w:tblHeader"))
            for index, cell in enumerate(cells):
                target = word_row.cells[index]
                paragraph = target.paragraphs[0]
                runs = inline_runs(cell, bold=cell.tag == "th")
                self.fill(paragraph, runs)
                align = (cell.get("style") or "").replace(" ", "")
                if "text-align:right" in align:
                    from docx.enum.text import WD_ALIGN_PARAGRAPH

                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def definition_list(self, node, container) -> None:
        """A memo's Datum/Dnr list: a paragraph per term, the term in bold before its value. Not a
        table: a table of terms has no header row, which Word's accessibility check (and
        docx_validation.py) rightly flags."""
        terms = [n for n in node.iter() if n.tag in ("dt", "dd")]
        pairs = [(terms[i], terms[i + 1]) for i in range(0, len(terms) - 1, 2)]
        for term, value in pairs:
            self.fill(self.paragraph(container), [*inline_runs(term, bold=True), Run(" "), *inline_runs(value)])

    def column_grid(self, node, container) -> None:
        """Signatures side by side: a borderless table, one column per signatory (or memo column)."""
        columns = [c for c in node if isinstance(c.tag, str)]
        if not columns:
            return
        table = container.add_table(rows=1, cols=len(columns))
        for cell, column in zip(table.rows[0].cells, columns):
            self.blocks(column, cell)
            if cell.paragraphs and not cell.paragraphs[0].text and len(cell.paragraphs) > 1:
                cell._tc.remove(cell.paragraphs[0]._p)  # the empty paragraph every new cell starts with

    def signature_line(self, container) -> None:
        """Room to sign, then a line: a paragraph with a bottom border."""
        from docx.shared import Pt

        paragraph = self.paragraph(container, SIGNATURE_STYLE)
        paragraph.paragraph_format.space_before = Pt(28)
        borders = element("w:pBdr")
        borders.append(element("w:bottom", val="single", sz="6", space="1", color="000000"))
        ppr = paragraph._p.get_or_add_pPr()
        successor = next((c for c in ppr if c.tag in {qn("w:shd"), qn("w:tabs"), qn("w:spacing"), qn("w:ind"), qn("w:jc")}), None)
        if successor is None:
            ppr.append(borders)
        else:
            successor.addprevious(borders)

    def image(self, node, container) -> None:
        """The municipality's logo (a PNG from iopdoc.toml); an SVG, which Word cannot take through
        python-docx, becomes the text logotype (its alt text)."""
        from docx.shared import Cm

        logo = self.look.logo
        if "logo" in classes(node) and logo is not None and logo.suffix.lower() == ".png":
            paragraph = self.paragraph(container, LOGOTYPE_STYLE)
            picture = paragraph.add_run().add_picture(str(logo), height=Cm(1.6))
            properties = picture._inline.find(qn("wp:docPr"))
            if properties is not None:
                properties.set("descr", node.get("alt") or "")
        elif node.get("alt"):
            self.fill(self.paragraph(container, LOGOTYPE_STYLE), [Run(node.get("alt"))])


def header_parts(document: model.Node) -> tuple[str, str]:
    """What the running header says from page 2 on, left and right, as print.css does for the PDF."""
    if isinstance(document, model.Memo):
        return document.organisation, f"Dnr {document.diarienummer}"
    return getattr(document, "short_title", None) or document.title, ""


def page_setup(doc, document: model.Node, draft: bool) -> None:
    """A4 and the PDF's margins; the header from page 2 on; "Sida X av Y" on every page."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = Mm(25), Mm(22), Mm(22), Mm(25)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    text_width = section.page_width - section.left_margin - section.right_margin
    left, right = header_parts(document)
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    header.add_run(left)
    if draft or right:
        header.add_run("\t")
    if draft:
        mark = header.add_run("UTKAST" + ("  " if right else ""))
        mark.bold = True
        mark.font.color.rgb = DocxWriter.rgb(DRAFT_RED)
    if right:
        header.add_run(right)
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles["Footer"]
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run("Sida ")
        add_field(paragraph, "PAGE", "1")
        paragraph.add_run(" av ")
        add_field(paragraph, "NUMPAGES", "1")
    section.first_page_header.paragraphs[0].style = doc.styles["Header"]


def render_docx(rendered: RenderedDocument, look: Look, *, source_bytes: bytes, manifest: bytes,
                stamp: dt.datetime) -> bytes:
    """The document as DOCX bytes, reproducible: the same page, source and stamp give the same bytes."""
    import docx
    import lxml.html

    from docx.shared import Pt

    page = lxml.html.document_fromstring(rendered.html)
    main = page.find(".//main")
    body = page.find(".//body")
    draft = "draft" in classes(body) if body is not None else rendered.document.status == "draft"
    doc = docx.Document()
    for paragraph in list(doc.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    prune_template(doc)
    apply_look(doc, look.font, look.text, look.accent)
    add_paragraph_style(doc, DRAFT_STYLE, bold=True, colour=DRAFT_RED, size=12)
    add_paragraph_style(doc, LOGOTYPE_STYLE, bold=True, colour=look.accent, size=13)
    add_paragraph_style(doc, SIGNATURE_STYLE, size=11)
    for name in ("Header", "Footer"):
        doc.styles[name].font.size = Pt(8.5)
        doc.styles[name].font.color.rgb = DocxWriter.rgb(MUTED)
    writer = DocxWriter(doc, look)
    if draft and body is not None:
        for mark in body.findall("./p"):
            if "draft-mark" in classes(mark):
                writer.block(mark, doc, 0)
    if main is not None:
        writer.blocks(main, doc)
    page_setup(doc, rendered.document, draft)
    kind = "tjänsteskrivelse" if isinstance(rendered.document, model.Memo) else "överenskommelse"
    set_properties(doc, title=rendered.title, subject=rendered.subject, authors="; ".join(rendered.authors),
                   keywords=", ".join(rendered.keywords), category=kind, stamp=stamp)
    add_embedded_files(doc, source_bytes, manifest)
    buffer = io.BytesIO()
    doc.save(buffer)
    return reproducible_zip(buffer.getvalue(), stamp)


def docx_text(path: Path) -> str:
    """A DOCX's paragraphs and table cells as text in document order (for tests and review)."""
    import docx

    document = docx.Document(str(path))
    lines = []
    for block in document.element.body.iter(qn("w:p")):
        lines.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
    return "\n".join(lines)
