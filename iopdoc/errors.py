"""Positions, diagnostics and the exceptions iopdoc raises."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a source file; prints as `sources/x.yaml:14:7`."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}" if self.col else f"{self.file}:{self.line}"

    def shifted(self, lines: int, col: int) -> "Location":
        """The position `lines` lines below this one, at column `col`."""
        return Location(self.file, self.line + lines, col)


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a source: what is wrong, where, and what to do.

    Every message exists in Swedish (`sv`, the default) and English (`en`).
    """

    code: str
    severity: Severity
    location: Location
    sv: str
    en: str
    related: tuple[Location, ...] = field(default=(), compare=False)

    def message(self, lang: str = "sv") -> str:
        return self.en if lang == "en" else self.sv

    def format(self, lang: str = "sv") -> str:
        return f"{self.location}: {self.severity.value}[{self.code}]: {self.message(lang)}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(code: str, location: Location, sv: str, en: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, location, sv, en)


def warning(code: str, location: Location, sv: str, en: str) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, location, sv, en)


def missing_file(path: object) -> Diagnostic:
    """The one message for a file that is not there."""
    return error("IOP001", Location(str(path)), "filen finns inte.", "the file does not exist.")


class IopdocError(Exception):
    """Base of every error iopdoc reports to its user (never shown as a traceback)."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: d.location)
        super().__init__("\n".join(d.format("en") for d in self.diagnostics))


class SourceError(IopdocError):
    """Raised when a source cannot be read into a model: YAML syntax, unknown or
    missing keys, wrong types, impossible dates, unresolved prose expressions."""


class BuildError(IopdocError):
    """Raised when a document could not be built: a failing check on a `final`
    document, or an output that could not be written."""


class UsageError(IopdocError):
    """Raised for a command used the wrong way: a source that does not exist, a
    format that is unknown."""


def relative_name(path: Path) -> str:
    """The path as the user would type it: relative to the working directory if below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
