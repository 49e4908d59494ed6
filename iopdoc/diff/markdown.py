"""The diff as Markdown for a pull-request comment on GitHub.

Insertions and deletions are `<ins>` and `<del>`, which GitHub shows underlined and struck
through: readable without colour. Source text is untrusted, so it is escaped: it can neither
break the comment's layout nor add links, images, HTML or @-mentions. A comment may hold at most
65 536 characters; a diff that would not fit is summarised, in steps, until it does.
"""
from __future__ import annotations

import html
import re
from typing import Iterable

from iopdoc.diff.changes import DocumentDiff, FactChange, SectionChange, Unit
from iopdoc.diff.words import words
from iopdoc.diff.describe import (counts, fact_units, is_short, section_line, shown, shown_units, sides, title)
from iopdoc.locale_sv import counted

GITHUB_LIMIT = 65_536
BUDGET = GITHUB_LIMIT - 1_536  # room for what a CI step adds around it
DETAIL_LEVELS = (3, 2, 1, 0)  # 3: everything; 2: no added or removed texts; 1: no word diffs; 0: lists cut
LISTED_AT_LEVEL_0 = 20
SPECIAL = re.compile(r"([\\`*_\[\]|~!#])")


def word_tally(added: int, removed: int) -> str:
    """ "1 ord tillagt, 3 borttagna": words added and removed, each in its Swedish number."""
    return f"{counted(added, 'ord tillagt', 'ord tillagda')}, {counted(removed, 'borttaget', 'borttagna')}"


def escape(text: str) -> str:
    """Source text as literal text in GitHub Markdown."""
    text = SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return text.replace("@", "@\u2060")  # a word joiner: no mention, no notification


def cell(text: str) -> str:
    return escape(" ".join(words(text)))


def unit_markdown(unit: Unit) -> str:
    marks = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    return " ".join(marks[op].format(escape(text)) for op, text in unit)


def units_markdown(units: tuple[Unit, ...]) -> str:
    return "\n\n".join("…" if unit is None else unit_markdown(unit) for unit in shown_units(units))


def details(summary: str, body: str) -> str:
    return f"<details><summary>{html.escape(summary)}</summary>\n\n{body}\n\n</details>\n"


def facts_markdown(facts: Iterable[FactChange], level: int) -> list[str]:
    facts = list(facts)
    shown_facts = facts[:LISTED_AT_LEVEL_0] if level == 0 else facts
    rows = [f"| {cell(f.label)} | {cell(shown(f.old))} | {cell(shown(f.new))} |" for f in shown_facts if is_short(f)]
    parts = ["**Fakta som ändrats**\n"]
    if rows:
        parts.append("| Faktum | Före | Efter |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n")
    for change in (f for f in shown_facts if not is_short(f)):
        units = fact_units(change)
        if level >= 1:
            parts.append(f"*{escape(change.label)}*\n\n{units_markdown(units)}\n")
        else:
            added, removed = counts(units)
            parts.append(f"- *{escape(change.label)}*: {word_tally(added, removed)}\n")
    if len(shown_facts) < len(facts):
        parts.append(f"… och {len(facts) - len(shown_facts)} fakta till.\n")
    return parts


def section_markdown(change: SectionChange, level: int) -> str:
    if not change.units or change.status == "moved":
        return ""
    if change.status in ("added", "removed") and level < 3:
        return ""
    if change.status == "facts" and level < 3:
        return ""
    if level < 2:
        return ""
    return details(section_line(change), units_markdown(change.units))


def document_markdown(diff: DocumentDiff, level: int, heading: str = "###") -> str:
    parts = [f"{heading} {escape(title(diff))}\n", f"{escape(sides(diff))}\n"]
    if diff.empty:
        parts.append("Inga ändringar i fakta eller avsnitt (bara i hur källan är skriven).\n")
        return "\n".join(parts)
    if diff.facts:
        parts.extend(facts_markdown(diff.facts, level))
    if diff.sections:
        changes = list(diff.sections)
        listed = changes[:LISTED_AT_LEVEL_0] if level == 0 else changes
        lines = []
        for change in listed:
            added, removed = counts(change.units)
            tally = f" ({word_tally(added, removed)})" if change.status in ("changed", "split", "joined", "facts") else ""
            lines.append(f"- {escape(section_line(change))}{tally}")
        if len(listed) < len(changes):
            lines.append(f"- … och {len(changes) - len(listed)} avsnitt till.")
        parts.append("**Avsnitt**\n\n" + "\n".join(lines) + "\n")
        parts.extend(text for text in (section_markdown(c, level) for c in listed) if text)
    return "\n".join(parts)


def render_markdown(diffs: list[DocumentDiff], base: str | None = None, limit: int = BUDGET) -> str:
    """All the documents' diffs as one comment, summarised as far as needed to stay within `limit`."""
    header = f"## Ändrade avtal och beslutsunderlag sedan {escape(base)}\n\n" if base else ""
    if not diffs:
        return header + "Inga källor har ändrats.\n"
    for level in DETAIL_LEVELS:
        body = "\n".join(document_markdown(diff, level) for diff in diffs)
        note = ""
        if level < DETAIL_LEVELS[0]:
            note = ("\n*Sammanfattad för att rymmas i en kommentar. Hela redline-versionen: "
                    "`make diff` skriver `build/diff/<id>.html`.*\n")
        text = header + body + note
        if len(text) <= limit:
            return text
    return text[: limit - 40].rsplit("\n", 1)[0] + "\n\n*… (avkortad)*\n"
