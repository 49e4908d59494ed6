"""Amounts as officers write them in prose: `420 000 kr`, `12 400 tkr`, `1,5 mnkr`, `450 000 SEK`, `tre miljoner
kronor`, `en halv miljon kronor`, `drygt 2 mnkr`, `cirka 420 000 kr`.

Each written amount is read as a value in kronor with the precision it was written at (the last
digit written: `1,5 mnkr` is 1 500 000 kr ± 50 000 kr, `2 mnkr` is 2 000 000 kr ± 500 000 kr,
`420 000 kr` and `tre miljoner kronor` are exact). After an approximation word the word alone sets
the range, whatever the digits' precision (APPROXIMATIONS, stated in docs/rules.md): `drygt x` is
[x, x·1,15] (a little more than), `knappt x` is [x·0,85, x] (a little less than), `cirka`, `ca`,
`omkring`, `ungefär`, `runt x` are [x·0,9, x·1,1] (about). A fact matches a written amount when it
lies in that range, edges included.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterator

from iopdoc import locale_sv

# How far an approximation word lets the fact lie from the amount written, as a share of it: "drygt"
# is a little more than (up to 15 %), "knappt" a little less than (up to 15 %), "cirka" about (10 %
# either way). The same intervals serve durations (`drygt tre år`, IOP103).
A_LITTLE = Decimal("0.15")
ABOUT = Decimal("0.10")
APPROXIMATIONS = {  # word → (how much below, how much above) the written amount the fact may be
    "drygt": (Decimal(0), A_LITTLE),
    "knappt": (A_LITTLE, Decimal(0)),
    "cirka": (ABOUT, ABOUT),
    "ca": (ABOUT, ABOUT),
    "ca.": (ABOUT, ABOUT),
    "omkring": (ABOUT, ABOUT),
    "ungefär": (ABOUT, ABOUT),
    "runt": (ABOUT, ABOUT),
}
UNIT_SCALE = {"kr": 1, "kronor": 1, "sek": 1, "tkr": 1000, "mnkr": 1_000_000}
WORD_SCALE = {"tusen": 1000, "miljon": 1_000_000, "miljoner": 1_000_000, "miljard": 10**9, "miljarder": 10**9}

TENS = {"tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80, "nittio": 90}
TEENS = {"tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19}
UNITS_IN_WORDS = {word: n for n, word in enumerate(locale_sv.WORDS)} | {"ett": 1} | TEENS | TENS | {"hundra": 100}
NUMBER_WORD = "|".join(sorted(UNITS_IN_WORDS, key=len, reverse=True))
APPROXIMATION = r"(?:(?P<approx>drygt|knappt|cirka|ca\.?|omkring|ungefär|runt)\s+)?"
DIGITS = r"(?P<digits>\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,(?P<decimals>\d{1,2}))?"
# `en halv`, `en och en halv`, `två och en halv`, `tre`, `tjugofem`, `1,5`, `12`
WORDS = (rf"(?P<words>(?:(?:{NUMBER_WORD})+(?:\s+och\s+en\s+halv)?)|en\s+halv)")
PROSE_AMOUNT = re.compile(
    rf"(?<![\w,]){APPROXIMATION}(?:"
    rf"{DIGITS}[ \u00a0]?(?:(?P<unit>kr|kronor|tkr|mnkr|sek)\b|(?P<scale>tusen|miljoner|miljon|miljarder|miljard)\s+(?:kr|kronor)\b)"
    rf"|{WORDS}\s+(?P<wscale>tusen|miljoner|miljon|miljarder|miljard)\s+(?:kr\b|kronor\b))",
    re.IGNORECASE)


@dataclass(frozen=True)
class WrittenAmount:
    """An amount found in prose: where, as written, its value in kronor and the range a fact may lie in."""

    start: int
    text: str
    value: Decimal
    low: Decimal
    high: Decimal
    approximation: str | None
    in_words: bool = False  # "två miljoner kronor": a round amount named in words

    def matches(self, fact: Decimal) -> bool:
        return self.low <= fact <= self.high

    @property
    def exact(self) -> bool:
        return self.low == self.high


def words_value(words: str) -> Decimal | None:
    """`tre` → 3, `en halv` → 0,5, `två och en halv` → 2,5, `tjugofem` → 25; else None."""
    words = " ".join(words.lower().split())
    half = Decimal(0)
    if words == "en halv":
        return Decimal("0.5")
    if words.endswith(" och en halv"):
        words, half = words[: -len(" och en halv")], Decimal("0.5")
    total, rest = 0, words
    while rest:
        word = next((w for w in sorted(UNITS_IN_WORDS, key=len, reverse=True) if rest.startswith(w)), None)
        if word is None:
            return None
        number = UNITS_IN_WORDS[word]
        total = total * number if number == 100 and total else total + number
        rest = rest[len(word):]
    return Decimal(total) + half


def read_amount(match: re.Match) -> WrittenAmount | None:
    groups = match.groupdict()
    if groups["words"]:
        number = words_value(groups["words"])
        if number is None:
            return None
        scale = Decimal(WORD_SCALE[groups["wscale"].lower()])
        # Words name a round amount exactly ("tre miljoner kronor" is 3 000 000 kr); an officer who means
        # about that writes "drygt", "knappt" or "cirka" before it.
        step = Decimal(0)
    else:
        decimals = groups["decimals"] or ""
        number = Decimal(re.sub(r"\D", "", groups["digits"]) + (f".{decimals}" if decimals else ""))
        scale = Decimal(UNIT_SCALE[groups["unit"].lower()] if groups["unit"] else WORD_SCALE[groups["scale"].lower()])
        step = scale * Decimal(10) ** -len(decimals) if scale > 1 else Decimal(0)  # kronor: exact
    value = number * scale
    below, above = APPROXIMATIONS.get((groups["approx"] or "").lower(), (Decimal(0), Decimal(0)))
    low, high = value - step / 2, value + step / 2
    if groups["approx"]:  # the word sets the range: "drygt 2 mnkr" is 2 000 000 to 2 300 000 kr
        low, high = value * (1 - below), value * (1 + above)
    return WrittenAmount(match.start(), match.group(0), value, low, high, groups["approx"], bool(groups["words"]))


def find_amounts(text: str) -> Iterator[WrittenAmount]:
    """Every amount written in `text`, in order."""
    return iter(amounts_in(text))


@functools.lru_cache(maxsize=4096)
def amounts_in(text: str) -> tuple[WrittenAmount, ...]:
    """The amounts of one text, found once: three rules read the same texts (amounts, money, the
    memo's table). Every amount ends in kr, kronor, tkr or mnkr, so a text without "kr" has none
    (the pattern itself tries its number words at every character)."""
    if "kr" not in text.lower():
        return ()
    # PROSE_AMOUNT is searched only in the stretches that could hold an amount (AMOUNT_CHARACTERS,
    # holding a UNIT): at the edge of a stretch it reads as it does in the whole text (the character
    # before is no word character nor a comma, the one after no word character).
    units = [unit.start() for unit in UNIT.finditer(text)]
    if not units:
        return ()
    found: list[WrittenAmount] = []
    for stretch in AMOUNT_CHARACTERS.finditer(text):
        start, end = stretch.span()
        first = bisect.bisect_left(units, start)
        if first < len(units) and units[first] < end:
            found.extend(amount for amount in map(read_amount, PROSE_AMOUNT.finditer(text, start, end))
                         if amount is not None)
    return tuple(found)


# Every character a written amount can hold (PROSE_AMOUNT: words, digits, spaces, a decimal comma, the
# full stop of `ca.`): a sentence's full stop ends a stretch.
AMOUNT_CHARACTERS = re.compile(r"(?:[\w\s,]|(?<=ca)\.)+", re.IGNORECASE)
# The unit every written amount ends in, as it stands there: after a digit or a space, a word of its own.
UNIT = re.compile(r"(?<=[\d\s])(?:kr|kronor|tkr|mnkr|sek)\b", re.IGNORECASE)


def rounded_to(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
