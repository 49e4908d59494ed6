"""The diff as plain text for a terminal: `[-removed-]{+added+}` as `git diff --word-diff` writes
it, so it reads without colour; red and green are added only when asked (on a terminal)."""
from __future__ import annotations

import re
import textwrap

from iopdoc.diff.changes import DocumentDiff, Unit
from iopdoc.diff.describe import fact_units, is_short, section_line, shown, shown_units, sides, title

RED, GREEN, BOLD, RESET = "\033[31m", "\033[32m", "\033[1m", "\033[0m"
WIDTH = 100
MARK = re.compile(r"(\[-|-\]|\{\+|\+\})")


class TextWriter:
    def __init__(self, colour: bool):
        self.colour = colour
        self.lines: list[str] = []

    def paint(self, text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if self.colour else text

    def heading(self, text: str) -> None:
        self.lines += ["", self.paint(text, BOLD)]

    @staticmethod
    def unit(unit: Unit) -> str:
        marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
        return " ".join(marks[op].format(text) for op, text in unit)

    def coloured(self, lines: list[str]) -> list[str]:
        """Colour the marked runs of wrapped lines; a run may go on over a line break."""
        if not self.colour:
            return lines
        out, open_code = [], ""
        for line in lines:
            painted = open_code
            for piece in MARK.split(line):
                if piece in ("[-", "{+"):
                    open_code = RED if piece == "[-" else GREEN
                    painted += open_code + piece
                elif piece in ("-]", "+}"):
                    painted += piece + RESET
                    open_code = ""
                else:
                    painted += piece
            out.append(painted + (RESET if open_code else ""))
        return out

    def units(self, units: tuple[Unit, ...], indent: str = "  ") -> None:
        for unit in shown_units(units, context=0):
            text = "…" if unit is None else self.unit(unit)
            self.lines += self.coloured(textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent,
                                                      break_long_words=False, break_on_hyphens=False) or [indent])

    def document(self, diff: DocumentDiff) -> None:
        self.lines += [self.paint(f"{title(diff)} ({sides(diff)})", BOLD)]
        if diff.empty:
            self.lines.append("  Inga ändringar i fakta eller avsnitt (bara i hur källan är skriven).")
        if diff.facts:
            self.heading("Fakta som ändrats")
            for change in diff.facts:
                if is_short(change):
                    old, new = self.paint(shown(change.old), RED), self.paint(shown(change.new), GREEN)
                    self.lines.append(f"  {change.label}: {old} → {new}")
                else:
                    self.lines.append(f"  {change.label}:")
                    self.units(fact_units(change), indent="    ")
        if diff.sections:
            self.heading("Avsnitt")
            self.lines += [f"  {section_line(change)}" for change in diff.sections]
            for change in diff.sections:
                if change.status != "moved":
                    self.heading(section_line(change))
                    self.units(change.units)
        self.lines.append("")


def render_text(diffs: list[DocumentDiff], colour: bool = False, base: str | None = None) -> str:
    writer = TextWriter(colour)
    if not diffs:
        return f"Inga källor har ändrats sedan {base}.\n" if base else "Inga ändringar.\n"
    for diff in diffs:
        writer.document(diff)
    return "\n".join(writer.lines).rstrip("\n") + "\n"
