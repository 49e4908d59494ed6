"""Every text of a document as a reader gets it: facts as written, prose with its expressions evaluated.

The personal-data and plain-Swedish rules read what is published, so a number split between
literal text and an inserted fact is still seen. Each evaluated text keeps a map back to the
source, so a finding at any character of it names the line and column it was written at.
Content marked `internal` (public.py) is left out: it is never published.

What the rules read of a text beyond its characters is derived from it once, when first asked, and
kept with it (the resolve step makes each text once per document, so every rule shares them): the
personnummer-shaped numbers in it, and those its rendered page shows (`numbers`, `shown_numbers`).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

from iopdoc import model
from iopdoc.errors import Location
from iopdoc.model.fields import field_named
from iopdoc.identity_numbers import FEWEST_DIGITS, IdentityNumber, identity_numbers, shown_char
from iopdoc.prose.markup import EXPRESSION, Prose, compiled, describe_value, prose_at
from iopdoc.facts.public import internal_paths
from iopdoc.prose.walk import Fact, walk


class once:
    """A property computed when first read and kept in the instance (functools.cached_property
    without its lock, which costs more than reading most of these): fine on a frozen dataclass."""

    def __init__(self, function):
        self.function, self.name = function, function.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


@dataclass(frozen=True)
class Piece:
    """A stretch of the evaluated text: literal source text from `source`, or the value of the
    expression written at `source`."""

    start: int
    source: int
    inserted: bool


@dataclass(frozen=True)
class EvaluatedText:
    """One text of the document, evaluated, with where each of its characters was written."""

    text: str
    path: str  # the fact's key path, `sections[2].body`
    origin: Location  # where the fact is written, for a text without a position per character
    prose: Prose | None = None
    pieces: tuple[Piece, ...] = ()

    @once
    def _starts(self) -> list[int]:
        return [piece.start for piece in self.pieces]

    @once
    def may_hold_number(self) -> bool:
        return may_hold_number(self.text)

    @once
    def numbers(self) -> tuple[IdentityNumber, ...]:
        """Each personnummer-shaped number in the text (identity_numbers), read once for every rule."""
        return tuple(identity_numbers(self.text)) if self.may_hold_number else ()

    @once
    def shown_numbers(self) -> tuple[tuple[str, IdentityNumber], ...]:
        """Each personnummer-shaped number in the text a prose text's rendered page shows (Markdown
        escapes, emphasis and links gone, blocks apart; prose/shown.py), with how the page writes it.
        Empty for a fact's text, and for prose whose page cannot show one (`may_show_more`)."""
        if self.prose is None or not (any(sign in self.text for sign in MARKUP_THAT_MAKES_DIGITS) or
                                      self.may_hold_number and marked_up_between_digits(self.text)):
            return ()  # not may_show_more
        from iopdoc.prose.shown import prose_text  # Markdown is imported only for a text that needs it

        shown = prose_text(self.text)
        return tuple((shown[number.start:number.end], number) for number in identity_numbers(shown))

    def location_of(self, offset: int) -> Location:
        if self.prose is None:
            return self.origin
        piece = self.pieces[bisect.bisect_right(self._starts, offset) - 1]
        source = piece.source if piece.inserted else piece.source + (offset - piece.start)
        return self.prose.location_of(source)

    def inserted(self, start: int, end: int) -> bool:
        """True when text[start:end] lies inside one inserted value (the fact itself is read on its own)."""
        if self.prose is None:
            return False
        index = bisect.bisect_right(self._starts, start) - 1
        piece = self.pieces[index]
        following = self.pieces[index + 1].start if index + 1 < len(self.pieces) else len(self.text)
        return piece.inserted and end <= following


# Rendering shows a reader only characters the evaluated text already has, in the same order (Markdown
# escapes, emphasis, code marks, list and heading markers, table pipes removed; blocks set apart by
# prose/shown.BLOCK_BREAK), except through a character reference (`&#56;`, `&frac14;`), which can make
# a digit of non-digits, a link's URL (`[x](…)`, `<…>`), which markdown-it percent-encodes, and a code
# fence's info string, which it drops. Without those, every letter of the text stays on the page, so
# the digits of a number the page shows were written with no letter between them: a text in which no
# stretch between two letters holds as many digits as a personnummer has (as identity_numbers reads
# digits: any script's, and characters whose compatibility form holds digits) cannot show one, and
# is not rendered (most of IOP801's time). Nor is one whose every such stretch has, from its first
# digit to its last, no line break and no character Markdown reads there (MARKDOWN_BETWEEN_DIGITS:
# an escape, emphasis, code, a table's pipe, a heading, a quote): rendering shows those digits with
# what is between them as written, and what stands around them is no digit, so the page shows the
# numbers the text shows (IOP801 reads those anyway), no other. A property test holds both over
# generated Markdown.
MARKUP_THAT_MAKES_DIGITS = ("&", "<", "]", "```", "~~~")
MARKDOWN_BETWEEN_DIGITS = re.compile(r"[\n\r\\*_`|#>~\x00]")


def may_show_more(markdown: str) -> bool:
    """Whether `markdown`'s rendered page could show a personnummer-shaped number the text does not."""
    if any(sign in markdown for sign in MARKUP_THAT_MAKES_DIGITS):
        return True
    return may_hold_number(markdown) and marked_up_between_digits(markdown)


def marked_up_between_digits(text: str) -> bool:
    """Whether a stretch of `text` between two letters holding as many digits as a personnummer has
    (see may_hold_number) has a line break or MARKDOWN_BETWEEN_DIGITS from its first digit to its last.
    A character read as more than one digit (rare) is always counted so."""
    kinds = {char: letter_or_digits(char) for char in set(text)}
    if any(len(kind) > 1 for kind in kinds.values()):
        return True
    read = text.translate({ord(char): kind for char, kind in kinds.items()})
    for stretch in re.finditer(r"[^a]+", read):
        if stretch.group().count("0") >= FEWEST_DIGITS:
            first, last = read.index("0", stretch.start()), read.rindex("0", 0, stretch.end())
            if MARKDOWN_BETWEEN_DIGITS.search(text, first, last + 1):
                return True
    return False


# Each character as may_hold_number reads it: a letter, so many digits, or neither.
LETTER, NEITHER = "a", " "
# As many digits as a personnummer has with no letter between them: in a text read as LETTER, "0"
# and NEITHER (possessive, and starting at a digit, so a search is linear in the text's length) …
A_NUMBER_OF_DIGITS = re.compile(f"0(?: *+0){{{FEWEST_DIGITS - 1}}}")
# … and in a text whose every character a regular expression reads as may_hold_number does (`plain`).
DIGITS_WITHOUT_LETTERS = re.compile(rf"\d(?:[\W_]*+\d){{{FEWEST_DIGITS - 1}}}")


def may_hold_number(text: str) -> bool:
    """False when no stretch of `text` between two letters holds as many digits as a personnummer
    (as identity_numbers reads digits; a letter is a character read as letters only): then neither
    the text nor (without MARKUP_THAT_MAKES_DIGITS) its rendered page holds one. Exact, and cheap."""
    if len(text) < FEWEST_DIGITS:
        return False
    unusual = set(text).difference(PLAIN_ASCII)
    if all(map(plain, unusual)):
        return DIGITS_WITHOUT_LETTERS.search(text) is not None
    read = ASCII_READ | {ord(char): letter_or_digits(char) for char in unusual}
    return A_NUMBER_OF_DIGITS.search(text.translate(read)) is not None


@functools.lru_cache(maxsize=8192)
def letter_or_digits(char: str) -> str:
    """LETTER for a character read as letters only (identity_numbers.shown_char), "0" for each digit
    it is read as, else NEITHER."""
    shown = shown_char(char)
    if shown and all(piece.isalpha() for piece in shown):
        return LETTER
    return "0" * sum(piece.isdigit() for piece in shown) or NEITHER


@functools.lru_cache(maxsize=8192)
def plain(char: str) -> bool:
    """Whether DIGITS_WITHOUT_LETTERS reads `char` as may_hold_number does: a letter as a word
    character that is no digit, one digit as a digit, anything else as neither."""
    kind = {LETTER: r"[^\W\d_]", "0": r"\d", NEITHER: r"[\W_]"}.get(letter_or_digits(char))
    return kind is not None and re.fullmatch(kind, char) is not None


PLAIN_ASCII = frozenset(char for char in map(chr, range(128)) if plain(char))
ASCII_READ = {char: letter_or_digits(chr(char)) for char in range(128)}


def evaluate(prose: Prose, context: Mapping[str, Any] | Callable[[], Mapping[str, Any]], path: str,
             values: Mapping[str, Any] | None = None) -> EvaluatedText:
    """The prose with each expression replaced by its value as prose shows it; an expression that
    cannot be evaluated (reported elsewhere, IOP030-034) reads as blank. `values` holds expressions
    already evaluated in the same context (evaluate_document's); `context` may be a function giving
    it, called only for an expression not among them."""
    parts: list[str] = []
    pieces: list[Piece] = []
    length, position = 0, 0
    for match in EXPRESSION.finditer(prose.text):
        if match.start() > position:
            pieces.append(Piece(length, position, False))
            parts.append(prose.text[position:match.start()])
            length += match.start() - position
        expression = match.group(1).strip()
        if values is not None and expression in values:
            shown = describe_value(values[expression]) or ""
        else:
            try:
                if callable(context):
                    context = context()
                shown = describe_value(compiled(expression)(**context)) or ""
            except Exception:  # noqa: BLE001 - reported with its position by the prose checks
                shown = ""
        pieces.append(Piece(length, match.start(), True))
        parts.append(shown)
        length += len(shown)
        position = match.end()
    pieces.append(Piece(length, position, False))
    parts.append(prose.text[position:])
    return EvaluatedText("".join(parts), path, prose.origin, prose, tuple(pieces))


def prose_context(document: model.Node, linked: Mapping[str, model.Node],
                  series: Mapping[str, model.IndexSeries] | None = None) -> dict[str, Any]:
    from iopdoc.prose.evaluate import prose_context as context_of  # the one place that says what prose can name

    return context_of(document, linked, series)


def prose_kind(fact: Fact) -> str | None:
    info = field_named(type(fact.owner), fact.name)
    return info.prose if info is not None else None


def published_texts(document: model.Node, linked: Mapping[str, model.Node],
                    series: Mapping[str, model.IndexSeries] | None = None,
                    values: Mapping[str, Any] | None = None) -> Iterator[EvaluatedText]:
    """Every text fact and every evaluated prose text of the document that is published (not internal).
    `values`: the expressions evaluate_document evaluated in the same context (read, not evaluated again)."""
    made: list[Mapping[str, Any]] = []

    def context() -> Mapping[str, Any]:  # made only for an expression `values` lacks
        if not made:
            made.append(prose_context(document, linked, series))
        return made[0]

    internal = internal_paths(document)  # as is_internal reads them, once
    for fact in walk(document):
        if internal and any(fact.path == p or fact.path.startswith(p + ".") or fact.path.startswith(p + "[")
                            for p in internal):
            continue
        texts = fact.value if isinstance(fact.value, tuple) else (fact.value,)
        if not all(isinstance(t, str) for t in texts):
            continue
        prose = prose_kind(fact)
        for index, text in enumerate(texts):
            key = f"{fact.name}[{index}]" if isinstance(fact.value, tuple) else fact.name
            path = f"{fact.path}[{index}]" if isinstance(fact.value, tuple) else fact.path
            if prose:
                yield evaluate(prose_at(fact.owner, key, text), context, path, values)
            else:
                yield EvaluatedText(text, path, fact.owner.at(key) if key in fact.owner.locations else fact.location)
