"""The last look before a site is published: no personnummer in any file of it, however it got there.

IOP801 reads every published fact and evaluated text of a source. This reads what was actually
written, so a number that reaches the site another way (a template, a filter, a font's glyph
names, a PDF's metadata, an embedded source) is still caught before the site is swapped in: the
text of every page (its attributes, comments and script too), the JSON catalogue's strings, the
calendar (lines unfolded), and of every PDF its metadata, its XMP packet and every embedded file
(its pages are the same render as the HTML page). Font files are assets copied from the templates and are not read.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

from iopdoc.errors import Diagnostic, Location, error, relative_name
from iopdoc.identity_numbers import identity_numbers
from iopdoc.prose.shown import BLOCK_BREAK, html_text

NOT_READ = frozenset({".woff", ".woff2", ".ttf", ".otf", ".png", ".jpg", ".jpeg", ".gif", ".ico"})
MAX_EMBEDDED_DEPTH = 2


def texts_of_pdf(data: bytes) -> Iterator[tuple[str, str]]:
    """(where, text) for each thing a PDF carries besides its pages: metadata, XMP, embedded files.
    Its pages are rendered from the same HTML as the document's page, which is read in full (reading
    a PDF's text back costs about a second a document; tests/security/test_personal_leaks.py does)."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for key, value in (reader.metadata or {}).items():
        yield f"metadata {key}", str(value)
    root = reader.trailer["/Root"]
    if "/Metadata" in root:
        yield "XMP", root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    for name, contents in reader.attachments.items():
        for content in contents:
            yield f"embedded {name}", content.decode("utf-8", "replace")


def texts_of_file(path: Path) -> Iterator[tuple[str, str]]:
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        yield from texts_of_pdf(data)
        return
    text = data.decode("utf-8", "replace")
    if suffix in (".html", ".htm", ".xml", ".svg"):
        yield "text", html_text(text)
        return
    if suffix == ".json":
        try:
            yield "strings", BLOCK_BREAK.join(strings_in(json.loads(text)))
            return
        except ValueError:
            pass
    elif suffix == ".ics":
        text = re.sub(r"\r?\n[ \t]", "", text)  # RFC 5545 folding undone
    yield "text", text


def strings_in(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif value is not None:
        yield str(value)


def personal_data_in_site(site: Path) -> list[Diagnostic]:
    """IOP801 for each file of the site in `site` that shows a personnummer or samordningsnummer."""
    problems: list[Diagnostic] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and not p.is_symlink()):
        if path.suffix.lower() in NOT_READ:
            continue
        try:
            found = [(where, number) for where, text in texts_of_file(path) for number in identity_numbers(text, mistyped=False)]
        except Exception as exc:  # noqa: BLE001 - a file iopdoc wrote that it cannot read back is not published
            problems.append(error("IOP801", Location(relative_name(path)),
                                  f"filen kunde inte läsas för kontroll av personuppgifter ({type(exc).__name__}); "
                                  "webbplatsen publiceras inte.",
                                  f"the file could not be read to check it for personal data ({type(exc).__name__}); "
                                  "the site is not published."))
            continue
        for where, number in found[:1]:
            problems.append(error("IOP801", Location(relative_name(path)),
                                  f"{where} i den publicerade filen visar ett {number.kind} ({number.masked()}); "
                                  "webbplatsen publiceras inte. Ta bort numret ur källan eller mallen.",
                                  f"{where} of the published file shows a Swedish {number.kind} ({number.masked()}); "
                                  "the site is not published. Remove the number from the source or the template."))
    return problems
