"""Every output iopdoc writes, in one registry: its name, file suffix, writer and who asks for it.

`iopdoc build` and `make` write the document formats (`make`'s list comes from `iopdoc formats
--make`, which reads this registry and `[build] formats`); `iopdoc schedule` and `iopdoc calendar`
write the others. The settings, the CLI's `--format` choices and `iopdoc formats` read this list,
and tests hold the README's table and docs/architecture.md to it. A new schedule output is a writer
module in `iopdoc/writers/` (a function `(schedules, lang)`), one line here naming it, and its row in
those two tables: `iopdoc schedule` finds its writer here. A new document output also needs its call
in `pipeline/build.py`, since the document formats are written from one another (the PDF and the
DOCX from the HTML) and share the build's manifest.
It lives at the bottom of the house (it names writers by module, it does not import them), so the
settings below the writers can validate against it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFormat:
    """One output: `name` as `--format` and iopdoc.toml say it; `module` is its writer,
    `iopdoc/writers/<module>.py`; `of` is what it is written from."""

    name: str
    suffix: str
    module: str
    of: str  # "document": one file per source (build); "schedules" or "calendar": over many agreements
    default: bool  # built by `iopdoc build` and `make` unless iopdoc.toml lists the formats itself
    what: str  # a few words for the README's table and `iopdoc formats`
    writer: str = ""  # for schedules: the function of `module` that writes them, `(schedules, lang)` -> text or bytes
    file_only: bool = False  # written to a file only (bytes no terminal shows)


FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("html", ".html", "html", "document", True, "standalone page, the source of the PDF and DOCX"),
    OutputFormat("pdf", ".pdf", "pdf", "document", True, "tagged PDF/UA-1 (archival: PDF/A-3a too) carrying its source"),
    OutputFormat("docx", ".docx", "docx", "document", False, "Word file for reviewers, carrying its source"),
    OutputFormat("text", ".txt", "schedule", "schedules", False, "payment schedule for people", "as_text"),
    OutputFormat("csv", ".csv", "schedule", "schedules", False, "payment schedule for programs", "as_csv"),
    OutputFormat("json", ".json", "schedule", "schedules", False, "payment schedule for programs", "as_json"),
    OutputFormat("xlsx", ".xlsx", "xlsx", "schedules", False, "payment schedule for the economy office", "as_xlsx",
                 file_only=True),
    OutputFormat("ics", ".ics", "ics", "calendar", False, "dates and duties for calendar apps"),
)


def format_named(name: str) -> OutputFormat:
    """The output called `name` (a name the CLI's choices or the settings have already checked)."""
    return next(output for output in FORMATS if output.name == name)


def formats_of(kind: str) -> tuple[str, ...]:
    """The names of the formats written from `kind` ("document", "schedules", "calendar")."""
    return tuple(output.name for output in FORMATS if output.of == kind)


# The PDF's variants (`--pdf-variant`): the standard each claims. Here, not in the PDF writer, so a
# command that takes the option (`iopdoc build --format docx`) checks its value without importing
# the writer; pdf.py reads them from here.
PDF_VARIANTS = {"accessible": "pdf/ua-1", "archival": "pdf/a-3a"}

DOCUMENT_FORMATS = formats_of("document")
DEFAULT_FORMATS = tuple(output.name for output in FORMATS if output.default)
SCHEDULE_FORMATS = formats_of("schedules")
