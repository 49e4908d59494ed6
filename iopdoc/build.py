"""Building documents: load → link → render → write, each output written atomically."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import model
from .checking import check_resolved, check_source  # noqa: F401 (check_source: for callers of build)
from .errors import Diagnostic, IopdocError
from .fileio import write_atomic
from .config import DEFAULT_FORMATS, OUTPUT_FORMATS
from .project import Project
from .quoting import make_rule
from .provenance import MANIFEST_NAME, build_manifest, build_stamp, draft_version
from .render import render_html
from .timeline import schedule_for_document

FORMATS = OUTPUT_FORMATS  # docx only when asked for: --format, or [build] formats in iopdoc.toml


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
                 variant: str = "accessible", site: bool = False) -> BuildResult:
    """Build one source into `out_dir/<id>.<format>`. Everything is rendered before anything is written.

    The PDF carries the source's exact bytes and a manifest (see provenance.py).
    With `site`, the HTML page links back to the index and to its PDF.
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
        look = project.config.look
        kind = project.config.type_of(document)
        version = draft_version(source, project.commit_of(source)) if document.status == "draft" else None
        schedule = schedule_for_document(project, document, linked, source)  # for a `schedule` section
        rendered = render_html(document, project.templates_dir, linked, look=look, agreement_type=kind,
                               evaluated=resolved.evaluated, version=version, schedule=schedule)
        outputs: dict[Path, bytes] = {}
        identifier = rendered.document.id
        if "html" in formats:
            page = rendered
            if site:
                links = {"index": "index.html", "pdf": f"{identifier}.pdf"}
                page = render_html(document, project.templates_dir, linked, page_links=links, look=look,
                                   agreement_type=kind, evaluated=resolved.evaluated, version=version,
                                   schedule=schedule)
            outputs[out_dir / f"{identifier}.html"] = page.html.encode("utf-8")
        source_bytes = source.read_bytes()
        manifest = build_manifest(source, source_bytes, project.templates_dir, variant, project.commit_of(source))
        if "pdf" in formats:
            from .pdf import EmbeddedFile, render_pdf

            embedded = (
                EmbeddedFile(source.name, source_bytes, "iopdoc-källan som dokumentet byggdes från", "Source"),
                EmbeddedFile(MANIFEST_NAME, manifest,
                             "Byggmanifest: källans SHA-256, iopdoc- och mallversion, git-commit", "Data"),
            )
            outputs[out_dir / f"{identifier}.pdf"] = render_pdf(
                rendered, project.templates_dir, variant=variant, embedded=embedded, stamp=build_stamp(rendered.date))
        if "docx" in formats:
            from .docx_writer import render_docx

            outputs[out_dir / f"{identifier}.docx"] = render_docx(
                rendered, look, source_bytes=source_bytes, manifest=manifest, stamp=build_stamp(rendered.date))
    except IopdocError as exc:
        return BuildResult(source, None, diagnostics=tuple(findings) + tuple(exc.diagnostics),
                           seconds=time.perf_counter() - started, failed=True)
    for target, data in outputs.items():
        write_atomic(target, data)  # WriteError (IOP090) when it cannot
    inputs = (source, *resolved.linked_paths.values())
    return BuildResult(source, document, tuple(outputs), inputs=inputs, diagnostics=tuple(findings),
                       seconds=time.perf_counter() - started, identifier=document.id)


def write_depfile(result: BuildResult, out_dir: Path) -> None:
    """A make rule saying which sources an output was built from (like a compiler's -MD)."""
    if result.identifier is None or not result.outputs:
        return
    rule = make_rule(result.outputs, result.inputs)
    write_atomic(out_dir / f"{result.identifier}.d", rule.encode("utf-8"))
