"""`iopdoc verify`: a signed PDF's signatures, and the proof that it is what the repository's source builds.

Each signature is checked with pyHanko (readers/signatures.py): the bytes it covers, who signed and
when, its PAdES level, its trust (only the roots the project names) and what was added after it.
Then the proof: the file's first revision is the PDF as built; its manifest names the repository
commit, the project and source paths and the date the build claimed (provenance.signing_provenance).
That commit is checked out in a temporary clone (sharing the repository's objects, so nothing in
the repository changes) and the source built again: equal bytes are the proof. Where they are not
equal (a signing service rewrote the file, another iopdoc built it), the weaker result is the
embedded source's SHA-256 and every page's text, and it is said as such.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from iopdoc import __version__, model
from iopdoc.errors import Diagnostic, IopdocError, Location, Severity, SourceError, UsageError, error, missing_file, \
    relative_name, warning
from iopdoc.pipeline.signed import SignedCopy, signed_path
from iopdoc.readers.signatures import SignatureStatus, SignedFile, load_trust_roots, read_signed_pdf
from iopdoc.writers.provenance import MANIFEST_NAME

MAX_SIGNED_BYTES = 64 * 1024 * 1024  # an agreement of a few pages is well below 1 MB


def info(code: str, location: Location, sv: str, en: str) -> Diagnostic:
    return Diagnostic(code, Severity.INFO, location, sv, en)


@dataclass(frozen=True)
class Verification:
    """What `verify` found: each signature, the proof (`bytes`, `text` or `""`), the findings, and
    the bytes that were verified (what a publish publishes: the file is read once)."""

    signed: SignedFile
    proof: str
    manifest: dict = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()
    data: bytes = b""

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    @property
    def signers(self) -> tuple[tuple[str, dt.datetime | None], ...]:
        """Who signed and when (the time-stamp when there is one), in signing order."""
        return tuple((s.signer, s.timestamp or s.signing_time) for s in self.signed.signatures if s.kind == "signature")


def read_signed_bytes(pdf: Path) -> bytes:
    if not pdf.is_file():
        raise UsageError([missing_file(pdf)])
    if pdf.stat().st_size > MAX_SIGNED_BYTES:
        raise SourceError([error("IOP080", Location(relative_name(pdf)),
                                 f"filen är större än {MAX_SIGNED_BYTES // 1024 // 1024} MB; ingen undertecknad överenskommelse är så stor.",
                                 f"the file is larger than {MAX_SIGNED_BYTES // 1024 // 1024} MB; no signed agreement is that large.")])
    return pdf.read_bytes()


def verify_signed_pdf(pdf: Path, project_root: Path, trust_roots: tuple[Path, ...]) -> Verification:
    """Every signature in `pdf` and the proof of its source; problems are error findings, never raised."""
    name = relative_name(pdf)
    where = Location(name)
    data = read_signed_bytes(pdf)
    # When this process has built nothing yet (a `verify`, a publish's first signed PDF), the second
    # process starts now and imports what a build needs while this one reads the manifest.
    child = EarlyRebuild.fork() if not REBUILT else None
    early = None
    try:
        start = files_before_first_eof(data)
        early = EarlyRebuild.start(start, project_root.resolve(), child)
        return verify_read(data, project_root, trust_roots, name, early, start)
    finally:
        if child is not None or early is not None:
            (child or early).stop()


def verify_read(data: bytes, project_root: Path, trust_roots: tuple[Path, ...], name: str,
                early: "EarlyRebuild | None", start: "FilesRead | None" = None) -> Verification:
    where = Location(name)
    signed = read_signed_pdf(data, load_trust_roots(trust_roots, name), name)
    findings = list(signature_findings(signed, where))
    if not trust_roots:
        findings.append(error("IOP078", where, "projektet namnger inga betrodda rötter; ange `[signing] trust_roots` "
                              "i iopdoc.toml (eller --trust-root).",
                              "the project names no trust roots; set `[signing] trust_roots` in iopdoc.toml (or "
                              "--trust-root)."))
    if signed.declared > len(signed.signatures):
        findings.append(error("IOP077", where, f"filen har {signed.declared} underskriftsvärden men bara "
                              f"{len(signed.signatures)} kan läsas som underskrifter: någon har skadats eller kopplats bort.",
                              f"the file holds {signed.declared} signature values but only {len(signed.signatures)} "
                              "can be read as signatures: one was damaged or unhooked."))
    if not any(s.kind == "signature" for s in signed.signatures):
        findings.append(error("IOP077", where, "filen har ingen underskrift.", "the file has no signature."))
        return Verification(signed, "", {}, tuple(findings), data)
    if any(not s.intact or not s.valid for s in signed.signatures) or signed.declared > len(signed.signatures):
        findings.append(error("IOP088", where, "beviset om källan prövas inte: filen är inte den som undertecknades.",
                              "the proof of the source is not attempted: the file is not the one that was signed."))
        return Verification(signed, "", {}, tuple(findings), data)
    proof, manifest, proof_findings = prove_source(data, signed, project_root, where, early, start)
    return Verification(signed, proof, manifest, tuple(findings + proof_findings), data)


def when(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "–"


def signature_findings(signed: SignedFile, where: Location):
    """One finding per signature: what it shows when it holds, else what is wrong."""
    number = 0
    for status in signed.signatures:
        if status.kind == "signature":
            number += 1
            what_sv, what_en = f"underskrift {number} (fältet {status.field})", f"signature {number} (field {status.field})"
        else:
            what_sv, what_en = "dokumenttidsstämpeln", "the document time-stamp"
        yield from findings_of(status, what_sv, what_en, where)


def findings_of(status: SignatureStatus, what_sv: str, what_en: str, where: Location):
    if not status.intact or not status.valid:
        yield error("IOP077", where, f"{what_sv} håller inte: {status.problem_sv}. Filen har ändrats efter "
                    "undertecknandet, eller underskriften är trasig.",
                    f"{what_en} does not hold: {status.problem_en}. The file was changed after signing, or the "
                    "signature is broken.")
        return
    if not status.trusted:
        yield error("IOP078", where, f"{what_sv} av {status.signer} kedjar inte till någon av projektets betrodda "
                    f"rötter: {status.problem_sv}.",
                    f"{what_en} by {status.signer} does not chain to any of the project's trust roots: "
                    f"{status.problem_en}.")
    if status.timestamp_ok is False:
        yield error("IOP077", where, f"tidsstämpeln i {what_sv} håller inte eller är inte betrodd.",
                    f"the time-stamp in {what_en} does not hold or is not trusted.")
    if not status.changes_ok:
        pages = ", ".join(str(n) for n in status.pages)
        plural = len(status.pages) > 1
        on_sv = f" på sid{'orna' if plural else 'an'} {pages}" if pages else ""
        on_en = f" on page{'s' if plural else ''} {pages}" if pages else ""
        yield error("IOP079", where, f"efter {what_sv} har filen ändrats{on_sv} på annat sätt än genom ifyllda "
                    f"fält och senare underskrifter (pyHanko: {excerpt(status.changes)})",
                    f"after {what_en} the file was changed{on_en} otherwise than by filling in fields and later "
                    f"signatures: {excerpt(status.changes)}")
    if status.trusted and status.timestamp_ok is not False and status.changes_ok:
        if status.kind == "timestamp":
            yield info("IOP084", where, f"{what_sv}: oförändrad och betrodd; {status.signer}, {when(status.timestamp)}.",
                       f"{what_en}: intact and trusted; {status.signer}, {when(status.timestamp)}.")
            return
        stamp_sv = f"tidsstämpel {when(status.timestamp)}" if status.timestamp else "ingen tidsstämpel"
        stamp_en = f"time-stamp {when(status.timestamp)}" if status.timestamp else "no time-stamp"
        level = f"PAdES {status.level}" if status.level else "inte PAdES (adbe.pkcs7.detached)"
        yield info("IOP084", where,
                   f"{what_sv}: oförändrad, giltig och betrodd; undertecknad av {status.signer}; signeringstid "
                   f"{when(status.signing_time)}; {stamp_sv}; {level}.",
                   f"{what_en}: intact, valid and trusted; signed by {status.signer}; signing time "
                   f"{when(status.signing_time)}; {stamp_en}; {level.replace('inte', 'not')}.")


def excerpt(text: str, limit: int = 240) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def prove_source(data: bytes, signed: SignedFile, project_root: Path, where: Location,
                 early: "EarlyRebuild | None" = None, start: "FilesRead | None" = None
                 ) -> tuple[str, dict, list[Diagnostic]]:
    """The proof that the file's first revision is what the source at the manifest's commit builds.
    `start`: the files read from the bytes before the first `%%EOF`, used when those bytes are the
    first revision pyHanko found (both are a start of `data`: the same length is the same bytes)."""
    from iopdoc.readers.extract import read_embedded_pdf

    first = data[:signed.revision_ends[0]]
    try:
        files = start.files if start is not None and start.end == len(first) else \
            read_embedded_pdf(io.BytesIO(first), where)
        manifest = json.loads(files[MANIFEST_NAME].decode("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
    except (SourceError, KeyError, ValueError) as exc:
        why = exc.diagnostics[0].en if isinstance(exc, SourceError) else "no readable build manifest"
        return "", {}, [error("IOP088", where, f"filen bär inget byggmanifest från iopdoc ({why}); den kan inte "
                              "knytas till någon källa.",
                              f"the file carries no iopdoc build manifest ({why}); it cannot be tied to a source.")]
    findings: list[Diagnostic] = []
    commit, source_path = manifest.get("repository_commit"), manifest.get("source_path")
    if not isinstance(commit, str) or not isinstance(source_path, str) or not isinstance(
            manifest.get("project_path"), str) or not isinstance(manifest.get("build_stamp"), str):
        return "", manifest, [error("IOP088", where, "manifestet namnger ingen repository-commit: PDF:en byggdes utan "
                                    "underskriftsfält ([signing] fields) och kan inte byggas om för att jämföras.",
                                    "the manifest names no repository commit: the PDF was built without signature "
                                    "fields ([signing] fields) and cannot be built again to compare.")]
    if commit.endswith("+dirty"):
        return "", manifest, [error("IOP088", where, f"PDF:en byggdes från ändrade filer efter commit {commit[:12]}; "
                                    "den kan inte byggas om. Bygg från en ren commit innan den undertecknas.",
                                    f"the PDF was built from files changed after commit {commit[:12]}; it cannot be "
                                    "built again. Build from a clean commit before it is signed.")]
    embedded_source = files.get(str(manifest.get("source", "")))
    try:
        arguments = rebuild_arguments(project_root.resolve(), manifest)
        top, rebuilt, committed_source = early.result(arguments) if early is not None and early.arguments == \
            arguments else rebuild(*arguments)
    except IopdocError as exc:
        reason = "; ".join(d.message("sv") for d in exc.diagnostics[:3])
        reason_en = "; ".join(d.message("en") for d in exc.diagnostics[:3])
        return "", manifest, [error("IOP088", where, f"källan i commit {commit[:12]} kan inte byggas om: {reason}",
                                    f"the source at commit {commit[:12]} cannot be built again: {reason_en}")]
    findings += working_tree_findings(top, source_path, manifest, commit, where)
    same_iopdoc = manifest.get("iopdoc_version") == __version__
    if not same_iopdoc:
        findings.append(warning("IOP089", where, f"PDF:en byggdes av iopdoc {manifest.get('iopdoc_version')}, detta är "
                                f"{__version__}: byte för byte kan inte väntas; det svagare beviset gäller.",
                                f"the PDF was built by iopdoc {manifest.get('iopdoc_version')}, this is {__version__}: "
                                "byte for byte cannot be expected; the weaker proof applies."))
    holes_after = all(s.hole_start >= len(rebuilt) for s in signed.signatures)
    if same_iopdoc and first == rebuilt and holes_after:
        findings.append(info("IOP089", where, f"byggd från källan i commit {commit[:12]}, byte för byte: de första "
                             f"{len(rebuilt)} byten är exakt vad `iopdoc build` gör av {source_path} i den commiten, "
                             "och underskrifterna täcker dem.",
                             f"built from the source at commit {commit[:12]}, byte for byte: the first {len(rebuilt)} "
                             f"bytes are exactly what `iopdoc build` makes of {source_path} at that commit, and the "
                             "signatures cover them."))
        return "bytes", manifest, findings
    source_sha = hashlib.sha256(committed_source).hexdigest()
    embedded_ok = embedded_source is not None and hashlib.sha256(embedded_source).hexdigest() == source_sha \
        and manifest.get("source_sha256") == source_sha
    if embedded_ok and page_texts(first) == page_texts(rebuilt):
        findings.append(warning("IOP089", where, f"svagare bevis: filen är inte byte för byte vad källan i commit "
                                f"{commit[:12]} bygger (en underskriftstjänst kan ha skrivit om den), men den inbäddade "
                                "källans SHA-256 är commitens och varje sidas text är densamma.",
                                f"weaker proof: the file is not byte for byte what the source at commit {commit[:12]} "
                                "builds (a signing service may have rewritten it), but the embedded source's SHA-256 "
                                "is the commit's and every page's text is the same."))
        return "text", manifest, findings
    findings.append(error("IOP088", where, f"den undertecknade PDF:en är inte vad källan {source_path} i commit "
                          f"{commit[:12]} bygger: " + ("sidornas text skiljer sig." if embedded_ok else
                                                       "den inbäddade källan är inte commitens."),
                          f"the signed PDF is not what the source {source_path} at commit {commit[:12]} builds: " +
                          ("the pages' text differs." if embedded_ok else "the embedded source is not the commit's.")))
    return "", manifest, findings


def working_tree_findings(top: Path, source_path: str, manifest: dict, commit: str, where: Location):
    """An agreement is amended by a new document, not by editing the signed one's source."""
    current = top / source_path
    if current.is_file() and hashlib.sha256(current.read_bytes()).hexdigest() != manifest.get("source_sha256"):
        yield error("IOP074", where, f"källan {source_path} har ändrats efter undertecknandet (undertecknad: commit "
                    f"{commit[:12]}). En undertecknad överenskommelse ändras med ett tilläggsavtal, inte genom att "
                    "källan redigeras; återställ källan.",
                    f"the source {source_path} has changed since it was signed (signed: commit {commit[:12]}). A "
                    "signed agreement is amended by a new document (tilläggsavtal), not by editing its source; "
                    "restore the source.")


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    try:
        return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    except Exception:  # noqa: BLE001: an unreadable page is text that is not the same
        return ["\0unreadable"]


@dataclass(frozen=True)
class FilesRead:
    """The files embedded in the bytes of a signed PDF up to its first `%%EOF` (the first revision,
    the PDF as built, unless its bytes hide a `%%EOF` inside a stream)."""

    end: int
    files: dict[str, bytes]


def files_before_first_eof(data: bytes) -> FilesRead | None:
    """Read once, before pyHanko is imported: the manifest for the early rebuild, and the files the
    proof reads when pyHanko finds the first revision ending there. None when unreadable (the proof
    reads the first revision again and says why)."""
    from iopdoc.readers.extract import read_embedded_pdf

    end = re.search(rb"%%EOF[\r\n]*", data)
    if end is None:
        return None
    try:
        return FilesRead(end.end(), read_embedded_pdf(io.BytesIO(data[:end.end()]), Location("early")))
    except IopdocError:
        return None


REBUILT: dict[tuple, tuple[Path, bytes, bytes]] = {}  # a commit never changes: kept for the process
REBUILT_KEPT = 8


def rebuild_arguments(project_root: Path, manifest: dict) -> tuple:
    """What `rebuild` needs, from a manifest `prove_source` has found complete."""
    return (project_root, manifest["repository_commit"], manifest["project_path"], manifest["source_path"],
            str(manifest.get("pdf_variant", "accessible")), manifest["build_stamp"])


def rebuild(*arguments) -> tuple[Path, bytes, bytes]:
    """`build_again`, remembered for the process (a publish verifies several, the tests thousands)."""
    if arguments not in REBUILT:
        remember(arguments, build_again(*arguments))
    return REBUILT[arguments]


def remember(arguments: tuple, result: tuple[Path, bytes, bytes]) -> None:
    while len(REBUILT) >= REBUILT_KEPT:
        REBUILT.pop(next(iter(REBUILT)))
    REBUILT[arguments] = result


@dataclass
class EarlyRebuild:
    """The source built again in a second process while the signatures are checked in this one:
    the two are the slow halves of `verify`, and a machine has two cores or more."""

    process: object
    connection: object
    arguments: tuple | None = None

    @classmethod
    def fork(cls) -> "EarlyRebuild":
        """The second process: it imports what every build needs, then waits to be told what to build."""
        import multiprocessing

        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(target=rebuild_in_child, args=(theirs,), daemon=True)
        process.start()
        theirs.close()
        return cls(process, ours)

    @classmethod
    def start(cls, start: FilesRead | None, project_root: Path, child: "EarlyRebuild | None" = None
              ) -> "EarlyRebuild | None":
        """The rebuild, in `child` (or a process forked now), when the first revision's manifest
        (read without pyHanko: up to the first `%%EOF`) names a clean commit not built yet in this
        process; else None, and `child` is stopped."""
        try:
            manifest = json.loads(start.files[MANIFEST_NAME].decode("utf-8"))
            arguments = rebuild_arguments(project_root, manifest)
            if not all(isinstance(a, (str, Path)) for a in arguments) or arguments[1].endswith("+dirty"):
                arguments = None
        except Exception:  # noqa: BLE001: whatever is wrong (no manifest at all) is found and said by the proof
            arguments = None
        if arguments is None or arguments in REBUILT:
            if child is not None:
                child.stop()
            return None
        early = child or cls.fork()
        early.connection.send(arguments)
        early.arguments = arguments
        return early

    def result(self, arguments: tuple) -> tuple[Path, bytes, bytes]:
        try:
            kind, value = self.connection.recv()
        except EOFError:  # the child died: build here instead
            return rebuild(*arguments)
        if kind == "error":
            raise SourceError(value)
        remember(arguments, value)
        return value

    def stop(self) -> None:
        """The child is not needed (any more): it ends now, whether it finished or not (and a
        second call does nothing more)."""
        self.connection.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def rebuild_in_child(connection) -> None:
    prepare_build()
    try:
        arguments = connection.recv()
    except EOFError:  # no rebuild is wanted
        return
    try:
        connection.send(("ok", build_again(*arguments)))
    except IopdocError as exc:
        connection.send(("error", list(exc.diagnostics)))
    except Exception as exc:  # noqa: BLE001: said by the parent as a failed rebuild
        connection.send(("error", [error("IOP088", Location(arguments[3]), f"bygget misslyckades: {exc}.",
                                         f"the build failed: {exc}.")]))
    finally:
        connection.close()


def prepare_build() -> None:
    """What every build imports, imported before the parent knows what to build."""
    try:
        import iopdoc.pipeline.build  # noqa: F401
        from iopdoc.checks import rule_codes  # noqa: F401
        from iopdoc.writers.pdf import import_weasyprint

        import_weasyprint()
    except Exception:  # noqa: BLE001: the build meets the same problem and says it
        pass


def build_again(project_root: Path, commit: str, project_path: str, source_path: str, variant: str,
                stamp: str) -> tuple[Path, bytes, bytes]:
    """The repository's top folder, the PDF the source at `commit` builds, and the source's bytes there."""
    from iopdoc.git import git
    from iopdoc.pipeline.build import build_source
    from iopdoc.resolve.project import Project

    name = relative_name(project_root)
    top = Path(git(["rev-parse", "--show-toplevel"], project_root, name).decode().strip())
    if not re.fullmatch(r"[0-9a-f]{40}([0-9a-f]{24})?", commit):
        raise SourceError([error("IOP088", Location(name), f"`{commit}` är ingen commit.", f"`{commit}` is not a commit.")])
    with tempfile.TemporaryDirectory(prefix="iopdoc-verify-") as folder:
        clone = Path(folder) / "repository"
        git(["clone", "--quiet", "--shared", "--no-checkout", str(top), str(clone)], top, name)
        git(["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", commit], clone, name)
        root, source = (clone / project_path).resolve(), (clone / source_path).resolve()
        if not root.is_relative_to(clone.resolve()) or not source.is_relative_to(clone.resolve()) or not source.is_file():
            raise SourceError([error("IOP088", Location(name), f"commit {commit[:12]} har ingen källa {source_path}.",
                                     f"commit {commit[:12]} has no source {source_path}.")])
        from iopdoc.checks import rule_codes

        result = build_source(Project(root, rule_codes=rule_codes), source, Path(folder) / "out", ("pdf",), variant,
                              signature_fields=True, stamp=dt.datetime.fromisoformat(stamp))
        if result.failed or not result.outputs:
            raise SourceError(list(result.diagnostics) or [error("IOP088", Location(source_path), "bygget misslyckades.",
                                                                 "the build failed.")])
        return top, result.outputs[0].read_bytes(), source.read_bytes()


def verified_copy(project, document: model.Node) -> tuple[SignedCopy | None, list[Diagnostic]]:
    """The document's signed PDF when there is one and it verifies; else its findings (errors)."""
    path = signed_path(project.root, document.id)
    if not path.is_file():
        return None, []
    try:
        verification = verify_signed_pdf(path, project.root, project.config.signing.trust_roots)
    except IopdocError as exc:
        return None, list(exc.diagnostics)
    if verification.failed:
        refusal = error("IOP088", Location(relative_name(path)), "den undertecknade PDF:en publiceras inte: den "
                        "håller inte vid `iopdoc verify` (se ovan).",
                        "the signed PDF is not published: it does not pass `iopdoc verify` (see above).")
        return None, [d for d in verification.diagnostics if d.is_error] + [refusal]
    return SignedCopy(path, verification.data, verification.signers), []
