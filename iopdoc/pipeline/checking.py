"""Checking sources: each resolved by the project, then every consistency rule run on it.

`iopdoc check` imports this and nothing of the build: no render, PDF or worker processes."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from iopdoc import model
from iopdoc.checks import REFUSED_WHEN_PUBLISHING, CheckContext, run_checks
from iopdoc.errors import Diagnostic, IopdocError, SourceError, relative_name
from iopdoc.pipeline.cache import CACHE_DIR, Cache, KeyParts, check_key
from iopdoc.resolve.project import Project, Resolved
from iopdoc.checks.waivers import apply_waivers
from iopdoc.pipeline.signed import signed_copy_findings


def check_resolved(project: Project, resolved: Resolved, plain: bool = False,
                   only: frozenset[str] | None = None) -> list[Diagnostic]:
    """The rules' findings on a resolved source. Like a problem in the YAML, a link that names
    nothing usable or a prose expression that names no fact makes the source unusable
    (SourceError). The rules read facts, not prose, so they still run on a source whose prose
    fails, and their findings come with the SourceError: one run shows everything to fix."""
    if resolved.link_problems or resolved.series_problems:
        raise SourceError(list(resolved.link_problems + resolved.series_problems))
    source = resolved.path
    context = CheckContext(path=source, linked=resolved.linked, config=project.config,
                           known_ids=project.known_ids(source), index_series=resolved.index_series, plain=plain,
                           published=resolved.published, agreement_type=resolved.agreement_type,
                           schedule=resolved.agreement_schedule, resolved=True)
    findings = apply_waivers(run_checks(resolved.document, context, only), resolved.document,
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
    # The personal-data findings, apart: sealed with this checkout's own secret only (cache_seal.py).
    personal = Cache(project.root / "build" / CACHE_DIR / "personal", warn, shared=False)
    findings: list[Diagnostic] = []
    parts = KeyParts(project)  # what every key of this run shares, computed once
    for source in sources:
        key = check_key(project, source, parts) if use_cache and not plain and cacheable(source) else None
        cached = cache.findings(key) if key else None
        fresh = None
        if cached is not None:
            fresh = personal.findings(key)
            if fresh is None:
                fresh = personal_data_findings(project, source)
                if fresh is not None:
                    personal.remember_findings(key, fresh)
        if cached is not None and fresh is not None:
            # The personal-data findings never come from the check's entry: one sealed with a secret a
            # CI shares between branches could otherwise hide a personnummer (cache_seal.py).
            findings.extend(sorted([d for d in cached if d.code not in REFUSED_WHEN_PUBLISHING] + fresh,
                                   key=lambda d: (d.location, d.code)))
            continue
        try:
            found = check_source(project, source, plain=plain)[2]
        except IopdocError as exc:
            findings.extend(exc.diagnostics)  # unusable sources are not cached: they are being fixed
            continue
        findings.extend(found)
        if key:
            cache.remember_findings(key, found)
            personal.remember_findings(key, [d for d in found if d.code in REFUSED_WHEN_PUBLISHING])
    return findings


def personal_data_findings(project: Project, source: Path) -> list[Diagnostic] | None:
    """The findings of the rules that guard what is published (REFUSED_WHEN_PUBLISHING: personnummer,
    protected addresses), run afresh: a check's cached result never stands in for them (batch.py); a
    re-check keeps them in their own entry, under the same key (everything they depend on: the source's
    bytes and its links', the settings, iopdoc's code) and sealed with the checkout's own secret. None
    when the source cannot be resolved (then it is checked in full)."""
    try:
        found = check_resolved(project, project.resolve(source), only=REFUSED_WHEN_PUBLISHING)
    except IopdocError:
        return None
    return [d for d in found if d.code in REFUSED_WHEN_PUBLISHING]  # not the waivers' IOP050 of a partial run
