"""Plain-Swedish findings: LIX over the project's limit, long sentences, officialese.

Informational by default (`[plain] severity` in iopdoc.toml), shown by `iopdoc check --plain` and
never by a plain `iopdoc check`, so `make check` does not fail on them. The measures live in
prose/plain.py; these rules only say where, and the summary at the end of this module says LIX per
section for `iopdoc check --plain` and `iopdoc serve`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from iopdoc import model
from iopdoc.errors import IopdocError, Location, Severity, relative_name
from iopdoc.prose.plain import (NOTHING, Readability, band, officialese_in, officialese_list, readability, sentences)
from iopdoc.facts.public import is_internal
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.markup import prose_at
from iopdoc.prose.published import evaluate, prose_context
from iopdoc.names import section_kind_name
from iopdoc.resolve.project import Project


@dataclass(frozen=True)
class SectionReadability:
    """A section's LIX as the reader gets its text (facts filled in)."""

    title: str
    location: Location
    measure: Readability


def section_readability(document: model.Node, linked: Mapping[str, model.Node]) -> list[SectionReadability]:
    """LIX of each published section with text, in order (internal sections are not published)."""
    context = prose_context(document, linked)
    found = []
    for index, section in enumerate(document.sections):
        if is_internal(document, f"sections[{index}]") or not section.body.strip():
            continue
        text = evaluate(prose_at(section, "body", section.body), context, f"sections[{index}].body")
        title = section.heading or section_kind_name(section.kind)
        found.append(SectionReadability(title, section.at("body"), readability(text.text)))
    return found


def document_readability(sections: list[SectionReadability]) -> Readability:
    total = NOTHING
    for section in sections:
        total = total + section.measure
    return total


def over_limit(measure: Readability, limit: int) -> bool:
    """Compared as shown (a whole number), so "LIX 50" is never reported as over a limit of 50."""
    return measure.lix is not None and round(measure.lix) > limit


def lix_text(measure: Readability) -> tuple[str, str]:
    lix = measure.lix
    sv, en = band(lix)
    return f"LIX {round(lix)} ({sv})", f"LIX {round(lix)} ({en})"


@rule("IOP701", Severity.INFO, "Läsbarhet (LIX) inom gränsen", "Readability (LIX) within the limit",
      kinds=("agreement", "memo"), group="plain")
def lix_within_limit(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """LIX (läsbarhetsindex: words per sentence + the share of words longer than six letters, in
    per cent) of each section and of the whole document, against `[plain] lix_limit` (default 50:
    above it a text is hard; under 30 very easy, 30–40 easy, 40–50 medium, 50–60 hard, over 60 very
    hard). `iopdoc check --plain` also prints every section's LIX."""
    settings = context.config.plain
    measured = section_readability(document, context.linked)
    for section in measured:
        if over_limit(section.measure, settings.lix_limit):
            sv, en = lix_text(section.measure)
            yield Finding(section.location,
                          f"avsnittet {section.title}: {sv}, över gränsen {settings.lix_limit}. Skriv kortare meningar "
                          "och enklare ord.",
                          f"the section {section.title}: {en}, above the limit of {settings.lix_limit}. Write shorter "
                          "sentences and simpler words.", settings.severity)
    whole = document_readability(measured)
    if over_limit(whole, settings.lix_limit):
        sv, en = lix_text(whole)
        yield Finding(document.at("sections"), f"dokumentet som helhet: {sv}, över gränsen {settings.lix_limit}.",
                      f"the document as a whole: {en}, above the limit of {settings.lix_limit}.", settings.severity)


@rule("IOP702", Severity.INFO, "Meningar är inte för långa", "Sentences are not too long",
      kinds=("agreement", "memo"), group="plain")
def sentences_not_too_long(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """A sentence of more than `[plain] sentence_words` words (default 35) in any published text,
    reported at the line it starts on with its number of words."""
    settings = context.config.plain
    for text in context.published:
        for sentence in sentences(text.text):
            if sentence.words > settings.sentence_words:
                yield Finding(text.location_of(sentence.start),
                              f"meningen har {sentence.words} ord (gränsen är {settings.sentence_words}). Dela upp den.",
                              f"the sentence has {sentence.words} words (the limit is {settings.sentence_words}). "
                              "Split it.", settings.severity)


@rule("IOP703", Severity.INFO, "Inga kanslispråkliga ord", "No officialese",
      kinds=("agreement", "memo"), group="plain")
def no_officialese(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """A word from the small list of officialese in plain.py (each entry with its source: Svarta
    listan, Statsrådsberedningen PM 2011:1; Myndigheternas skrivregler, Ds 2009:38), with the plain
    word to use instead. `[plain] officialese_ignore` drops entries, `officialese_extra` adds the
    project's own."""
    settings = context.config.plain
    entries = officialese_list(settings.officialese_ignore, dict(settings.officialese_extra))
    for text in context.published:
        for offset, written, entry in officialese_in(text.text, entries):
            yield Finding(text.location_of(offset),
                          f"`{written}` är kanslisvenska; skriv hellre {entry.plain} (källa: {entry.source}).",
                          f"`{written}` is officialese; write \"{entry.plain}\" instead (source: {entry.source}).",
                          settings.severity)


# --- the readability summary (`iopdoc check --plain`, `iopdoc serve`) ------------------------------
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
