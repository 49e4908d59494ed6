"""Swedish formatting of amounts, dates, durations and small numbers in words."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

LOCALE = "sv_SE"
NBSP = "\u00a0"

# Words for the numbers prose writes out (Språkrådet: up to twelve). "en"/"ett" by gender.
WORDS = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]
NUMBERS = {word: index for index, word in enumerate(WORDS)} | {"ett": 1, "ett halvt": Decimal("0.5")}
UNITS = {"år": "år", "månad": "månader", "månader": "månader", "månaders": "månader",
         "vecka": "veckor", "veckor": "veckor", "veckors": "veckor",
         "dag": "dagar", "dagar": "dagar", "dagars": "dagar", "års": "år"}


def format_decimal(*args, **kwargs) -> str:
    """Babel's, imported on first use: a command that formats nothing (a re-check served from the
    cache) does not import Babel and its locale data."""
    from babel.numbers import format_decimal as babel_format_decimal

    return babel_format_decimal(*args, **kwargs)


def format_date(*args, **kwargs) -> str:
    """Babel's, imported on first use."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(*args, **kwargs)


def counted(number: int, one: str, other: str) -> str:
    """A number and its noun in the form Swedish gives it (Babel's plural rule for sv: `one` for
    exactly 1, `other` for every other number): "1 varning", "2 varningar", "0 ord tillagda"."""
    return f"{format_number(number)} {one if number == 1 else other}"


def format_number(value: int | Decimal) -> str:
    """Digits grouped by three with non-breaking spaces, decimal comma: `1 571 605`, `3,5`."""
    return format_decimal(value, locale=LOCALE, decimal_quantization=False)


WHOLE_UP_TO = 10 ** 18  # far above any sum of amounts (each below 10^16 kr), within Babel's precision


def format_amount(value: int | Decimal, unit: str = "kr") -> str:
    """An amount in kronor: `1 571 605 kr`; öre shown only when there are any (`12,50 kr`)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        # A whole number of kronor, not negative (nearly every amount): grouped here as Babel groups
        # it for sv_SE, without Babel's pattern machinery (a tenth of an overview's summaries).
        text = f"{int(value):,}".replace(",", NBSP) if not value.is_signed() and value < WHOLE_UP_TO else \
            format_decimal(value, format="#,##0", locale=LOCALE)
    else:
        text = format_decimal(value, format="#,##0.00", locale=LOCALE)
    return f"{text}{NBSP}{unit}" if unit else text


# An amount typed in prose with ordinary spaces ("1 345 500 kr", "3 mnkr", "25 %"): its spaces become
# non-breaking, so the PDF never breaks a line inside it.
TYPED_AMOUNT = re.compile(r"(?<![\d,.])\d+(?: \d{3})*(?:,\d+)? (?:kr|kronor|tkr|mnkr|miljoner|miljon|miljarder|procent|%)"
                          r"(?![\w])")


def keep_amounts_together(text: str) -> str:
    """Non-breaking spaces inside amounts typed in prose, between the digit groups and before the unit."""
    return TYPED_AMOUNT.sub(lambda match: match.group(0).replace(" ", NBSP), text)


def format_tkr(value: int | Decimal) -> str:
    """Thousands of kronor: `1 572 tkr`."""
    return f"{format_decimal(round(Decimal(value) / 1000), format='#,##0', locale=LOCALE)}{NBSP}tkr"


def format_long_date(value: dt.date | object) -> str:
    """`1 januari 2025`; an unfilled date is shown as written."""
    if isinstance(value, dt.date):
        return format_date(value, "d MMMM y", locale=LOCALE)
    return str(value)


def in_words(value: int | Decimal, neuter: bool = False) -> str:
    """Small whole numbers in words ("fem", "sex"); larger ones and fractions in digits."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return format_number(value)
    number = int(value)
    if 0 <= number < len(WORDS):
        return "ett" if number == 1 and neuter else WORDS[number]
    return format_number(number)


def times(value: int | Decimal) -> str:
    """How many times, with the noun agreeing in number: "en gång", "två gånger", "12 gånger"."""
    number = int(value)
    return f"{in_words(number)} {'gång' if number == 1 else 'gånger'}"


def parse_number(text: str) -> Decimal | None:
    """`5`, `3,5`, `fem`, `ett` → Decimal; anything else → None."""
    text = text.strip().lower()
    if text in NUMBERS:
        return Decimal(NUMBERS[text])
    if re.fullmatch(r"\d+([.,]\d+)?", text):
        return Decimal(text.replace(",", "."))
    return None


APPROXIMATE_DURATION = ("drygt", "knappt", "cirka", "ca", "omkring", "ungefär", "runt")
HALVES = ("ett halvt", "en halv")  # "ett och ett halvt år", "två och en halv månad"


def duration_pattern() -> str:
    """What `parse_duration` reads, as one regular expression (for the JSON Schema that editors
    check sources with), built from the same words: an approximation, a number with a half, a unit,
    and a second number and unit ("3 år och 6 månader")."""
    units = "|".join(sorted(UNITS, key=lambda unit: (-len(unit), unit)))
    one = rf"\S+( och ({'|'.join(HALVES)}))? ({units})"
    return rf"^(({'|'.join(APPROXIMATE_DURATION)}) )?{one}( och {one})?$"


def why_not_a_date(year: int, month: int, day: int, lang: str) -> str:
    """Explain an impossible ISO date: the month number, or how many days the month has."""
    if not 1 <= month <= 12:
        return "månaden ska vara 01–12" if lang == "sv" else "the month must be 01–12"
    if not 1 <= year <= 9999:
        return "året ska vara 0001–9999" if lang == "sv" else "the year must be 0001–9999"
    days = calendar.monthrange(year, month)[1]
    month_name = format_date(dt.date(year, month, 1), "MMMM", locale=LOCALE if lang == "sv" else "en")
    if lang == "sv":
        return f"{month_name} {year} har {days} dagar"
    return f"{month_name} {year} has {days} days"


# The one length of a month for every comparison of lengths: the days a period has beyond its
# whole months, and a duration written in days or weeks ("90 dagar" is three months, as a period of
# three whole months is). Durations and periods compared with different month lengths disagreed.
DAYS_PER_MONTH = Decimal(30)
MONTHS_PER_UNIT = {"år": Decimal(12), "månader": Decimal(1), "veckor": Decimal(7) / DAYS_PER_MONTH,
                   "dagar": Decimal(1) / DAYS_PER_MONTH}


def months_in(amount: Decimal, unit: str) -> Decimal:
    """A duration's length in months (unit: år, månader, veckor, dagar)."""
    return amount * MONTHS_PER_UNIT[unit]


def whole_months(start: dt.date, end: dt.date) -> int:
    """Whole months of an inclusive period: 2025-01-01 to 2030-12-31 is 72."""
    after_end = end + dt.timedelta(days=1)
    return (after_end.year - start.year) * 12 + after_end.month - start.month


def years_between(start: dt.date, end: dt.date) -> Decimal:
    """The length of an inclusive period in years: 2025-01-01 to 2030-12-31 is 6."""
    months = whole_months(start, end)
    days = (end + dt.timedelta(days=1) - add_months(start, months)).days
    return (Decimal(months) + Decimal(days) / DAYS_PER_MONTH) / MONTHS_PER_UNIT["år"]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day if it has no such day (31 → 30)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def moved_by(day: dt.date, amount: Decimal, unit: str, forward: bool = True) -> dt.date:
    """The day a length (amount, unit: dagar, veckor, månader, år) after `day`, or before it.

    The one place iopdoc counts a duration from a date (the calendar, the notice and termination
    checks, the schedule's deadlines): days and weeks are counted in days (13 veckor is 91 days);
    months and years on the calendar, a day the month lacks becoming its last day (2030-12-31 less
    six months is 2030-06-30); a part of a month is DAYS_PER_MONTH days per month.
    """
    sign = 1 if forward else -1
    if unit in ("dagar", "veckor"):
        days = amount * (7 if unit == "veckor" else 1)
        return day + dt.timedelta(days=sign * int(days.quantize(Decimal(1), ROUND_HALF_UP)))
    months = months_in(amount, unit)
    whole = int(months)
    rest = ((months - whole) * DAYS_PER_MONTH).quantize(Decimal(1), ROUND_HALF_UP)
    return add_months(day, sign * whole) + dt.timedelta(days=sign * int(rest))


def format_file_size(size: int) -> str:
    """A file's size as a link text gives it: `45 kB`, `1,2 MB`."""
    if size >= 1024 * 1024:
        return f"{format_number(round(Decimal(size) / (1024 * 1024), 1))}\u00a0MB"
    return f"{format_number(max(1, round(size / 1024)))}\u00a0kB"
