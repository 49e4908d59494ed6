"""Outside conformance checking of PDFs: PDF/UA-1 and PDF/A-1…3, by `page` (page-validation).

iopdoc does not grade its own PDFs: a PDF is checked, by an independent checker, against each
profile it claims in its XMP metadata (`pdfuaid:part` 1 is PDF/UA-1; `pdfaid:part` 3 with
`pdfaid:conformance` A is PDF/A-3a), and each rule that fails becomes a diagnostic (IOP820) naming
the rule, the PDF object and the checker's message. A PDF that claims neither (another tool's export)
is held to PDF/UA-1, what the accessibility law asks of a document on the municipality's website.

Used by `iopdoc validate`, by `iopdoc publish` (which refuses a failing PDF) and from Python by
anything that needs a verdict on a PDF (`check_pdf`). Untrusted PDFs are bounded: the file's size
here, and the checker's own safety limits (decoded streams, objects, references) in the checker.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from iopdoc.errors import Diagnostic, Location, error, missing_file

MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_XMP_BYTES = 1024 * 1024
DEFAULT_PROFILE = "ua1"  # what a PDF that claims nothing is held to: the accessibility law's
PROFILES = ("ua1", "1a", "1b", "2a", "2b", "2u", "3a", "3b", "3u")
PROFILE_NAMES = {"ua1": "PDF/UA-1", **{p: f"PDF/A-{p[0]}{p[1]}" for p in PROFILES if p != "ua1"}}
PDFA_ID = "http://www.aiim.org/pdfa/ns/id/"
PDFUA_ID = "http://www.aiim.org/pdfua/ns/id/"


@dataclass(frozen=True)
class RuleFailure:
    """One rule of a profile that the PDF breaks, as the checker words it."""

    profile: str  # "ua1", "3a", …
    rule: str  # the checker's rule id, e.g. PDFUA1-L-KIDS-001
    message: str  # the checker's message (English)
    object: str | None  # the PDF object it is about, "42 0", when the checker names one


@dataclass(frozen=True)
class PdfValidation:
    """The verdict on one PDF: the profiles it was held to, the rules checked, and the ones that fail."""

    name: str
    claimed: tuple[str, ...]  # the profiles the PDF claims in its XMP metadata
    profiles: tuple[str, ...]  # the profiles it was checked against
    pages: int
    rules_checked: int
    failures: tuple[RuleFailure, ...]
    unreadable: Diagnostic | None = None  # IOP001/IOP080: the file is missing or not a PDF the checker can read

    @property
    def conforms(self) -> bool:
        return not self.failures and self.unreadable is None

    def diagnostics(self) -> list[Diagnostic]:
        """IOP820 for each failed rule, or the one diagnostic saying why the PDF could not be checked."""
        if self.unreadable is not None:
            return [self.unreadable]
        return [failure_diagnostic(self.name, failure) for failure in self.failures]


def failure_diagnostic(name: str, failure: RuleFailure) -> Diagnostic:
    profile = PROFILE_NAMES.get(failure.profile, failure.profile)
    where_sv = f" (objekt {failure.object})" if failure.object else ""
    where_en = f" (object {failure.object})" if failure.object else ""
    return error(
        "IOP820", Location(name),
        f"PDF:en uppfyller inte {profile}: regeln {failure.rule}{where_sv} säger: {failure.message}. "
        f"Rätta det som ger den strukturen (mallen, eller dokumentet i verktyget som gjorde PDF:en) och bygg om.",
        f"the PDF does not conform to {profile}: rule {failure.rule}{where_en} says: {failure.message}. "
        f"Fix what produces that structure (the template, or the document in the tool that made the PDF) and rebuild.")


def unreadable(name: str, reason_sv: str, reason_en: str, profiles: tuple[str, ...] = ()) -> PdfValidation:
    problem = error("IOP080", Location(name), f"kan inte läsas som PDF: {reason_sv}.", f"cannot be read as a PDF: {reason_en}.")
    return PdfValidation(name, (), profiles, 0, 0, (), problem)


def claimed_profiles(data: bytes) -> tuple[str, ...]:
    """The PDF/UA and PDF/A profiles the PDF claims in its catalog's XMP metadata (both, when it
    claims both), among those the checker knows; () when it claims none or its metadata cannot be read."""
    xmp = metadata_packet(data)
    if xmp is None:
        return ()
    values = identification(xmp)
    found = []
    if values.get((PDFUA_ID, "part")) == "1":
        found.append("ua1")
    part, level = values.get((PDFA_ID, "part")), values.get((PDFA_ID, "conformance"), "").lower()
    if part and f"{part}{level}" in PROFILES:
        found.append(f"{part}{level}")
    return tuple(found)


def metadata_packet(data: bytes) -> bytes | None:
    """The catalog's XMP metadata stream, decoded; None when there is none or it is too large."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            stream = pdf.Root.get("/Metadata")
            if not isinstance(stream, pikepdf.Stream) or int(stream.get("/Length", 0)) > MAX_XMP_BYTES:
                return None
            packet = stream.read_bytes()
    except Exception:  # noqa: BLE001: an untrusted file; the checker then reports what it makes of it
        return None
    return packet if len(packet) <= MAX_XMP_BYTES else None


def identification(xmp: bytes) -> dict[tuple[str, str], str]:
    """The PDF/A and PDF/UA identification properties of an XMP packet, whether written as
    attributes of an rdf:Description or as its child elements: {(namespace, name): value}."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    start, end = xmp.find(b"<x:xmpmeta"), xmp.rfind(b"</x:xmpmeta>")
    body = xmp[start:end + len(b"</x:xmpmeta>")] if start >= 0 and end > start else xmp
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return {}
    found: dict[tuple[str, str], str] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for key, value in element.attrib.items():
            namespace, _, name = key[1:].partition("}") if key.startswith("{") else ("", "", key)
            if namespace in (PDFA_ID, PDFUA_ID):
                found[(namespace, name)] = value.strip()
        namespace, _, name = element.tag[1:].partition("}") if element.tag.startswith("{") else ("", "", element.tag)
        if namespace in (PDFA_ID, PDFUA_ID) and element.text:
            found[(namespace, name)] = element.text.strip()
    return found


def check_pdf(data: bytes, name: str, profiles: Iterable[str] | None = None) -> PdfValidation:
    """The verdict on a PDF's bytes against `profiles` (default: those it claims, else PDF/UA-1);
    bytes the checker cannot read as a PDF give a verdict whose `unreadable` says why (IOP080)."""
    import page

    if len(data) > MAX_PDF_BYTES:
        return unreadable(name, f"filen är {len(data) // 1024 // 1024} MB, mer än {MAX_PDF_BYTES // 1024 // 1024} MB",
                          f"the file is {len(data) // 1024 // 1024} MB, more than {MAX_PDF_BYTES // 1024 // 1024} MB")
    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        return unreadable(name, "den börjar inte som en PDF (%PDF-)", "it does not start as a PDF does (%PDF-)")
    claimed = claimed_profiles(data)
    wanted = tuple(dict.fromkeys(profiles)) if profiles else (claimed or (DEFAULT_PROFILE,))
    failures: list[RuleFailure] = []
    checked = pages = 0
    for profile in wanted:
        try:
            report = page.validate_pdf_bytes(data, profile=profile)
        except page.PageError as exc:
            return unreadable(name, f"kontrollen avbröts ({exc})", f"the checker stopped ({exc})", wanted)
        checked += report.rules.total
        pages = report.document.page_count
        for failure in report.failures:
            where = failure.object_id
            failures.append(RuleFailure(profile, failure.rule_id, failure.message.rstrip("."),
                                        f"{where.object_number} {where.generation}" if where is not None else None))
    return PdfValidation(name, claimed, wanted, pages, checked, tuple(failures))


def read_file(path: Path, name: str, limit: int, kind: str = "PDF") -> bytes | Diagnostic:
    """The bytes of a regular file of at most `limit` bytes, else the diagnostic saying why not
    (IOP001 for a missing file, IOP080 for anything else)."""
    import os
    import stat

    def refused(sv: str, en: str) -> Diagnostic:
        return error("IOP080", Location(name), f"kan inte läsas som {kind}: {sv}.", f"cannot be read as a {kind}: {en}.")

    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            return refused("det är ingen vanlig fil", "it is not a regular file")
        if status.st_size > limit:
            return refused(f"filen är större än {limit // 1024 // 1024} MB", f"the file is larger than {limit // 1024 // 1024} MB")
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        return missing_file(name)
    except OSError as exc:
        return refused(exc.strerror or type(exc).__name__, exc.strerror or type(exc).__name__)


def check_file(path: Path, name: str | None = None, profiles: Iterable[str] | None = None) -> PdfValidation:
    """`check_pdf` for a file, read only if it is a regular file within MAX_PDF_BYTES."""
    name = name or str(path)
    data = read_file(path, name, MAX_PDF_BYTES)
    if isinstance(data, Diagnostic):
        return PdfValidation(name, (), (), 0, 0, (), data)
    return check_pdf(data, name, profiles)
