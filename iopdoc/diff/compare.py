"""Two versions of a document compared: each side resolved by the project, facts and sections matched."""
from __future__ import annotations

from iopdoc import model
from iopdoc.errors import SourceError
from iopdoc.source.loader import parse_source
from iopdoc.resolve.project import Project, Resolved
from iopdoc.source.schema import read_document
from iopdoc.diff.changes import DocumentDiff
from iopdoc.diff.facts import compare_facts
from iopdoc.diff.revisions import Side
from iopdoc.diff.series import compare_series, is_series
from iopdoc.diff.sections import compare_sections, section_texts


def load_side(side: Side) -> model.Node:
    """The side's document; a problem is reported at its line, naming the side as the user did."""
    return read_document(parse_source(side.text, path=side.path, name=side.name))


def resolve_side(side: Side | None, project: Project) -> Resolved | None:
    """The side resolved, its linked documents read from the same version when it is a revision
    (else from the working tree). A linked document that cannot be read leaves the expressions
    naming it as written: a diff still shows what it can rather than nothing."""
    if side is None:
        return None
    document = load_side(side)
    version = project if side.revision is None else project.at_revision(side.revision, side.cwd, side.name)
    return version.resolve(side.path, document=document)


def compare_documents(old: Side | None, new: Side | None, project: Project) -> DocumentDiff:
    """Compare two versions; either may be None (a new source, a deleted one). Problems loading
    either side are raised together."""
    if is_series(old) or is_series(new):
        return compare_series(old, new)  # an index series: its figures by year (diff/series.py)
    resolved: list[Resolved | None] = []
    problems = []
    for side in (old, new):
        try:
            resolved.append(resolve_side(side, project))
        except SourceError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise SourceError(problems)
    before, after = resolved
    shown = (after or before).document
    evaluated_before = before.evaluated if before else None
    evaluated_after = after.evaluated if after else None
    return DocumentDiff(
        identifier=shown.id, kind=shown.kind,
        old_name=old.name if old else "", new_name=new.name if new else "",
        facts=compare_facts(evaluated_before, evaluated_after),
        sections=compare_sections(section_texts(before and before.document, evaluated_before),
                                  section_texts(after and after.document, evaluated_after)),
    )
