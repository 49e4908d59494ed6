"""Checking one source: resolved by the project, then every consistency rule run on it."""
from __future__ import annotations

from pathlib import Path

from . import model
from .checks import CheckContext, run_checks
from .errors import Diagnostic, SourceError, relative_name
from .indexes import series_for
from .project import Project, Resolved
from .waivers import apply_waivers


def check_resolved(project: Project, resolved: Resolved) -> list[Diagnostic]:
    """The rules' findings on a resolved source. Like a problem in the YAML, a link that names
    nothing usable or a prose expression that names no fact makes the source unusable
    (SourceError). The rules read facts, not prose, so they still run on a source whose prose
    fails, and their findings come with the SourceError: one run shows everything to fix."""
    if resolved.link_problems:
        raise SourceError(list(resolved.link_problems))
    source = resolved.path
    context = CheckContext(path=source, linked=resolved.linked, config=project.config,
                           known_ids=project.known_ids(source),
                           index_series=series_for(project.sources_dir, resolved.document, source))
    findings = apply_waivers(run_checks(resolved.document, context), resolved.document,
                             source.read_text(encoding="utf-8"), resolved.document.at().file or relative_name(source))
    if resolved.prose_problems:
        raise SourceError(list(resolved.prose_problems) + findings)
    return findings


def check_source(project: Project, source: Path) -> tuple[model.Node, dict[str, model.Node], list[Diagnostic]]:
    """Load a source and the documents it links to, and run every rule on it (see check_resolved)."""
    resolved = project.resolve(source)
    return resolved.document, dict(resolved.linked), check_resolved(project, resolved)
