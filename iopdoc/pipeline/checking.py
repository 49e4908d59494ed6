"""Checking one source: resolved by the project, then every consistency rule run on it."""
from __future__ import annotations

from pathlib import Path

from iopdoc import model
from iopdoc.checks import CheckContext, run_checks
from iopdoc.errors import Diagnostic, SourceError, relative_name
from iopdoc.facts.indexes import series_for
from iopdoc.resolve.project import Project, Resolved
from iopdoc.checks.waivers import apply_waivers
from iopdoc.pipeline.signed import signed_copy_findings


def check_resolved(project: Project, resolved: Resolved, plain: bool = False,
                   only: frozenset[str] | None = None) -> list[Diagnostic]:
    """The rules' findings on a resolved source. Like a problem in the YAML, a link that names
    nothing usable or a prose expression that names no fact makes the source unusable
    (SourceError). The rules read facts, not prose, so they still run on a source whose prose
    fails, and their findings come with the SourceError: one run shows everything to fix."""
    if resolved.link_problems:
        raise SourceError(list(resolved.link_problems))
    source = resolved.path
    context = CheckContext(path=source, linked=resolved.linked, config=project.config,
                           known_ids=project.known_ids(source),
                           index_series=series_for(project.sources_dir, resolved.document, source), plain=plain)
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


def personal_data_findings(project: Project, source: Path) -> list[Diagnostic] | None:
    """The findings of the rules that guard what is published (REFUSED_WHEN_PUBLISHING: personnummer,
    protected addresses), run afresh: a cached result never stands in for them (batch.py). None when
    the source cannot be resolved (then it is checked in full)."""
    from iopdoc.checks.personal import REFUSED_WHEN_PUBLISHING
    from iopdoc.errors import IopdocError

    try:
        found = check_resolved(project, project.resolve(source), only=REFUSED_WHEN_PUBLISHING)
    except IopdocError:
        return None
    return [d for d in found if d.code in REFUSED_WHEN_PUBLISHING]  # not the waivers' IOP050 of a partial run
