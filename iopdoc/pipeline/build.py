"""Building documents: load → link → render → write, each output written atomically."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from iopdoc import model
from iopdoc.pipeline.checking import check_resolved, check_source  # noqa: F401 (check_source: for callers of build)
from iopdoc.errors import Diagnostic, IopdocError
from iopdoc.fileio import write_atomic
from iopdoc.formats import DEFAULT_FORMATS, DOCUMENT_FORMATS
from iopdoc.resolve.project import Project
from iopdoc.quoting import make_rule
from iopdoc.writers.provenance import MANIFEST_NAME, build_manifest, build_stamp, draft_version, signing_provenance
from iopdoc.writers.signature_fields import SignatureField

from iopdoc.pipeline.signed import SignedCopy
from iopdoc.locale_sv import format_file_size
from iopdoc.writers.html import render_html

FORMATS = DOCUMENT_FORMATS  # docx only when asked for: --format, or [build] formats in iopdoc.toml


@dataclass(frozen=True)
class BuildResult:
    """What building one source produced."""

    source: Path
    document: model.Node | None
    outputs: tuple[Path, ...] = ()
    inputs: tuple[Path, ...] = ()  # the sources it was built from: itself and the documents it links to
    diagnostics: tuple[Diagnostic, ...] = ()
    seconds: float = 0.0
    failed: bool = False
    identifier: str | None = None  # the document's id (the document itself does not cross processes)
    cached: bool = False  # served from the cache, nothing rendered


def build_source(project: Project, source: Path, out_dir: Path, formats: Iterable[str] = DEFAULT_FORMATS,
                 variant: str = "accessible", site: bool = False, public: bool = False,
                 signature_fields: bool | None = None, stamp: dt.datetime | None = None,
                 signed: SignedCopy | None = None) -> BuildResult:
    """Build one source into `out_dir/<id>.<format>`. Everything is rendered before anything is written.

    The PDF carries the source's exact bytes and a manifest (see provenance.py).
    With `site`, the HTML page links back to the index and to its PDF. With `public`, the public
    version is built (public.py): internal content replaced by a note, and the PDF carries the
    public source instead. With `signature_fields` (None: as `[signing] fields` says) an agreement's
    PDF has an empty signature field per signatory and a manifest naming everything its bytes depend
    on (provenance.signing_provenance). `stamp`: the date the build claims, when not its own
    (`iopdoc verify` building a signed PDF again). `signed` (publishing): the verified signed PDF
    takes the built one's place, and the page says who signed when.
    """
    started = time.perf_counter()
    formats = tuple(formats)
    findings: list[Diagnostic] = []
    try:
        resolved = project.resolve(source)
        document, linked = resolved.document, resolved.linked
        findings = check_resolved(project, resolved)
        if document.status == "final" and any(d.is_error for d in findings):
            # A final document is what gets signed: it is not built while a check fails.
            return BuildResult(source, document, diagnostics=tuple(findings), identifier=document.id,
                               seconds=time.perf_counter() - started, failed=True)
        source_bytes = source.read_bytes()
        evaluated = resolved.evaluated
        if public:
            from iopdoc.facts.public import internal_paths, public_document, public_source

            if internal_paths(document):  # else the source is published as it is, byte for byte
                source_bytes = public_source(source_bytes.decode("utf-8"), document)
            document = public_document(document)
            linked = {name: public_document(other) for name, other in linked.items()}
            evaluated = None  # the prose is evaluated again, with the internal facts withheld
        look = project.config.look
        kind = resolved.agreement_type
        version = draft_version(source, project.commit_of(source)) if document.status == "draft" else None
        # For a `schedule` section; the public version's is the same, as only texts can be internal (IOP805).
        schedule = resolved.schedule
        rendered = render_html(document, project.templates_dir, linked, look=look, agreement_type=kind,
                               evaluated=evaluated, version=version, schedule=schedule)
        outputs: dict[Path, bytes] = {}
        identifier = rendered.document.id
        stamp = stamp or build_stamp(rendered.date)
        fields = signature_fields_of(document) if "pdf" in formats and not public and (
            project.config.signing.fields if signature_fields is None else signature_fields) else ()
        signing = signing_provenance(source, project.root, stamp) if fields else None
        manifest = build_manifest(source, source_bytes, project.templates_dir, variant, project.commit_of(source),
                                  signing)
        if "pdf" in formats:
            from iopdoc.writers.pdf import EmbeddedFile, render_pdf

            embedded = (
                EmbeddedFile(source.name, source_bytes, "iopdoc-källan som dokumentet byggdes från", "Source"),
                EmbeddedFile(MANIFEST_NAME, manifest,
                             "Byggmanifest: källans SHA-256, iopdoc- och mallversion, git-commit", "Data"),
            )
            outputs[out_dir / f"{identifier}.pdf"] = render_pdf(
                rendered, project.templates_dir, variant=variant, embedded=embedded, stamp=stamp,
                signature_fields=fields)
        if "docx" in formats:
            from iopdoc.writers.docx import render_docx

            outputs[out_dir / f"{identifier}.docx"] = render_docx(
                rendered, look, source_bytes=source_bytes, manifest=manifest, stamp=stamp)
        if "html" in formats:
            page = rendered
            if site:  # after the PDF, so the link to it can say its size
                note = signed.note() if signed is not None else ""
                if signed is not None and "pdf" in formats:
                    if source_bytes == source.read_bytes():  # the public version withholds nothing
                        outputs[out_dir / f"{identifier}.pdf"] = signed.data
                    else:  # the signed PDF has the internal facts: the public version is published
                        note += " (den undertecknade PDF:en har interna uppgifter och publiceras inte här)"
                pdf = outputs.get(out_dir / f"{identifier}.pdf")
                links = {"index": "index.html", "pdf": f"{identifier}.pdf",
                         "pdf_size": format_file_size(len(pdf)) if pdf is not None else "", "signed": note}
                page = render_html(document, project.templates_dir, linked, page_links=links, look=look,
                                   agreement_type=kind, evaluated=evaluated, version=version, schedule=schedule)
            outputs[out_dir / f"{identifier}.html"] = page.html.encode("utf-8")
    except IopdocError as exc:
        return BuildResult(source, None, diagnostics=tuple(findings) + tuple(exc.diagnostics),
                           seconds=time.perf_counter() - started, failed=True)
    for target, data in outputs.items():
        write_atomic(target, data)  # WriteError (IOP090) when it cannot
    inputs = (source, *resolved.linked_paths.values())
    return BuildResult(source, document, tuple(outputs), inputs=inputs, diagnostics=tuple(findings),
                       seconds=time.perf_counter() - started, identifier=document.id)


def signature_fields_of(document: model.Node) -> tuple[SignatureField, ...]:
    """One field per signatory of an agreement, named after the party's handle; none for a memo
    (its officials sign the memo on paper or in the case system, not in the PDF)."""
    signatures = getattr(document, "signatures", None) if document.kind == "agreement" else None
    if signatures is None:
        return ()
    fields = []
    for handle, signatory in signatures.signatories.items():
        party = document.party(handle)
        who = ", ".join(part for part in (signatory.name, signatory.role, party.name if party else None) if part)
        fields.append(SignatureField(handle, f"Underskrift för {who}"))
    return tuple(fields)


def write_depfile(result: BuildResult, out_dir: Path) -> None:
    """A make rule saying which sources an output was built from (like a compiler's -MD)."""
    if result.identifier is None or not result.outputs:
        return
    rule = make_rule(result.outputs, result.inputs)
    write_atomic(out_dir / f"{result.identifier}.d", rule.encode("utf-8"))
