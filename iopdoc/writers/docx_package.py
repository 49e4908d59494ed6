"""The DOCX package around the text: styles in the municipality's look, list numbering, page fields,
the source and manifest as a custom part, reproducible zip bytes, and reading those parts back.

Only docx_writer.py builds documents with this module; `iopdoc extract` and `iopdoc review` read
the custom part back through `read_embedded_docx` without loading python-docx.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile


LANGUAGE = "sv-SE"
# The custom part: one relationship type from the package, one fixed part name per file, so a
# hostile source name never becomes a path inside the zip; the manifest keeps the source's name.
EMBEDDED_RELTYPE = "https://iopdoc.se/relationships/embedded-file"
EMBEDDED_FOLDER = "iopdoc"
SOURCE_PART = f"{EMBEDDED_FOLDER}/source.yaml"
MANIFEST_PART = f"{EMBEDDED_FOLDER}/manifest.json"
THUMBNAIL_RELTYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
SAFE_SOURCE_NAME = re.compile(r"[A-Za-z0-9][\w.-]{0,120}\.ya?ml")
MAX_PART_BYTES = 16 * 1024 * 1024  # a source or manifest larger than this is not one iopdoc wrote
FIRST_MEMBERS = ("[Content_Types].xml", "_rels/.rels")
HEADING_SIZES = {1: 18, 2: 14, 3: 12, 4: 11, 5: 11, 6: 11}


@functools.cache
def qn(tag: str) -> str:
    """`w:rPr` as lxml names it (`{namespace}rPr`): asked about 2000 times per document for a few
    dozen tags, so each answer is kept (python-docx's own, with an import statement, cost 6 ms a DOCX)."""
    from docx.oxml.ns import qn as docx_qn

    return docx_qn(tag)


def element(tag: str, **attributes: str):
    """A WordprocessingML element with `w:`-prefixed attributes (`element("w:lang", val="sv-SE")`)."""
    from docx.oxml import OxmlElement

    node = OxmlElement(tag)
    for name, value in attributes.items():
        node.set(qn(f"w:{name}"), value)
    return node


def _child(parent, tag: str):
    """`parent`'s child `tag`, added at the start when missing (where rPrDefault and rPr belong)."""
    found = parent.find(qn(tag))
    if found is None:
        found = element(tag)
        parent.insert(0, found)
    return found


LANG_SUCCESSORS = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_language(rpr) -> None:
    """w:lang sv-SE on run properties, in the place the schema gives it (Word rejects misordered XML)."""
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = element("w:lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA")
    successor = next((c for c in rpr if c.tag in {qn(t) for t in LANG_SUCCESSORS}), None)
    if successor is None:
        rpr.append(lang)
    else:
        successor.addprevious(lang)


def _set_run_look(rpr, font: str, colour: str | None) -> None:
    """Font, colour and language on one run-properties element; theme fonts removed so the font holds."""
    fonts = rpr.get_or_add_rFonts()
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{slot}"), font)
    if colour is not None:
        rpr.get_or_add_color().set(qn("w:val"), colour.lstrip("#").upper())
        for name in ("w:themeColor", "w:themeShade", "w:themeTint"):
            rpr.get_or_add_color().attrib.pop(qn(name), None)
    set_language(rpr)


def apply_look(document, font: str, text_colour: str, accent: str) -> None:
    """Every style in sv-SE and the project's font; text and headings in the project's colours."""
    from docx.shared import Pt

    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    _set_run_look(rpr_default, font, text_colour)
    for style in styles.element.findall(qn("w:style")):
        _set_run_look(style.get_or_add_rPr(), font, None)
    styles["Normal"].font.size = Pt(11)
    for level, size in HEADING_SIZES.items():
        heading = styles[f"Heading {level}"]
        heading.font.size = Pt(size)
        heading.font.color.rgb = None
        _set_run_look(heading.element.get_or_add_rPr(), font, accent)
        heading.font.bold = True
        heading.font.italic = False
    settings = document.settings.element
    for old in settings.findall(qn("w:themeFontLang")):
        settings.remove(old)
    settings.append(element("w:themeFontLang", val=LANGUAGE))


def add_paragraph_style(document, name: str, *, bold: bool = False, colour: str | None = None, size: float | None = None):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.bold = bold
    if colour:
        style.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
    if size:
        style.font.size = Pt(size)
    set_language(style.element.get_or_add_rPr())
    return style


class Numbering:
    """Real Word lists: one abstract definition per list kind, one numbering instance per list,
    restarted, so "1." of the second list is 1 again and Word's list tools work on them."""

    KINDS = {"bullet": 1, "decimal": 2}

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        for old in list(self.root):
            self.root.remove(old)
        for kind, abstract_id in self.KINDS.items():
            self.root.append(self._abstract(abstract_id, kind))
        self.next_id = 1

    @staticmethod
    def _abstract(abstract_id: int, kind: str):
        abstract = element("w:abstractNum", abstractNumId=str(abstract_id))
        abstract.append(element("w:multiLevelType", val="hybridMultilevel"))
        glyphs = ("•", "–", "▪")
        for level in range(9):
            lvl = element("w:lvl", ilvl=str(level))
            lvl.append(element("w:start", val="1"))
            if kind == "bullet":
                lvl.append(element("w:numFmt", val="bullet"))
                lvl.append(element("w:lvlText", val=glyphs[level % 3]))
            else:
                lvl.append(element("w:numFmt", val=("decimal", "lowerLetter", "lowerRoman")[level % 3]))
                lvl.append(element("w:lvlText", val=f"%{level + 1}."))
            lvl.append(element("w:lvlJc", val="left"))
            ppr = element("w:pPr")
            ppr.append(element("w:ind", left=str(720 + 360 * level), hanging="360"))
            lvl.append(ppr)
            abstract.append(lvl)
        return abstract

    def new_list(self, kind: str, level: int, start: int = 1) -> int:
        """A numbering instance for one list, starting at `start` on its level."""
        num_id = self.next_id
        self.next_id += 1
        num = element("w:num", numId=str(num_id))
        num.append(element("w:abstractNumId", val=str(self.KINDS[kind])))
        override = element("w:lvlOverride", ilvl=str(level))
        override.append(element("w:startOverride", val=str(start)))
        num.append(override)
        self.root.append(num)
        return num_id


def number_paragraph(paragraph, num_id: int, level: int) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num_id


def add_field(paragraph, instruction: str, shown: str) -> None:
    """A complex field (`PAGE`, `NUMPAGES`) as Word writes it: begin, instruction, separate, result, end."""
    def run_with(*children):
        run = paragraph.add_run()
        for child in children:
            run._r.append(child)
        return run

    run_with(element("w:fldChar", fldCharType="begin"))
    instr = element("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(element("w:fldChar", fldCharType="separate"))
    paragraph.add_run(shown)
    run_with(element("w:fldChar", fldCharType="end"))


def add_embedded_files(document, source_bytes: bytes, manifest_bytes: bytes) -> None:
    """The YAML source and the build manifest as parts of the package, related from its root."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    for name, blob, content_type in ((SOURCE_PART, source_bytes, "application/yaml"),
                                     (MANIFEST_PART, manifest_bytes, "application/json")):
        part = Part(PackURI(f"/{name}"), content_type, blob, package)
        package.relate_to(part, EMBEDDED_RELTYPE)
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == THUMBNAIL_RELTYPE:  # python-docx's template picture, not this document
            package.rels.pop(rel_id)


def set_properties(document, *, title: str, subject: str, authors: str, keywords: str, category: str,
                   stamp: dt.datetime) -> None:
    props = document.core_properties
    naive = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    props.title, props.subject, props.author, props.keywords = title, subject, authors, keywords
    props.category, props.language, props.comments = category, LANGUAGE, "Byggd av iopdoc"
    props.last_modified_by, props.revision = "iopdoc", 1
    props.created = props.modified = naive
    props.last_printed = dt.datetime(1980, 1, 1)


def reproducible_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The package again with fixed member order, timestamps and attributes: same input, same bytes."""
    when = max(stamp.astimezone(dt.timezone.utc).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(io.BytesIO(data)) as original:
        members = {info.filename: original.read(info) for info in original.infolist()}
    ordered = [n for n in FIRST_MEMBERS if n in members] + sorted(n for n in members if n not in FIRST_MEMBERS)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            package.writestr(info, members[name], compresslevel=6)
    return output.getvalue()


KEPT_STYLES = {"Normal", "Header", "Footer", "List Paragraph", "Quote", "Table Grid", "Title",
               *(f"Heading {n}" for n in range(1, 10))}
UNUSED_RELTYPES = ("http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
                   "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml")


def prune_template(document) -> None:
    """Only the styles iopdoc uses (and the defaults and what they are based on), and none of the
    template's extra parts: python-docx's template carries 164 styles, a Word 2010 copy of them and
    a bibliography part, three quarters of the bytes and of the time to write a document."""
    from docx.styles import BabelFish

    root = document.styles.element
    styles = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
    kept = {BabelFish.ui2internal(name).lower() for name in KEPT_STYLES}
    wanted = {sid for sid, s in styles.items()
              if s.get(qn("w:default")) == "1" or (s.find(qn("w:name")) is not None
                                                   and s.find(qn("w:name")).get(qn("w:val")).lower() in kept)}
    pending = list(wanted)
    while pending:
        style = styles.get(pending.pop())
        for link in ("w:basedOn", "w:link", "w:next"):
            found = style.find(qn(link)) if style is not None else None
            target = found.get(qn("w:val")) if found is not None else None
            if target in styles and target not in wanted:
                wanted.add(target)
                pending.append(target)
    for sid, style in styles.items():
        if sid not in wanted:
            root.remove(style)
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in UNUSED_RELTYPES:
            part.rels.pop(rel_id)
