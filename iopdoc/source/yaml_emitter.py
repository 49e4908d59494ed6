"""ruamel.yaml's emitter, wrapping flow scalars within the line width and without trailing spaces.

ruamel breaks a long plain scalar only once a line has passed the width, and writes the space
before the break, so every wrapped line ends in a space; single-quoted scalars also overrun by a
word. Sources are reviewed as diffs, where a trailing space is noise and an overlong line is hard
to read, so here a line is broken before the word that would cross the width, at a single space
between two words: YAML folds such a break back into that one space.
"""
from __future__ import annotations

import re

from ruamel.yaml.emitter import Emitter, ScalarAnalysis

# Only a single space between two non-spaces may become a line break: folding turns the break
# back into exactly one space, and leading or trailing spaces of a line would be lost. A prose
# expression `{{ parties.kommunen.name }}` is kept on one line, so it can be read and searched for.
BREAK_POINT = re.compile(r"(?<=\S) (?=\S)")
EXPRESSION = re.compile(r"\{\{.*?\}\}")


# What ruamel's analyze_scalar and write_literal look for, one character at a time in Python (most
# of the time of writing a source whose prose is long), found here by regular expressions.
WHITESPACE = "\0 \t\r\n\x85\u2028\u2029"
BREAKS = "\n\x85\u2028\u2029"
INNER_FLOW_INDICATOR = re.compile(r"[,\[\]{}]")
COLON_BEFORE_SPACE = re.compile(f":(?:[{WHITESPACE}]|\\Z)")
HASH_AFTER_SPACE = re.compile(f"[{WHITESPACE}]#")
LINE_BREAK = re.compile(f"[{BREAKS}]")
BREAK_SPACE = re.compile(f"[{BREAKS}] ")
SPACE_BREAK = re.compile(f" [{BREAKS}]")
ASCII_SPECIAL = re.compile("[^\n\x20-\x7e]")
# The characters ruamel counts as special when unicode is allowed: all but \n, printable ASCII,
# \x85, \xa0-\ud7ff, \ue000-\ufffd without \ufeff, and the supplementary planes. Written as
# the few it includes: the negated class of those ranges takes 20 ms to compile.
UNICODE_SPECIAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
LITERAL_RUN = re.compile("\n+|[^\n]+")


def pieces(text: str) -> list[str]:
    """`text` cut at the spaces where a line may be broken."""
    kept = [(m.start(), m.end()) for m in EXPRESSION.finditer(text)]
    cuts = [m.start() for m in BREAK_POINT.finditer(text) if not any(a < m.start() < b for a, b in kept)]
    bounds = [0, *cuts, len(text)]
    return [text[bounds[0]:bounds[1]], *(text[a + 1:b] for a, b in zip(bounds[1:], bounds[2:]))]


class FastEmitter(Emitter):
    """ruamel's emitter, writing the same text, with its two loops over every character of a
    scalar (analyze_scalar, write_literal) done by regular expressions."""

    def analyze_scalar(self, scalar):
        """ruamel's analysis of a scalar (which styles can hold it), the same flags computed with
        regular expressions instead of a loop over its characters."""
        if not scalar or not self.unicode_supplementary:
            return super().analyze_scalar(scalar)
        version_11 = self.serializer.use_version == (1, 1)
        # Indicators.
        block_indicators = flow_indicators = scalar.startswith("---") or scalar.startswith("...")
        first = scalar[0]
        followed_by_whitespace = len(scalar) == 1 or scalar[1] in WHITESPACE
        if first in "#,[]{}&*!|>'\"%@`":
            flow_indicators = block_indicators = True
        if first in "?:":
            if version_11 or len(scalar) == 1:
                flow_indicators = True
            if followed_by_whitespace:
                block_indicators = True
        if first == "-" and followed_by_whitespace:
            flow_indicators = block_indicators = True
        if INNER_FLOW_INDICATOR.search(scalar, 1) or (version_11 and "?" in scalar[1:]):
            flow_indicators = True
        if COLON_BEFORE_SPACE.search(scalar, 1) or HASH_AFTER_SPACE.search(scalar):
            flow_indicators = block_indicators = True
        # Line breaks and special characters.
        line_breaks = LINE_BREAK.search(scalar) is not None
        special_characters = (UNICODE_SPECIAL if self.allow_unicode else ASCII_SPECIAL).search(scalar) is not None
        # Whitespace.
        leading_space, trailing_space = first == " ", scalar[-1] == " "
        leading_break, trailing_break = first in BREAKS, scalar[-1] in BREAKS
        break_space = BREAK_SPACE.search(scalar) is not None
        space_break = SPACE_BREAK.search(scalar) is not None
        # The styles, decided as ruamel decides them.
        allow_flow_plain = allow_block_plain = allow_single_quoted = allow_double_quoted = allow_block = True
        if leading_space or leading_break or trailing_space or trailing_break:
            allow_flow_plain = allow_block_plain = False
        if trailing_space:
            allow_block = False
        if break_space:
            allow_flow_plain = allow_block_plain = allow_single_quoted = False
        if special_characters:
            allow_flow_plain = allow_block_plain = allow_single_quoted = allow_block = False
        elif space_break:
            allow_flow_plain = allow_block_plain = allow_single_quoted = False
            if not self.allow_space_break:
                allow_block = False
        if line_breaks:
            allow_flow_plain = allow_block_plain = False
        if flow_indicators:
            allow_flow_plain = False
        if block_indicators:
            allow_block_plain = False
        return ScalarAnalysis(scalar=scalar, empty=False, multiline=line_breaks, allow_flow_plain=allow_flow_plain,
                              allow_block_plain=allow_block_plain, allow_single_quoted=allow_single_quoted,
                              allow_double_quoted=allow_double_quoted, allow_block=allow_block)

    def write_literal(self, text, comment=None):
        """ruamel's `|` block writer, a run of lines at a time rather than a character."""
        if self.root_context or self.encoding or re.search("[\x85\u2028\u2029]", text):
            return super().write_literal(text, comment)
        hints, _indent, indicator = self.determine_block_hints(text)
        self.write_indicator("|" + hints + (comment if isinstance(comment, str) else ""), True)
        if indicator == "+":
            self.open_ended = True
        self.write_line_break()
        for run in LITERAL_RUN.findall(text):
            if run[0] == "\n":
                for _ in run:
                    self.write_line_break()
            else:
                self.write_indent()
                self.stream.write(run)
        if text and text[-1] != "\n":
            self.write_line_break()



class WrappingEmitter(FastEmitter):
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
