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


# What Babel's CLDR data says of sv_SE (and en, for a month named in an English message), for the
# three number patterns and the two date patterns iopdoc uses: the same strings, without importing
# Babel. Babel's locale data imports `babel.dates` when it is read, and that imports
# `babel.localtime`, which looks for the machine's time zone (with pytz installed, by checking
# every zone file: ~30 ms): 60-80 ms of every `iopdoc check` and build, for a group separator, a
# decimal comma and twelve month names. tests/test_locale_sv.py holds every result to Babel's.
GROUP_SIGN = NBSP
DECIMAL_SIGN = ","
MONTHS = {"sv_SE": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                    "oktober", "november", "december"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December")}
PATTERNS = {None: (0, 3), "#,##0": (0, 0), "#,##0.00": (2, 2)}  # pattern → (min, max) decimals


def format_decimal(value, format: str | None = None, locale: str = LOCALE, decimal_quantization: bool = True) -> str:
    """Babel's `format_decimal` for sv_SE and the patterns in PATTERNS (and an int or a finite
    Decimal): digits grouped by three with a non-breaking space, a decimal comma, the fraction
    rounded half to even as the decimal context rounds (Babel quantizes the same way). Anything
    else goes to Babel itself."""
    if locale != LOCALE or format not in PATTERNS or not (type(value) is int or (
            isinstance(value, Decimal) and value.is_finite())):
        from babel.numbers import format_decimal as babel_format_decimal

        return babel_format_decimal(value, format=format, locale=locale, decimal_quantization=decimal_quantization)
    number = Decimal(value) if type(value) is int else value
    negative = number.is_signed()
    number = abs(number).normalize()
    fewest, most = PATTERNS[format]
    if not decimal_quantization:
        exponent = number.as_tuple().exponent
        most = max(most, -exponent if exponent < 0 else 0)
    whole, _, fraction = f"{number.quantize(Decimal(10) ** -most):f}".partition(".")
    grouped = ""
    while len(whole) > 3:
        grouped = GROUP_SIGN + whole[-3:] + grouped
        whole = whole[:-3]
    text = ("-" if negative else "") + whole + grouped
    fraction = fraction or "0"
    fraction += "0" * (fewest - len(fraction))
    if most == 0 or (fewest == 0 and int(fraction) == 0):
        return text
    while len(fraction) > fewest and fraction[-1] == "0":
        fraction = fraction[:-1]
    return text + DECIMAL_SIGN + fraction


def month_name(month: int, locale: str = LOCALE) -> str:
    """A month's name as a date shows it (CLDR's wide format name; Babel's "MMMM")."""
    return MONTHS[locale][month - 1]


def counted(number: int, one: str, other: str) -> str:
    """A number and its noun in the form Swedish gives it (Babel's plural rule for sv: `one` for
    exactly 1, `other` for every other number): "1 varning", "2 varningar", "0 ord tillagda"."""
    return f"{format_number(number)} {one if number == 1 else other}"


def format_number(value: int | Decimal) -> str:
    """Digits grouped by three with non-breaking spaces, decimal comma: `1 571 605`, `3,5`."""
    return format_decimal(value, locale=LOCALE, decimal_quantization=False)


def format_amount(value: int | Decimal, unit: str = "kr") -> str:
    """An amount in kronor: `1 571 605 kr`; öre shown only when there are any (`12,50 kr`)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        text = format_decimal(value, format="#,##0", locale=LOCALE)
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
        return f"{value.day} {month_name(value.month)} {value.year}"  # Babel's "d MMMM y": nothing padded
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
    name = month_name(month, LOCALE if lang == "sv" else "en")
    if lang == "sv":
        return f"{name} {year} har {days} dagar"
    return f"{name} {year} has {days} days"


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
