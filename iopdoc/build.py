"""Building documents: load → link → render → write, each output written atomically."""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import model
from .errors import BuildError, Diagnostic, IopdocError, Location, SourceError, error
from .checks import CheckContext, run_checks
from .project import Project
from .quoting import make_rule
from .provenance import MANIFEST_NAME, build_manifest, build_stamp
from .render import prose_problems, render_html

FORMATS = ("html", "pdf")


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


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` so that a reader sees the old file or the new one, never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_source(project: Project, source: Path) -> tuple[model.Node, dict[str, model.Node], list[Diagnostic]]:
    """Load a source and the documents it links to, and run every rule on it.

    Like a problem in the YAML, a prose expression that names no fact makes the
    source unusable (SourceError); rule findings are returned. The rules read
    facts, not prose, so they still run on such a source and their findings
    come with the SourceError: one run shows everything to fix.
    """
    config = project.config
    document = project.load(source)
    linked = project.linked(document, source)
    problems = prose_problems(document, linked)
    context = CheckContext(path=source, linked=linked, config=config, known_ids=project.known_ids(source))
    findings = run_checks(document, context)
    if problems:
        raise SourceError(problems + findings)
    return document, linked, findings


def build_source(project: Project, source: Path, out_dir: Path, formats: Iterable[str] = FORMATS,
                 variant: str = "accessible", site: bool = False) -> BuildResult:
    """Build one source into `out_dir/<id>.<format>`. Everything is rendered before anything is written.

    The PDF carries the source's exact bytes and a manifest (see provenance.py).
    With `site`, the HTML page links back to the index and to its PDF.
    """
    started = time.perf_counter()
    formats = tuple(formats)
    findings: list[Diagnostic] = []
    try:
        document, linked, findings = check_source(project, source)
        if document.status == "final" and any(d.is_error for d in findings):
            # A final document is what gets signed: it is not built while a check fails.
            return BuildResult(source, document, diagnostics=tuple(findings), identifier=document.id,
                               seconds=time.perf_counter() - started, failed=True)
        look = project.config.look
        rendered = render_html(document, project.templates_dir, linked, look=look)
        outputs: dict[Path, bytes] = {}
        identifier = rendered.document.id
        if "html" in formats:
            page = rendered
            if site:
                links = {"index": "index.html", "pdf": f"{identifier}.pdf"}
                page = render_html(document, project.templates_dir, linked, page_links=links, look=look)
            outputs[out_dir / f"{identifier}.html"] = page.html.encode("utf-8")
        if "pdf" in formats:
            from .pdf import EmbeddedFile, render_pdf

            source_bytes = source.read_bytes()
            embedded = (
                EmbeddedFile(source.name, source_bytes, "iopdoc-källan som dokumentet byggdes från", "Source"),
                EmbeddedFile(MANIFEST_NAME, build_manifest(source, source_bytes, project.templates_dir, variant),
                             "Byggmanifest: källans SHA-256, iopdoc- och mallversion, git-commit", "Data"),
            )
            outputs[out_dir / f"{identifier}.pdf"] = render_pdf(
                rendered, project.templates_dir, variant=variant, embedded=embedded, stamp=build_stamp(rendered.date))
    except IopdocError as exc:
        return BuildResult(source, None, diagnostics=tuple(findings) + tuple(exc.diagnostics),
                           seconds=time.perf_counter() - started, failed=True)
    try:
        for target, data in outputs.items():
            write_atomic(target, data)
    except OSError as exc:
        problem = error("IOP090", Location(str(exc.filename or out_dir)), f"kan inte skriva: {exc.strerror}.",
                        f"cannot write: {exc.strerror}.")
        raise BuildError([problem]) from None
    inputs = (source, *(project.path_for(d.id, source) for d in linked.values()))
    return BuildResult(source, document, tuple(outputs), inputs=inputs, diagnostics=tuple(findings),
                       seconds=time.perf_counter() - started, identifier=document.id)


def write_depfile(result: BuildResult, out_dir: Path) -> None:
    """A make rule saying which sources an output was built from (like a compiler's -MD)."""
    if result.identifier is None or not result.outputs:
        return
    rule = make_rule(result.outputs, result.inputs)
    write_atomic(out_dir / f"{result.identifier}.d", rule.encode("utf-8"))
