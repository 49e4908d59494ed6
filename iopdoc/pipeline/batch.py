"""Checking and building many sources: the cache first, then a process pool, results in source order."""
from __future__ import annotations

import functools
import os
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from iopdoc.pipeline.build import BuildResult, build_source
from iopdoc.pipeline.cache import CACHE_DIR, Cache, CachedBuild, KeyParts, build_key, signing_key
from iopdoc.pipeline.checking import cacheable, check_sources  # noqa: F401 (check_sources: for callers of batch)
from iopdoc.errors import Diagnostic, IopdocError, Location, error, relative_name
from iopdoc.checks import rule_codes
from iopdoc.resolve.project import Project


def default_jobs() -> int:
    from iopdoc.workers import available_cores

    return available_cores()


def expected_outputs(project: Project, source: Path, out_dir: Path, formats: tuple[str, ...]) -> tuple[Path, ...] | None:
    """The outputs a build of `source` writes (None when it does not load: then nothing is served)."""
    try:
        identifier = project.load(source).id
    except IopdocError:
        return None
    return tuple(out_dir / f"{identifier}.{format_}" for format_ in formats)


def cached_result(cached: CachedBuild | None, source: Path) -> BuildResult | None:
    if cached is None:
        return None
    return BuildResult(source, None, cached.outputs, cached.inputs, cached.diagnostics,
                       identifier=cached.identifier, cached=True)


@functools.lru_cache(maxsize=None)
def worker_project(root: Path) -> Project:
    """One Project per worker process, so linked documents are loaded once per worker."""
    return Project(root, rule_codes=rule_codes)


def internal_error(source: Path, problem: BaseException) -> Diagnostic:
    what = f"{type(problem).__name__}: {problem}"
    return error("IOP099", Location(relative_name(source)),
                 f"internt fel i iopdoc när källan byggdes ({what}). Rapportera det gärna med källan.",
                 f"internal error in iopdoc while building the source ({what}). Please report it with the source.")


def build_safely(project: Project, source: Path, out_dir: Path, formats: tuple[str, ...], variant: str,
                 signature_fields: bool | None = None) -> BuildResult:
    """build_source, with whatever it raises turned into a diagnostic at the source, so a batch always
    finishes and never shows a traceback: an output that cannot be written (IopdocError, whose
    diagnostics do not survive pickling), a bug, WeasyPrint failing on something."""
    try:
        return build_source(project, source, out_dir, formats, variant, signature_fields=signature_fields)
    except IopdocError as exc:
        return BuildResult(source, None, diagnostics=tuple(exc.diagnostics), failed=True)
    except Exception as exc:
        return BuildResult(source, None, diagnostics=(internal_error(source, exc),), failed=True)


def worker_crashed(args: tuple, how: str) -> BuildResult:
    """The result for a source whose worker process died while building it (see workers.py)."""
    source = args[1]
    return BuildResult(source, None, failed=True, diagnostics=(error(
        "IOP099", Location(relative_name(source)),
        f"iopdoc kraschade när källan byggdes ({how}); de andra källorna byggdes ändå. Rapportera det gärna med källan.",
        f"iopdoc crashed while building the source ({how}); the other sources were still built. Please report it with the source."),))


def build_in_worker(root: Path, source: Path, out_dir: Path, formats: tuple[str, ...], variant: str,
                    signature_fields: bool | None = None) -> BuildResult:
    result = build_safely(worker_project(root), source, out_dir, formats, variant, signature_fields)
    return replace(result, document=None)  # documents hold mapping proxies, which do not pickle


def build_sources(project: Project, sources: list[Path], out_dir: Path, formats: tuple[str, ...], variant: str,
                  jobs: int = 1, use_cache: bool = True,
                  progress: Callable[[int, int, Path], None] | None = None,
                  signature_fields: bool | None = None) -> Iterator[BuildResult]:
    """Build each source; results are yielded in the order of `sources`, whatever order workers finish in.
    A broken cache entry is a miss, and its warning (IOP092) comes with that source's result."""
    notices: dict[Path, list[Diagnostic]] = {}
    fields = project.config.signing.fields if signature_fields is None else signature_fields
    signing = signing_key(project, fields) if use_cache else ""
    parts = KeyParts(project)  # what every key of this run shares, computed once
    keys = {s: build_key(project, s, formats, variant, False, parts, signing) for s in sources if cacheable(s)} if use_cache else {}
    hits = {}
    for source in keys:
        cache = Cache(out_dir / CACHE_DIR / "build", notices.setdefault(source, []).append)
        expected = expected_outputs(project, source, out_dir, formats)
        hits[source] = cached_result(cache.built(keys[source], expected), source) if expected else None
    cache = Cache(out_dir / CACHE_DIR / "build")
    todo = [s for s in sources if hits.get(s) is None]
    if jobs > 1 and len(todo) > 1:
        # fork: workers start with iopdoc, and WeasyPrint when PDFs are wanted, already imported
        # (WeasyPrint's import is 0.8 s; paid once here instead of once in every worker).
        if "pdf" in formats:
            from iopdoc.writers.pdf import import_weasyprint  # pdf.py stays the one module that imports WeasyPrint

            import_weasyprint()
        from iopdoc.workers import map_isolated  # multiprocessing only when there are workers

        fresh = map_isolated(build_in_worker, [(project.root, s, out_dir, formats, variant, fields) for s in todo],
                             min(jobs, len(todo)), crashed=worker_crashed)
    else:
        fresh = (build_safely(project, s, out_dir, formats, variant, fields) for s in todo)
    try:
        for done, source in enumerate(sources, start=1):
            try:
                result = hits.get(source) or next(fresh)
            except Exception as exc:  # a worker died (killed, out of memory): this and what it had left
                result = BuildResult(source, None, diagnostics=(internal_error(source, exc),), failed=True)
            if source in keys and not result.cached and not result.failed:
                cache.remember_build(keys[source], result.identifier, result.inputs, result.outputs, result.diagnostics)
            if notices.get(source):
                result = replace(result, diagnostics=(*notices[source], *result.diagnostics))
            if progress is not None:
                progress(done, len(sources), source)
            yield result
    finally:
        close = getattr(fresh, "close", None)
        if close is not None:
            close()  # stops the workers if the caller stops early
