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
    waived: str | None = None  # the reason, when the source waives this finding (waivers.py)

    def message(self, lang: str = "sv") -> str:
        return self.en if lang == "en" else self.sv

    def format(self, lang: str = "sv") -> str:
        waived = f" [{'waived' if lang == 'en' else 'undantag'}: {self.waived}]" if self.waived else ""
        return f"{self.location}: {self.severity.value}[{self.code}]: {self.message(lang)}{waived}"

    @property
    def is_error(self) -> bool:
        """An error that counts: a waived one no longer fails a build or a check."""
        return self.severity is Severity.ERROR and self.waived is None

    def to_dict(self) -> dict:
        """The diagnostic as JSON data: the one shape of the JSON report and the cache."""
        return {"file": self.location.file, "line": self.location.line, "column": self.location.col,
                "code": self.code, "severity": self.severity.value, "message_sv": self.sv, "message_en": self.en,
                "related": [{"file": r.file, "line": r.line, "column": r.col} for r in self.related],
                "waived": self.waived}

    @classmethod
    def from_dict(cls, data: dict) -> "Diagnostic":
        """The inverse of `to_dict`. Raises KeyError, TypeError or ValueError for data of another shape."""
        related = tuple(Location(str(r["file"]), int(r["line"]), int(r["column"])) for r in data.get("related", ()))
        return cls(str(data["code"]), Severity(data["severity"]),
                   Location(str(data["file"]), int(data["line"]), int(data["column"])),
                   str(data["message_sv"]), str(data["message_en"]), related,
                   str(data["waived"]) if data.get("waived") is not None else None)


# Problems that make a source, the project's settings or a command unusable, before any rule runs.
# (Rules, IOP1xx and up, describe themselves in the checks registry.) Titles in Swedish and English.
SOURCE_CODES: dict[str, tuple[str, str]] = {
    "IOP001": ("Filen finns inte", "The file does not exist"),
    "IOP002": ("Filen är inte UTF-8", "The file is not UTF-8"),
    "IOP003": ("YAML-syntaxfel", "YAML syntax error"),
    "IOP004": ("Filen är tom", "The file is empty"),
    "IOP005": ("Ingen vanlig fil, eller för stor", "Not a regular file, or too large"),
    "IOP006": ("Källan är för komplicerad", "The source is too complex"),
    "IOP010": ("Okänd nyckel", "Unknown key"),
    "IOP011": ("Nyckeln står två gånger", "Duplicate key"),
    "IOP012": ("Fel typ av värde", "Wrong type of value"),
    "IOP013": ("Inget datum", "Not a date"),
    "IOP014": ("Ingen tidslängd", "Not a duration"),
    "IOP015": ("Värdet är inte tillåtet", "Value not allowed"),
    "IOP016": ("Ogiltigt kortnamn", "Invalid handle"),
    "IOP017": ("Nyckel saknas", "Missing key"),
    "IOP018": ("Id och filnamn skiljer sig", "Id differs from the file name"),
    "IOP020": ("Länkad källa finns inte", "Linked source does not exist"),
    "IOP021": ("Länkar i cirkel", "Circular links"),
    "IOP022": ("Länk till fel sorts dokument", "Link to the wrong kind of document"),
    "IOP030": ("Hänvisning till något som inte finns", "Reference to something that does not exist"),
    "IOP031": ("Sats i text", "Statement in prose"),
    "IOP032": ("Otillåtet uttryck i text", "Expression not allowed in prose"),
    "IOP033": ("Uttrycket kan inte beräknas", "Expression cannot be evaluated"),
    "IOP034": ("Hänvisning till ett faktum som inte är ifyllt", "Reference to a fact not filled in"),
    "IOP035": ("Uttrycket går över gränserna för text", "Expression exceeds the limits of prose"),
    "IOP040": ("Kan inte formateras utan att innehållet ändras", "Cannot be formatted without changing the content"),
    "IOP041": ("Revisionen kan inte läsas ur git", "The revision cannot be read from git"),
    "IOP042": ("Inte i ett git-förråd", "Not in a git repository"),
    "IOP043": ("Två källor eller --base", "Two sources or --base"),
    "IOP050": ("Undantag utan skäl, eller som inte används", "Waiver without a reason, or unused"),
    "IOP051": ("Fel i en mall", "Error in a template"),
    "IOP060": ("TOML-syntaxfel i iopdoc.toml", "TOML syntax error in iopdoc.toml"),
    "IOP061": ("Okänd inställning", "Unknown setting"),
    "IOP062": ("Ogiltig inställning", "Invalid setting"),
    "IOP070": ("Ogiltigt id", "Invalid id"),
    "IOP071": ("Källan finns redan", "The source already exists"),
    "IOP072": ("Föregångaren saknar datum", "The predecessor has no dates"),
    "IOP073": ("Ingen mall för dokumenttypen", "No skeleton for the document kind"),
    "IOP074": ("Källan har ändrats efter undertecknandet", "The source changed after signing"),
    "IOP075": ("Paketet kan inte installeras av andra", "Nobody else can install the package from there"),
    "IOP076": ("Ingen första incheckning", "No first commit"),
    "IOP077": ("Underskriften håller inte", "The signature does not hold"),
    "IOP078": ("Underskriften är inte betrodd", "The signature is not trusted"),
    "IOP079": ("Ändrad efter undertecknandet", "Changed after signing"),
    "IOP080": ("Kan inte läsas som PDF", "Cannot be read as a PDF"),
    "IOP081": ("PDF:en bär ingen källa", "The PDF carries no source"),
    "IOP082": ("Filen finns redan", "The file already exists"),
    "IOP083": ("Den inbäddade källan har inget vanligt filnamn", "The embedded source has no plain file name"),
    "IOP084": ("Underskrift", "Signature"),
    "IOP085": ("Kan inte importeras", "Cannot be imported"),
    "IOP086": ("Importen skulle skriva över en källa", "The import would overwrite a source"),
    "IOP087": ("Källan som filen byggdes från finns inte", "The source the file was built from is missing"),
    "IOP088": ("Inte byggd från källan", "Not built from the source"),
    "IOP089": ("Byggd från källan", "Built from the source"),
    "IOP090": ("Kan inte skriva", "Cannot write"),
    "IOP091": ("Kan inte lyssna på porten", "Cannot listen on the port"),
    "IOP092": ("Cachepost ogiltig, byggs om", "Cache entry invalid, rebuilt"),
    "IOP093": ("Utdata behöver en fil", "The output needs a file"),
    "IOP094": ("Webbplatsen uppfyller inte publiceringskraven", "The site does not meet the publishing duties"),
    "IOP095": ("Granskningen kan inte föras in i källan", "The review cannot be applied to the source"),
    "IOP096": ("En granskad ändring förs inte in", "A reviewed change is not applied"),
    "IOP820": ("PDF:en bryter mot en regel i PDF/UA-1 eller PDF/A", "The PDF breaks a PDF/UA-1 or PDF/A rule"),
    "IOP821": ("DOCX:en saknar något som tillgänglighet kräver", "The DOCX lacks something accessibility needs"),
    "IOP097": ("Importen skulle ändra texten", "The import would change the text"),
    "IOP099": ("Internt fel i iopdoc", "Internal error in iopdoc"),
}


def error(code: str, location: Location, sv: str, en: str, related: tuple[Location, ...] = ()) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, location, sv, en, related)


def warning(code: str, location: Location, sv: str, en: str, related: tuple[Location, ...] = ()) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, location, sv, en, related)


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


class WriteError(BuildError):
    """Raised by fileio.write_atomic when a file cannot be written (IOP090: a folder that is
    read-only or missing, a full disk, a symbolic link it will not replace)."""


class UsageError(IopdocError):
    """Raised for a command used the wrong way: a source that does not exist, a
    format that is unknown."""


def relative_name(path: Path) -> str:
    """The path as the user would type it: relative to the working directory if below it."""
    try:  # the folder resolved, not the file: a symlinked source is named as itself, not as its target
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)
