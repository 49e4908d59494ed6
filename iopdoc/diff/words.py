"""Word-level differences between two pieces of prose, paragraph by paragraph.

Prose is cut into units (paragraphs, list items, headings), the units are aligned, and within
a pair of units that resemble each other the words are compared. Whitespace and line breaks
inside a unit are not differences: a rewrapped paragraph says the same.
"""
from __future__ import annotations

import difflib
import re

from iopdoc.diff.changes import Token, Unit

UNIT_START = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#{1,6})\s")  # a list item or a heading starts a unit
HEADING = re.compile(r"^\s*#{1,6}\s")
QUOTE = re.compile(r"^\s*>\s?")  # a quotation's marker, on each of its lines
ALIKE = 0.4  # units sharing less than this share of their words are shown as removed and added
# Words are split at spaces and line breaks, not at the no-break spaces inside `1 571 605 kr`:
# an amount is one word, changed as a whole.
SPACE = re.compile(r"[ \t\r\n]+")


def words(text: str) -> list[str]:
    return [word for word in SPACE.split(text) if word]


def units_of(text: str) -> list[str]:
    """Paragraphs, list items and headings, each with its whitespace made single spaces."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        current: list[str] = []
        for line in block.splitlines():
            if UNIT_START.match(line) and current:
                found.append(" ".join(current))
                current = []
            if current and QUOTE.match(current[0]) and QUOTE.match(line):
                line = QUOTE.sub("", line, count=1)  # the quotation goes on: its marker is not a word
            current.append(line.strip())
            if HEADING.match(line):  # a heading is one line: what follows is a unit of its own
                found.append(" ".join(current))
                current = []
        if current:
            found.append(" ".join(current))
    return [" ".join(words(unit)) for unit in found if words(unit)]


def similarity(old: str, new: str) -> float:
    """The share of words two texts have in common, in order (0 to 1)."""
    a, b = words(old), words(new)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def diff_words(old: str, new: str) -> Unit:
    """The words of `old` and `new` as kept, removed and added runs."""
    a, b = words(old), words(new)
    tokens: list[Token] = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            tokens.append(("=", " ".join(a[a0:a1])))
            continue
        if a1 > a0:
            tokens.append(("-", " ".join(a[a0:a1])))
        if b1 > b0:
            tokens.append(("+", " ".join(b[b0:b1])))
    return tuple(tokens)


def pair_units(old: list[str], new: list[str]) -> list[Unit]:
    """Units of a replaced stretch, the alike ones paired in order (the pairing that keeps the
    most in common), the others shown as removed or added."""
    score = [[0.0] * (len(new) + 1) for _ in range(len(old) + 1)]
    alike = {(i, j): similarity(o, n) for i, o in enumerate(old) for j, n in enumerate(new)}
    for i in range(1, len(old) + 1):
        for j in range(1, len(new) + 1):
            pair = alike[i - 1, j - 1]
            score[i][j] = max(score[i - 1][j], score[i][j - 1],
                              score[i - 1][j - 1] + pair if pair >= ALIKE else 0.0)
    result: list[Unit] = []
    i, j = len(old), len(new)
    while i or j:
        pair = alike.get((i - 1, j - 1), 0.0)
        if i and j and pair >= ALIKE and score[i][j] == score[i - 1][j - 1] + pair:
            result.append(diff_words(old[i - 1], new[j - 1]))
            i, j = i - 1, j - 1
        elif j and (not i or score[i][j] == score[i][j - 1]):
            result.append((("+", new[j - 1]),))
            j -= 1
        else:
            result.append((("-", old[i - 1]),))
            i -= 1
    return result[::-1]


def diff_units(old_text: str, new_text: str) -> tuple[Unit, ...]:
    """Two texts compared unit by unit; unchanged units are kept (renderers may elide them)."""
    old, new = units_of(old_text), units_of(new_text)
    result: list[Unit] = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            result.extend((("=", unit),) for unit in old[a0:a1])
        else:
            result.extend(pair_units(old[a0:a1], new[b0:b1]))
    return tuple(result)


def unchanged(unit: Unit) -> bool:
    return all(op == "=" for op, _ in unit)
