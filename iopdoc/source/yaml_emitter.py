"""ruamel.yaml's emitter, wrapping flow scalars within the line width and without trailing spaces.

ruamel breaks a long plain scalar only once a line has passed the width, and writes the space
before the break, so every wrapped line ends in a space; single-quoted scalars also overrun by a
word. Sources are reviewed as diffs, where a trailing space is noise and an overlong line is hard
to read, so here a line is broken before the word that would cross the width, at a single space
between two words: YAML folds such a break back into that one space.
"""
from __future__ import annotations

import re

from ruamel.yaml.emitter import Emitter

# Only a single space between two non-spaces may become a line break: folding turns the break
# back into exactly one space, and leading or trailing spaces of a line would be lost. A prose
# expression `{{ parties.kommunen.name }}` is kept on one line, so it can be read and searched for.
BREAK_POINT = re.compile(r"(?<=\S) (?=\S)")
EXPRESSION = re.compile(r"\{\{.*?\}\}")


def pieces(text: str) -> list[str]:
    """`text` cut at the spaces where a line may be broken."""
    kept = [(m.start(), m.end()) for m in EXPRESSION.finditer(text)]
    cuts = [m.start() for m in BREAK_POINT.finditer(text) if not any(a < m.start() < b for a, b in kept)]
    bounds = [0, *cuts, len(text)]
    return [text[bounds[0]:bounds[1]], *(text[a + 1:b] for a, b in zip(bounds[1:], bounds[2:]))]


class WrappingEmitter(Emitter):
    """Greedy wrapping of plain and single-quoted scalars: no line longer than the width unless
    one word is, and no space before a line break."""

    def _write(self, data: str) -> None:
        self.column += len(data)
        self.whitespace = False
        self.indention = False
        self.stream.write(data.encode(self.encoding) if self.encoding else data)

    def _fits(self, piece: str, closing: int = 0) -> bool:
        return self.column + 1 + len(piece) + closing <= self.best_width or self.column <= (self.indent or 0)

    def write_plain(self, text, split=True):
        if self.root_context or not split or not text or "\n" in text:
            return super().write_plain(text, split)
        first, *rest = pieces(text)
        super().write_plain(first, split=False)  # writes the space after `key:` or `-` as well
        for piece in rest:
            if self._fits(piece):
                self._write(" " + piece)
            else:
                self.write_indent()
                self._write(piece)

    def write_single_quoted(self, text, split=True):
        if self.root_context or not split or "\n" in text:
            return super().write_single_quoted(text, split)
        self.write_indicator("'", True)
        parts = pieces(text)
        for index, piece in enumerate(parts):
            escaped = piece.replace("'", "''")
            closing = 1 if index == len(parts) - 1 else 0
            if index == 0:
                self._write(escaped)
            elif self._fits(escaped, closing):
                self._write(" " + escaped)
            else:
                self.write_indent()
                self._write(escaped)
        self.write_indicator("'", False)
