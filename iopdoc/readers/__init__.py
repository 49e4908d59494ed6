"""readers: documents that come from outside turned into the model, or compared with it.

An agreement or memo to import (.txt/.md, .docx, .pdf: `importer`, through blocks of repaired text
found by `read_blocks` below), a reviewer's Word file read back (`review`), and the source and
manifest embedded in a built PDF or DOCX (`extract`). Imports: `diff`, `writers` (the DOCX
package's part names), and everything below them; never `site`, `pipeline` or `cli`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from iopdoc.errors import UsageError, missing_file
from iopdoc.readers.blocks import Block, pdf_blocks, text_blocks, unreadable
from iopdoc.readers.docx_blocks import docx_blocks

# The readers of files that are not plain text, by suffix; plain text is read below.
READERS: dict[str, Callable[[Path], list[Block]]] = {".docx": docx_blocks, ".pdf": pdf_blocks}


def read_blocks(path: Path) -> list[Block]:
    """The blocks of a .txt/.md, .docx or .pdf file; an unreadable file is a positioned error."""
    if not path.is_file():
        raise UsageError([missing_file(path)])
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is not None:
        return reader(path)
    if suffix not in (".txt", ".md", ".markdown", ".text", ""):
        raise unreadable(path, f"okänd filtyp `{suffix}`. Importera .docx, .pdf, .txt eller .md.",
                         f"unknown file type `{suffix}`. Import .docx, .pdf, .txt or .md.")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")  # Word's "plain text" on Windows
        except UnicodeDecodeError:
            raise unreadable(path, "texten är varken UTF-8 eller Windows-1252.",
                             "the text is neither UTF-8 nor Windows-1252.", line) from None
    if "\0" in text:
        raise unreadable(path, "filen är binär, inte text.", "the file is binary, not text.",
                         text[: text.index("\0")].count("\n") + 1)
    numbered = [(str(n), line) for n, line in enumerate(text.splitlines(), start=1)]
    return text_blocks(numbered, markdown=suffix in (".md", ".markdown"))
