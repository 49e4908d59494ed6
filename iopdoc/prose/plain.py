"""Plain Swedish: LIX, long sentences and officialese, measured on the text a reader gets.

Språklagen (2009:600) 11 § requires the language of public bodies to be "vårdat, enkelt och
begripligt". These measures are pure functions of evaluated prose (checks/plain.py turns them into
findings; `iopdoc serve` shows LIX per section).

LIX (läsbarhetsindex, C.-H. Björnsson 1968) = words / sentences + 100 × long words / words, where a
long word has more than six letters. Here a word is a run of letters or digits (with inner hyphens,
"HSLF-FS"); a sentence ends at . ! ? or : followed by a capital letter or digit, and at the end of a
paragraph, heading, list item or table cell, so a list of items without full stops is counted as
the reader sees it, one item at a time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# A sentence ends at . ! ? : before whitespace and a capital or a digit (not "t.ex. de", "bl.a. att").
SENTENCE_END = re.compile(r"[.!?:]+[\"'”’)]*(?=\s+[\"'“(]*[A-ZÅÄÖ0-9])")
# What is Markdown syntax, not text: masked with spaces so offsets keep pointing into the source.
MARKUP = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d+[.)][ \t]|>[ \t]?)|[*_`|]|\]\([^)]*\)|\[|^[ \t]*[-:| ]{3,}[ \t]*$",
                    re.M)
# Where a block (paragraph, heading, list item, table cell) ends, found in the Markdown itself.
BLOCK_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d+[.)][ \t]|>))|\||\n(?=[ \t]*$)")
HEADING_LINE = re.compile(r"^[ \t]*#{1,6}[ \t].*$", re.M)

BANDS = ((30, "mycket lätt", "very easy"), (40, "lätt", "easy"), (50, "medelsvår", "medium"),
         (60, "svår", "hard"), (None, "mycket svår", "very hard"))


def band(lix: float) -> tuple[str, str]:
    """The usual reading bands: under 30 very easy, 30–40 easy, 40–50 medium, 50–60 hard, over 60 very hard."""
    for limit, sv, en in BANDS:
        if limit is None or lix < limit:
            return sv, en
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Sentence:
    start: int  # offset in the text
    words: int


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    long_words: int

    @property
    def lix(self) -> float | None:
        if not self.words or not self.sentences:
            return None
        return self.words / self.sentences + 100 * self.long_words / self.words

    def __add__(self, other: "Readability") -> "Readability":
        return Readability(self.words + other.words, self.sentences + other.sentences, self.long_words + other.long_words)


NOTHING = Readability(0, 0, 0)


def reading_text(markdown: str) -> str:
    """Markdown as the reader reads it, same length: syntax masked with spaces."""
    return MARKUP.sub(lambda m: " " * len(m.group(0)), markdown)


def sentences(markdown: str) -> Iterator[Sentence]:
    """Each sentence of a Markdown text with its offset and its number of words."""
    text = reading_text(markdown)
    cuts = sorted({0, len(text), *(m.end() for m in SENTENCE_END.finditer(text)),
                   *(m.start() for m in BLOCK_BREAK.finditer(markdown)),
                   *(m.end() for m in HEADING_LINE.finditer(markdown))})
    for start, end in zip(cuts, cuts[1:]):
        found = list(WORD.finditer(text, start, end))
        if found:
            yield Sentence(found[0].start(), len(found))


def readability(markdown: str) -> Readability:
    text = reading_text(markdown)
    words = [w.group(0) for w in WORD.finditer(text)]
    long_words = sum(1 for w in words if sum(c.isalpha() for c in w) > 6)
    return Readability(len(words), sum(1 for _ in sentences(markdown)), long_words)


@dataclass(frozen=True)
class Officialese:
    """A word of officialese (kanslisvenska), the plain word to write instead, and where that advice comes from."""

    word: str
    forms: str  # a regular expression matching the word's forms
    plain: str
    source: str


SVARTA_LISTAN = "Svarta listan: ord och fraser som kan ersättas i författningsspråk (Statsrådsberedningen, PM 2011:1)"
SKRIVREGLER = "Myndigheternas skrivregler (Ds 2009:38), avsnitt 4.2.2, och Språkrådets rekommendation: ska, inte skall"
OWN_LIST = "projektets egen lista (iopdoc.toml, [plain] officialese_extra)"

OFFICIALESE = (
    Officialese("skall", r"skall", "ska", SKRIVREGLER),
    Officialese("erhålla", r"erhåll(?:a|er|it|s|es|na|et|en)?|erhöll", "få", SVARTA_LISTAN),
    Officialese("tillse", r"tillse(?:r|s|tt)?|tillsåg", "se till", SVARTA_LISTAN),
    Officialese("torde", r"torde", "bör, troligen", SVARTA_LISTAN),
    Officialese("därest", r"därest", "om", SVARTA_LISTAN),
    Officialese("härmed", r"härmed", "(stryk), nu, med detta", SVARTA_LISTAN),
    Officialese("i enlighet med", r"i\s+enlighet\s+med", "enligt", SVARTA_LISTAN),
    Officialese("beträffande", r"beträffande", "om, när det gäller", SVARTA_LISTAN),
    Officialese("samtliga", r"samtliga", "alla", SVARTA_LISTAN),
    Officialese("ånyo", r"ånyo", "igen, på nytt", SVARTA_LISTAN),
    Officialese("åligga", r"åligg(?:a|er|it|ande)|ålåg", "ska, ha ansvar för", SVARTA_LISTAN),
    Officialese("erforderlig", r"erforderlig(?:a|t)?", "nödvändig, som behövs", SVARTA_LISTAN),
    Officialese("emedan", r"emedan", "eftersom", SVARTA_LISTAN),
    Officialese("jämlikt", r"jämlikt", "enligt", SVARTA_LISTAN),
)


def officialese_list(ignore: frozenset[str] = frozenset(), extra: dict[str, str] | None = None) -> tuple[Officialese, ...]:
    """The built-in list less the project's ignored words, plus its own words (iopdoc.toml)."""
    own = tuple(Officialese(word, re.escape(word), plain, OWN_LIST) for word, plain in (extra or {}).items())
    return tuple(entry for entry in OFFICIALESE if entry.word not in ignore) + own


def officialese_in(markdown: str, entries: tuple[Officialese, ...]) -> Iterator[tuple[int, str, Officialese]]:
    """Each use of an entry's word in the text: its offset, the form written, the entry."""
    text = reading_text(markdown)
    for entry in entries:
        for match in re.finditer(rf"(?<![^\W\d_])(?:{entry.forms})(?![^\W\d_])", text, re.IGNORECASE):
            yield match.start(), match.group(0), entry
