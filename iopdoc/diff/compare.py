"""Two versions of a document compared: each side loaded, its prose evaluated, facts and sections matched."""
from __future__ import annotations

from typing import Any

from .. import model
from ..errors import IopdocError, SourceError
from ..loader import parse_source
from ..project import LINKS, Project
from ..render import prose_context
from ..schema import read_document
from .changes import DocumentDiff
from .facts import compare_facts
from .revisions import Side
from .sections import compare_sections, section_texts


def load_side(side: Side) -> model.Node:
    """The side's document; a problem is reported at its line, naming the side as the user did."""
    return read_document(parse_source(side.text, path=side.path, name=side.name))


def linked_documents(document: model.Node, side: Side, project: Project) -> dict[str, model.Node]:
    """The documents `document` links to, from the same version when it is a revision, else from
    the working tree. One that cannot be read leaves its expressions as written: a diff still
    shows what it can rather than nothing."""
    linked: dict[str, model.Node] = {}
    for link in LINKS:
        identifier = getattr(document, link.key, None)
        if identifier is None:
            continue
        file_name = f"{identifier}.yaml"
        try:
            text = side.sibling(file_name)
            if text is not None:
                path = side.path.parent / file_name
                linked[link.name] = read_document(parse_source(text, path=path, name=f"{side.name}→{file_name}"))
            elif (path := project.path_for(identifier, side.path)) is not None:
                linked[link.name] = project.load(path)
        except (IopdocError, OSError, UnicodeDecodeError):
            continue
    return linked


def context_for(document: model.Node | None, side: Side | None, project: Project) -> dict[str, Any]:
    if document is None or side is None:
        return {}
    return prose_context(document, linked_documents(document, side, project))


def compare_documents(old: Side | None, new: Side | None, project: Project) -> DocumentDiff:
    """Compare two versions; either may be None (a new source, a deleted one). Problems loading
    either side are raised together."""
    documents: list[model.Node | None] = []
    problems = []
    for side in (old, new):
        try:
            documents.append(load_side(side) if side is not None else None)
        except SourceError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise SourceError(problems)
    before, after = documents
    old_context, new_context = context_for(before, old, project), context_for(after, new, project)
    shown = after or before
    return DocumentDiff(
        identifier=shown.id, kind=shown.kind,
        old_name=old.name if old else "", new_name=new.name if new else "",
        facts=compare_facts(before, after, old_context, new_context),
        sections=compare_sections(section_texts(before, old_context), section_texts(after, new_context)),
    )

