"""Swedish personal identity numbers (personnummer, samordningsnummer) in text as a reader sees it.

One home for finding them, used by the personal-data rule (IOP801) on every published text and by
`iopdoc publish` on every byte it is about to publish. Text is first brought to the form a reader
sees (`shown_form`): Unicode NFKC (full-width digits become digits), format characters such as
zero-width spaces removed, every dash-like character (U+2010-2015, U+2212, U+FE63, U+FF0D) read as
`-`, and every kind of whitespace (no-break spaces, newlines) read as a space. A number is then
10 or 12 digits whose date part and four last digits may each be written in groups separated by
whitespace (`88 03 20 - 00 16`), with `-`, `+` or whitespace between them; a date such as
`2025-01-01` does not qualify (a dash is accepted only before the last four digits).

Numbers are validated with python-stdnum (`se.personnummer`, and the Luhn check for a
samordningsnummer, whose day is the day of birth plus 60). A number with a real date and a wrong
check digit is reported as `mistyped`: a mistyped personnummer is still personal data.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator


DASHES = frozenset("\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043")
# Characters a reader does not see, or that only mark up text: removed before reading numbers.
# A Markdown escape (`880320\-0016`) shows the dash without its backslash.
INVISIBLE_MARKUP = frozenset("\\")
DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class IdentityNumber:
    """A personnummer or samordningsnummer found in a text, at text[start:end] (of the original text)."""

    start: int
    end: int
    digits: str  # the 10 or 12 digits, without separators
    kind: str  # "personnummer" or "samordningsnummer"
    valid: bool  # False: a real date but a wrong check digit (a mistyped number)

    def masked(self) -> str:
        """The number without its last four digits, so a finding does not repeat it."""
        head = self.digits[:-4]
        return f"{head[:-6]}{head[-6:]}-XXXX" if len(head) == 8 else f"{head}-XXXX"


def shown_form(text: str) -> tuple[str, list[int]]:
    """The text as a reader sees it, for reading numbers (see the module's docstring), and for each
    of its characters the offset in `text` it comes from."""
    table = {ord(char): shown_char(char) for char in set(text)}
    shown = text.translate(table)
    if len(shown) == len(text) and all(len(piece) == 1 for piece in table.values()):
        return shown, list(range(len(text)))  # every character read as one: the common case
    origin: list[int] = []
    for offset, char in enumerate(text):
        origin.extend([offset] * len(table[ord(char)]))
    return shown, origin


FEWEST_DIGITS = 10  # a personnummer's or samordningsnummer's short form


def digits_read(text: str) -> int:
    """How many digits a reader sees in `text`, as identity_numbers reads them (any script's
    digits, and the digits in a character's compatibility form)."""
    return sum(text.count(char) * sum(piece.isdigit() for piece in shown_char(char)) for char in set(text)
               if shown_char(char))


@functools.lru_cache(maxsize=8192)
def shown_char(char: str) -> str:
    """What a reader sees of one character, for reading numbers: "" for one not seen."""
    if char in DASHES:
        return "-"
    category = unicodedata.category(char)
    if category == "Cf" or char in INVISIBLE_MARKUP:
        return ""
    if char.isspace() or category == "Zs":
        return " "
    normal = unicodedata.normalize("NFKC", char)
    if category == "Nd":  # any script's digit (full-width, Arabic-Indic) is read as the digit it is
        normal = str(unicodedata.digit(char, 0))
    return "".join(" " if piece.isspace() else "-" if piece in DASHES else piece for piece in normal)


def kind_of(digits: str, separator: str) -> tuple[str, bool] | None:
    """("personnummer" | "samordningsnummer", valid) for 10 or 12 digits with a real date; None otherwise."""
    century, short = (digits[:2], digits[2:]) if len(digits) == 12 else ("", digits)
    if century and century not in ("18", "19", "20"):
        return None
    if century and dt.date.today().year // 100 < int(century):
        return None
    day = int(short[4:6])
    kind = "personnummer"
    if day > 60:
        kind, day = "samordningsnummer", day - 60
    year = int(century + short[:2]) if century else None
    try:
        if year is None:
            dt.date(2000, int(short[2:4]), day)  # a leap year: 29 February may be a birth date
        else:
            dt.date(year, int(short[2:4]), day)
    except ValueError:
        return None
    # python-stdnum is imported only for a number with a real date: its import (which brings in ssl)
    # would cost more than checking a whole source that has none.
    from stdnum import luhn
    from stdnum.se import personnummer

    if kind == "samordningsnummer":
        return kind, luhn.is_valid(short)
    written = f"{century}{short[:6]}{separator if separator == '+' else '-'}{short[6:]}"
    return kind, personnummer.is_valid(written)


def identity_numbers(text: str, *, mistyped: bool = True) -> Iterator[IdentityNumber]:
    """Every personnummer and samordningsnummer in `text`; with `mistyped`, also a number with a real
    date and a wrong check digit when it is written as one (a `-` or `+` before the last four digits,
    and no digits right around it)."""
    shown, origin = shown_form(text)
    runs = list(DIGITS.finditer(shown))
    done = -1
    for first in range(len(runs)):
        if runs[first].start() < done:
            continue
        for last, digits, separator in candidates(shown, runs, first):
            kind = kind_of(digits, separator)
            if kind is None:
                continue
            name, valid = kind
            if not separator and MOBILE.fullmatch(digits):
                continue  # ten digits starting 07…, written without a separator: a mobile number (IOP802)
            if not valid and not (mistyped and separator in ("-", "+") and standing_alone(shown, runs, first, last)):
                continue
            start, end = runs[first].start(), runs[last].end()
            done = end
            yield IdentityNumber(origin[start], origin[end - 1] + 1, digits, name, valid)
            break


SPACES = re.compile(r" +")
MOBILE = re.compile(r"07[02369][0-9]{7}")
GAP = re.compile(r" *(?:[-+] *)?")


def joined(shown: str, runs: list[re.Match], index: int, pattern: re.Pattern) -> bool:
    """True when the text between runs[index - 1] and runs[index] matches `pattern`."""
    return pattern.fullmatch(shown[runs[index - 1].end():runs[index].start()]) is not None


def standing_alone(shown: str, runs: list[re.Match], first: int, last: int) -> bool:
    """No other group of digits is joined to the number by spaces alone (`1 880320-0016 2`)."""
    before = first > 0 and joined(shown, runs, first, SPACES)
    after = last + 1 < len(runs) and joined(shown, runs, last + 1, SPACES)
    return not before and not after


def candidates(shown: str, runs: list[re.Match], first: int) -> Iterator[tuple[int, str, str]]:
    """(index of the last run, digits, separator) of each number shape starting at runs[first]: runs of
    6 or 8 digits in all joined by spaces (the date), a gap (spaces, or `-`/`+` with spaces around it),
    then runs of 4 digits in all joined by spaces."""
    date, index = "", first
    while index < len(runs) and len(date) < 8:
        if index > first and not joined(shown, runs, index, SPACES):
            return
        date += runs[index].group()
        if len(date) in (6, 8) and index + 1 < len(runs):
            gap = shown[runs[index].end():runs[index + 1].start()]
            if GAP.fullmatch(gap):
                tail, end = "", index + 1
                while end < len(runs) and len(tail) < 4:
                    if end > index + 1 and not joined(shown, runs, end, SPACES):
                        break
                    tail += runs[end].group()
                    end += 1
                if len(tail) == 4:
                    yield end - 1, date + tail, gap.strip()
        if len(date) in (10, 12):
            yield index, date, ""
        index += 1
    # a compact number written without any gap: one run of 10 or 12 digits
