"""Accessibility of a DOCX, read back with python-docx: what a screen reader and Word's own checker need.

No outside checker for DOCX is installable here, so the file is read back, as Word would read it,
for what EN 301 549 (chapter 10, non-web documents) asks that can be read from the file: a
language on the document (the default run properties and the core properties), a title, headings
in Word's heading styles that do not skip a level, alternative text on every picture, and a
header row (repeated on each page, so a screen reader names the columns) on every table of more
than one row. Each shortfall is a diagnostic (IOP821) naming the paragraph or table. Used by
`iopdoc validate` for .docx files, and from Python (`check_docx`).
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from iopdoc.errors import Diagnostic, Location, error
from iopdoc.writers.validation import read_file

MAX_DOCX_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # a zip that unpacks to more is not read (a zip bomb)
MAX_PARTS = 10_000
HEADING_STYLE = re.compile(r"Heading ([1-9])")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


@dataclass(frozen=True)
class DocxValidation:
    """The verdict on one DOCX: what was checked and what it lacks."""

    name: str
    checked: tuple[str, ...]  # the properties looked at: "language", "title", "headings", "pictures", "tables"
    problems: tuple[Diagnostic, ...]

    @property
    def conforms(self) -> bool:
        return not self.problems

    def diagnostics(self) -> list[Diagnostic]:
        return list(self.problems)


def lacking(name: str, sv: str, en: str) -> Diagnostic:
    return error("IOP821", Location(name), f"DOCX:en är inte tillgänglig: {sv}", f"the DOCX is not accessible: {en}")


def unreadable(name: str, sv: str, en: str) -> DocxValidation:
    return DocxValidation(name, (), (error("IOP080", Location(name), f"kan inte läsas som DOCX: {sv}.",
                                           f"cannot be read as a DOCX: {en}."),))


def check_docx(data: bytes, name: str) -> DocxValidation:
    """The verdict on a DOCX's bytes; bytes that are not a DOCX within the limits give IOP080."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if len(data) > MAX_DOCX_BYTES:
        return unreadable(name, f"filen är större än {MAX_DOCX_BYTES // 1024 // 1024} MB",
                          f"the file is larger than {MAX_DOCX_BYTES // 1024 // 1024} MB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        return unreadable(name, f"ingen zip-fil ({exc})", f"not a zip file ({exc})")
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        return unreadable(name, "den packas upp till för mycket", "it unpacks to too much")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as exc:
        return unreadable(name, f"ingen Word-fil ({exc})", f"not a Word file ({exc})")
    except Exception as exc:  # noqa: BLE001: lxml's and python-docx's errors on a damaged part
        return unreadable(name, f"en del av filen är skadad ({type(exc).__name__})",
                          f"a part of the file is damaged ({type(exc).__name__})")
    problems = [*language(document, name), *title(document, name), *headings(document, name),
                *pictures(document, name), *tables(document, name)]
    return DocxValidation(name, ("language", "title", "headings", "pictures", "tables"), tuple(problems))


def check_docx_file(path: Path, name: str | None = None) -> DocxValidation:
    """`check_docx` for a file, read only if it is a regular file within MAX_DOCX_BYTES."""
    name = name or str(path)
    data = read_file(path, name, MAX_DOCX_BYTES, kind="DOCX")
    if isinstance(data, Diagnostic):
        return DocxValidation(name, (), (data,))
    return check_docx(data, name)


def language(document, name: str) -> list[Diagnostic]:
    defaults = document.styles.element.find(f"{{{W}}}docDefaults")
    lang = defaults.find(f".//{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}lang") if defaults is not None else None
    found = []
    if lang is None or not (lang.get(f"{{{W}}}val") or "").strip():
        found.append(lacking(name, "dokumentet anger inget språk (w:lang i dokumentets standardformat); "
                                   "ange svenska som redigeringsspråk för hela dokumentet.",
                             "the document states no language (w:lang in its default run properties); "
                             "set Swedish as the editing language of the whole document."))
    if not (document.core_properties.language or "").strip():
        found.append(lacking(name, "dokumentegenskapen Språk är tom.", "the document property Language is empty."))
    return found


def title(document, name: str) -> list[Diagnostic]:
    if (document.core_properties.title or "").strip():
        return []
    return [lacking(name, "dokumentegenskapen Rubrik (titel) är tom; en skärmläsare läser upp den först.",
                    "the document property Title is empty; a screen reader reads it first.")]


def headings(document, name: str) -> list[Diagnostic]:
    """Headings in Word's heading styles, none deeper than one below the heading before it."""
    levels = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        match = HEADING_STYLE.fullmatch(paragraph.style.name if paragraph.style is not None else "")
        if match and paragraph.text.strip():
            levels.append((number, int(match.group(1))))
    if not levels:
        if len([p for p in document.paragraphs if p.text.strip()]) > 3:
            return [lacking(name, "inga rubriker i Words rubrikformat (Rubrik 1, Rubrik 2, …); "
                                  "en skärmläsare kan inte hoppa mellan avsnitten.",
                            "no headings in Word's heading styles (Heading 1, Heading 2, …); "
                            "a screen reader cannot move between sections.")]
        return []
    found = []
    previous = 0
    for number, level in levels:
        if level > previous + 1 and previous:
            found.append(lacking(name, f"stycke {number} är Rubrik {level} direkt under Rubrik {previous}; "
                                       f"hoppa inte över en nivå.",
                                 f"paragraph {number} is Heading {level} right under Heading {previous}; "
                                 f"do not skip a level."))
        previous = level
    return found


def pictures(document, name: str) -> list[Diagnostic]:
    """Every picture (inline or floating) has alternative text: docPr's descr (or title)."""
    found = []
    body = document.element.body
    for number, properties in enumerate(body.iter(f"{{{WP}}}docPr"), start=1):
        if not ((properties.get("descr") or "").strip() or (properties.get("title") or "").strip()):
            shown = properties.get("name") or f"{number}"
            found.append(lacking(name, f"bild {number} ({shown}) saknar alternativtext.",
                                 f"picture {number} ({shown}) has no alternative text."))
    return found


def tables(document, name: str) -> list[Diagnostic]:
    """Every table of more than one row marks its first row as a header row (repeated on each page)."""
    found = []
    for number, table in enumerate(document.tables, start=1):
        rows = table._tbl.tr_lst
        if len(rows) < 2:
            continue
        properties = rows[0].trPr
        if properties is None or properties.find(f"{{{W}}}tblHeader") is None:
            found.append(lacking(name, f"tabell {number} har ingen rubrikrad (Upprepa som rubrikrad).",
                                 f"table {number} has no header row (Repeat as header row)."))
    return found
