"""diff: reviewing a change to an agreement in its own terms: which facts changed, which clauses.

Imports: `resolve`, `facts`, `source`, `model` and the base modules (git through `iopdoc/git.py`).

`collect_diffs` compares two sides (a file, or `REV:path` from git) or every source changed since
a revision; `markdown`, `redline` and `text` write the result for a pull request, a browser or
a printer, and a terminal.
"""
from __future__ import annotations

from pathlib import Path

from iopdoc.errors import IopdocError, Location, UsageError, error
from iopdoc.resolve.project import Project
from iopdoc.diff.changes import DocumentDiff
from iopdoc.diff.compare import compare_documents
from iopdoc.diff.revisions import Side, changed_sources, predecessor_side, read_side

__all__ = ["DocumentDiff", "collect_diffs", "render", "write_redlines"]
FORMATS = ("text", "markdown", "html")


def collect_diffs(old: str | None, new: str | None, base: str | None, project: Project,
                  cwd: Path) -> list[DocumentDiff]:
    """The diffs asked for: OLD against NEW, or every source changed between `base` and the
    working tree. Problems with any side are reported together."""
    if base is not None and (old or new):
        raise UsageError([error("IOP043", Location("--base"), "ange antingen --base REV eller OLD NEW, inte båda.",
                                "give either --base REV or OLD NEW, not both.")])
    if base is None and not (old and new):
        raise UsageError([error("IOP043", Location("diff"), "ange två källor (OLD NEW) eller --base REV.",
                                "give two sources (OLD NEW) or --base REV.")])
    if base is None:
        sides = [(read_side(old, cwd), read_side(new, cwd))]
    else:
        sides = [(change.old or predecessor_of(change.new, base, project), change.new)
                 for change in changed_sources(base, project.sources_dir)]
    diffs, problems = [], []
    for before, after in sides:
        try:
            diffs.append(compare_documents(before, after, project))
        except IopdocError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise IopdocError(problems)
    return diffs


def predecessor_of(new: Side | None, base: str, project: Project) -> Side | None:
    """For a source new since `base` that supersedes another: that one (see predecessor_side)."""
    if new is None or new.revision is not None:
        return None
    try:
        identifier = getattr(project.load(new.path), "supersedes", None)
    except IopdocError:
        return None  # the comparison reports it, with its position
    return predecessor_side(new, identifier, base) if identifier else None


def render(diffs: list[DocumentDiff], output_format: str, base: str | None, colour: bool = False) -> str:
    """The diffs in one of FORMATS (colour applies to text only)."""
    from iopdoc.diff.markdown import render_markdown
    from iopdoc.diff.redline import render_html
    from iopdoc.diff.text import render_text

    if output_format == "markdown":
        return render_markdown(diffs, base)
    if output_format == "html":
        return render_html(diffs, base)
    return render_text(diffs, colour, base)


def write_redlines(diffs: list[DocumentDiff], folder: Path) -> None:
    """Each document's HTML redline as `folder/<id>.html`."""
    from iopdoc.fileio import write_atomic
    from iopdoc.diff.redline import render_html

    for diff in diffs:
        write_atomic(folder / f"{diff.identifier}.html", render_html([diff]).encode("utf-8"))
