"""Swedish formatting of amounts, dates, durations and small numbers in words."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "sv_SE"
NBSP = "\u00a0"

# Words for the numbers prose writes out (Språkrådet: up to twelve). "en"/"ett" by gender.
WORDS = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]
NUMBERS = {word: index for index, word in enumerate(WORDS)} | {"ett": 1, "ett halvt": Decimal("0.5")}
UNITS = {"år": "år", "månad": "månader", "månader": "månader", "månaders": "månader",
         "vecka": "veckor", "veckor": "veckor", "veckors": "veckor",
         "dag": "dagar", "dagar": "dagar", "dagars": "dagar", "års": "år"}


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


def parse_number(text: str) -> Decimal | None:
    """`5`, `3,5`, `fem`, `ett` → Decimal; anything else → None."""
    text = text.strip().lower()
    if text in NUMBERS:
        return Decimal(NUMBERS[text])
    if re.fullmatch(r"\d+([.,]\d+)?", text):
        return Decimal(text.replace(",", "."))
    return None


def parse_duration(text: str):
    """"sex månader", "5 år", "3,5 år", "ett och ett halvt år" → model.Duration, else None."""
    from .model import Duration  # the model imports nothing from here; keep it that way

    words = text.strip().split()
    if len(words) < 2 or words[-1].lower() not in UNITS:
        return None
    number_text = " ".join(words[:-1]).lower()
    half = number_text.endswith(" och ett halvt") or number_text.endswith(" och en halv")
    if half:
        number_text = number_text.rsplit(" och ", 1)[0]
    amount = parse_number(number_text)
    if amount is None:
        return None
    return Duration(amount=amount + (Decimal("0.5") if half else 0), unit=UNITS[words[-1].lower()], text=text.strip())


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


def whole_months(start: dt.date, end: dt.date) -> int:
    """Whole months of an inclusive period: 2025-01-01 to 2030-12-31 is 72."""
    after_end = end + dt.timedelta(days=1)
    return (after_end.year - start.year) * 12 + after_end.month - start.month


def years_between(start: dt.date, end: dt.date) -> Decimal:
    """The length of an inclusive period in years: 2025-01-01 to 2030-12-31 is 6."""
    months = whole_months(start, end)
    days = (end + dt.timedelta(days=1) - add_months(start, months)).days
    return (Decimal(months) + Decimal(days) / Decimal(30)) / Decimal(12)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day if it has no such day (31 → 30)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
