"""The readability summary `iopdoc check --plain` prints and `iopdoc serve` shows: LIX per section."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Mapping

from iopdoc import model
from iopdoc.checks.plain import document_readability, section_readability
from iopdoc.errors import IopdocError, relative_name
from iopdoc.prose.plain import band
from iopdoc.resolve.project import Project


def readability_rows(document: model.Node, linked: Mapping[str, model.Node], lang: str) -> list[tuple[str, str]]:
    """(section title, "LIX 42 (medelsvår)") for each published section with text, then the whole document."""
    def shown(lix: float | None) -> str:
        if lix is None:
            return "–"
        sv, en = band(lix)
        return f"LIX {round(lix)} ({en if lang == 'en' else sv})"

    sections = section_readability(document, linked)
    rows = [(s.title, shown(s.measure.lix)) for s in sections]
    rows.append(("Whole document" if lang == "en" else "Hela dokumentet", shown(document_readability(sections).lix)))
    return rows


def summary_lines(project: Project, sources: list[Path], lang: str) -> Iterator[str]:
    """Each source's LIX per section, for the terminal; a source that does not load is skipped
    (its problems are reported with the findings)."""
    for source in sources:
        try:
            document = project.load(source)
            linked = project.linked(document, source)
        except IopdocError:
            continue
        yield f"{relative_name(source)}:"
        rows = readability_rows(document, linked, lang)
        width = max(len(title) for title, _ in rows)
        for title, lix in rows:
            yield f"  {title:<{width}}  {lix}"
