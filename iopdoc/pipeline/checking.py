"""Checking sources: each resolved by the project, then every consistency rule run on it.

`iopdoc check` imports this and nothing of the build: no render, PDF or worker processes."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from iopdoc import model
from iopdoc.checks import CheckContext, run_checks
from iopdoc.errors import Diagnostic, IopdocError, SourceError, relative_name
from iopdoc.pipeline.cache import CACHE_DIR, Cache, KeyParts, check_key
from iopdoc.resolve.project import Project, Resolved
from iopdoc.checks.waivers import apply_waivers
from iopdoc.pipeline.signed import signed_copy_findings


def check_resolved(project: Project, resolved: Resolved, plain: bool = False) -> list[Diagnostic]:
    """The rules' findings on a resolved source. Like a problem in the YAML, a link that names
    nothing usable or a prose expression that names no fact makes the source unusable
    (SourceError). The rules read facts, not prose, so they still run on a source whose prose
    fails, and their findings come with the SourceError: one run shows everything to fix."""
    if resolved.link_problems or resolved.series_problems:
        raise SourceError(list(resolved.link_problems + resolved.series_problems))
    source = resolved.path
    context = CheckContext(path=source, linked=resolved.linked, config=project.config,
                           known_ids=project.known_ids(source), index_series=resolved.index_series, plain=plain,
                           published=resolved.published)
    findings = apply_waivers(run_checks(resolved.document, context), resolved.document,
                             source.read_text(encoding="utf-8"), resolved.document.at().file or relative_name(source))
    # Never waived: a signed agreement is amended by a new document, not by editing its source.
    findings += signed_copy_findings(project.root, resolved.document, source)
    if resolved.prose_problems:
        raise SourceError(list(resolved.prose_problems) + findings)
    return findings


def check_source(project: Project, source: Path, plain: bool = False) -> tuple[model.Node, dict[str, model.Node], list[Diagnostic]]:
    """Load a source and the documents it links to, and run every rule on it (see check_resolved);
    with `plain`, the plain-Swedish rules too."""
    resolved = project.resolve(source)
    return resolved.document, dict(resolved.linked), check_resolved(project, resolved, plain)


def cacheable(source: Path) -> bool:
    """Only a regular file has a cache entry: a symlink, a FIFO or a loop goes straight to the loader,
    which refuses it with a diagnostic (hashing it first would follow it, or hang)."""
    return not source.is_symlink() and source.is_file()


def check_sources(project: Project, sources: Iterable[Path], use_cache: bool = True,
                  warn: Callable[[Diagnostic], None] | None = None, plain: bool = False) -> list[Diagnostic]:
    """Findings for each source, in order; an unchanged source's findings come from the cache.
    `warn` hears of a broken cache entry (which is then a miss). With `plain`, the plain-Swedish
    rules too (not cached: they are asked for while writing)."""
    cache = Cache(project.root / "build" / CACHE_DIR / "check", warn)
    findings: list[Diagnostic] = []
    parts = KeyParts(project)  # what every key of this run shares, computed once
    for source in sources:
        key = check_key(project, source, parts) if use_cache and not plain and cacheable(source) else None
        cached = cache.findings(key) if key else None
        if cached is not None:
            findings.extend(cached)
            continue
        try:
            found = check_source(project, source, plain=plain)[2]
        except IopdocError as exc:
            findings.extend(exc.diagnostics)  # unusable sources are not cached: they are being fixed
            continue
        findings.extend(found)
        if key:
            cache.remember_findings(key, found)
    return findings
