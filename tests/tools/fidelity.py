"""How faithfully a built document reproduces a reference text: the project's own measure.

Both sides become word tokens (letters and digits, lower-cased, Unicode NFC), so layout, bullets,
hyphenation points and spacing do not count; words and their order do. Two figures:

- recall: the share of the reference's words found, in order, in the built document;
- precision: the share of the built document's words that come from the reference.

"In order" is the longest matching blocks of the two word sequences (difflib without its
junk heuristic). Text comes from a PDF through poppler's `pdftotext` (as a reader's copy-paste
sees it), from HTML through the standard library's parser without `<head>`, scripts and styles.

Run as a script for the figures and the passages that differ:
    python -m tests.tools.fidelity REFERENCE.txt BUILT.(pdf|html|txt) [--show N]
"""
from __future__ import annotations

import argparse
import difflib
import html.parser
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

WORD = re.compile(r"\w+")
# Soft hyphen and zero-width characters that hyphenation may insert inside a word.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060]")
# A word broken over a line end by automatic hyphenation (U+2010 HYPHEN in pdftotext's output) is
# one word; an ASCII hyphen at a line end belongs to the text ("social- och omsorgsnämnden").
BROKEN_WORD = re.compile(r"(\w)\u2010\s*\n\s*(\w)")


@dataclass(frozen=True)
class Fidelity:
    recall: float
    precision: float
    reference_words: int
    built_words: int
    differences: tuple[str, ...]  # the passages that differ, reference side then built side

    def reaches(self, min_recall: float = 0.98, min_precision: float = 0.93) -> bool:
        return self.recall >= min_recall and self.precision >= min_precision

    def summary(self) -> str:
        lines = [*self.differences[:10],
                 f"recall {self.recall:.4f}, precision {self.precision:.4f}, "
                 f"{self.reference_words} reference words, {self.built_words} built words"]
        return "\n".join(lines)


def words(text: str) -> list[str]:
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = BROKEN_WORD.sub(r"\1\2", text)
    return [word.lower() for word in WORD.findall(text)]


class _VisibleText(html.parser.HTMLParser):
    HIDDEN = {"head", "script", "style", "title", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        self.parts.append(" ")  # every tag separates words

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def text_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        pdftotext = shutil.which("pdftotext")
        if pdftotext is None:
            raise RuntimeError("pdftotext is missing: install poppler-utils (`make test` does it)")
        done = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
        return done.stdout.decode("utf-8")
    if suffix in (".html", ".htm"):
        parser = _VisibleText()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        return "".join(parser.parts)
    return path.read_text(encoding="utf-8")


def compare(reference: str, built: str) -> Fidelity:
    """The measure of two texts."""
    ref, out = words(reference), words(built)
    if not ref or not out:
        return Fidelity(0.0, 0.0, len(ref), len(out), ("an input has no words",))
    matcher = difflib.SequenceMatcher(None, ref, out, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    differences = tuple(f"{op}: reference {' '.join(ref[a0:a1])[:100]!r} / built {' '.join(out[b0:b1])[:100]!r}"
                        for op, a0, a1, b0, b1 in matcher.get_opcodes() if op != "equal")
    return Fidelity(same / len(ref), same / len(out), len(ref), len(out), differences)


def measure(reference: Path, built: Path) -> Fidelity:
    """The measure of a built PDF, HTML or text file against a reference text file."""
    return compare(text_of(reference), text_of(built))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", type=Path)
    parser.add_argument("built", type=Path)
    parser.add_argument("--min-recall", type=float, default=0.98)
    parser.add_argument("--min-precision", type=float, default=0.93)
    args = parser.parse_args(argv)
    result = measure(args.reference, args.built)
    print(result.summary())
    return 0 if result.reaches(args.min_recall, args.min_precision) else 1


if __name__ == "__main__":
    sys.exit(main())
