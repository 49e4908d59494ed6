"""Swedish formatting: amounts, dates, numbers in words, durations, period lengths."""
import datetime as dt
from decimal import Decimal

import pytest

from iopdoc import locale_sv
from iopdoc.model import Duration
from iopdoc.source.durations import parse_duration

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "expected"), [
    (1571605, f"1{NBSP}571{NBSP}605{NBSP}kr"),
    (Decimal("3937500"), f"3{NBSP}937{NBSP}500{NBSP}kr"),
    (220, f"220{NBSP}kr"),
    (0, f"0{NBSP}kr"),
    (Decimal("12.5"), f"12,50{NBSP}kr"),
])
def test_amounts_group_by_three_with_non_breaking_spaces(value, expected):
    assert locale_sv.format_amount(value) == expected


def test_thousands_and_plain_numbers():
    assert locale_sv.format_tkr(1571605) == f"1{NBSP}572{NBSP}tkr"
    assert locale_sv.format_number(Decimal("3.5")) == "3,5"
    assert locale_sv.format_number(3000) == f"3{NBSP}000"


def test_long_dates_in_swedish():
    assert locale_sv.format_long_date(dt.date(2024, 12, 31)) == "31 december 2024"
    assert locale_sv.format_long_date(dt.date(2025, 1, 1)) == "1 januari 2025"


@pytest.mark.parametrize(("number", "neuter", "expected"), [
    (1, False, "en"), (1, True, "ett"), (2, False, "två"), (6, False, "sex"), (12, False, "tolv"),
    (13, False, "13"), (Decimal("3.5"), False, "3,5"),
])
def test_small_numbers_in_words(number, neuter, expected):
    assert locale_sv.in_words(number, neuter=neuter) == expected


@pytest.mark.parametrize(("text", "amount", "unit"), [
    ("sex månader", 6, "månader"), ("5 år", 5, "år"), ("fem år", 5, "år"), ("3,5 år", Decimal("3.5"), "år"),
    ("tre år", 3, "år"), ("ett och ett halvt år", Decimal("1.5"), "år"), ("1 månad", 1, "månader"),
])
def test_durations_parse_from_prose(text, amount, unit):
    assert parse_duration(text) == Duration(Decimal(amount), unit, text)


@pytest.mark.parametrize("text", ["länge", "fem", "år", "fem äpplen", ""])
def test_non_durations_are_refused(text):
    assert parse_duration(text) is None


def test_period_lengths_count_inclusive_years():
    assert locale_sv.years_between(dt.date(2025, 1, 1), dt.date(2030, 12, 31)) == 6
    assert locale_sv.years_between(dt.date(2020, 1, 1), dt.date(2024, 12, 31)) == 5
    assert locale_sv.years_between(dt.date(2025, 1, 1), dt.date(2028, 6, 30)) == Decimal("3.5")


def test_impossible_dates_are_explained():
    assert locale_sv.why_not_a_date(2025, 2, 30, "sv") == "februari 2025 har 28 dagar"
    assert locale_sv.why_not_a_date(2024, 2, 30, "en") == "February 2024 has 29 days"
    assert locale_sv.why_not_a_date(2025, 13, 1, "sv") == "månaden ska vara 01–12"


def test_calendar_arithmetic():
    assert locale_sv.whole_months(dt.date(2025, 1, 1), dt.date(2030, 12, 31)) == 72
    assert locale_sv.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert locale_sv.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert locale_sv.add_months(dt.date(2031, 1, 1), 72) == dt.date(2037, 1, 1)


def test_a_duration_and_a_period_are_measured_with_one_month_length():
    """`Duration.months` counted a day as 12/365 of a month and `years_between` as 1/30, and
    IOP103/IOP109 compared the two: 90 days' notice was shorter than a 90-day period."""
    ninety_days = parse_duration("90 dagar")
    period_months = locale_sv.years_between(dt.date(2025, 1, 1), dt.date(2025, 3, 31)) * 12  # 90 days, 3 months
    assert ninety_days.months == period_months == 3
    assert parse_duration("45 dagar").months == locale_sv.years_between(dt.date(2025, 1, 1),
                                                                                    dt.date(2025, 2, 15)) * 12
    assert parse_duration("6 veckor").months == Decimal(42) / locale_sv.DAYS_PER_MONTH
    assert parse_duration("2 år").months == 24


# Numbers and month names are written without Babel at run time (locale_sv.py says why); Babel's
# own results are the reference they are held to, for every pattern and kind of value iopdoc formats.
PATTERNS = [dict(decimal_quantization=False), dict(format="#,##0"), dict(format="#,##0.00")]
EDGES = [0, 1, -1, 999, 1000, -1000, 1234567, 10**18, -10**27, Decimal("0"), Decimal("-0"), Decimal("-0.5"),
         Decimal("0.5"), Decimal("1.5"), Decimal("2.5"), Decimal("2.675"), Decimal("12.50"), Decimal("1E+3"),
         Decimal("1.000"), Decimal("0.001"), Decimal("0.0004"), Decimal("-1234.5678"), Decimal("999.995"),
         Decimal("1.23456789012345678901234567"), Decimal("9999999.999"), Decimal("3937500"), Decimal("-0.004")]


def outcome(function, *args, **kwargs):
    """What a call gives: its result, or the type of what it raised (a number too long for the
    decimal context to round is refused by both)."""
    try:
        return function(*args, **kwargs)
    except ArithmeticError as exc:
        return type(exc)


@pytest.mark.parametrize("options", PATTERNS, ids=["plain", "whole", "two-decimals"])
def test_numbers_are_written_as_babel_writes_them(options):
    from babel.numbers import format_decimal
    from hypothesis import given, settings, strategies as st

    for value in EDGES:
        assert outcome(locale_sv.format_decimal, value, locale="sv_SE", **options) == \
            outcome(format_decimal, value, locale="sv_SE", **options), value

    @settings(max_examples=400, deadline=None)
    @given(st.one_of(st.integers(min_value=-10**20, max_value=10**20),
                     st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1E+15"),
                                 max_value=Decimal("1E+15"))))
    def same(value):
        assert outcome(locale_sv.format_decimal, value, locale="sv_SE", **options) == \
            outcome(format_decimal, value, locale="sv_SE", **options)

    same()


def test_anything_else_is_left_to_babel():
    from babel.numbers import format_decimal

    for value, options in [(Decimal("NaN"), {}), (Decimal("-Infinity"), {"format": "#,##0"}), (2.5, {}),
                           (1234, {"format": "#,##0.0"}), (1234, {"locale": "en"})]:
        options = {"locale": "sv_SE", **options}
        assert locale_sv.format_decimal(value, **options) == format_decimal(value, **options)


def test_month_names_and_long_dates_are_babels():
    from babel.dates import format_date

    for month in range(1, 13):
        day = dt.date(2031, month, 1 + month)
        assert locale_sv.format_long_date(day) == format_date(day, "d MMMM y", locale="sv_SE")
        assert locale_sv.month_name(month, "en") == format_date(day, "MMMM", locale="en")
    assert locale_sv.format_long_date(dt.date(7, 3, 9)) == format_date(dt.date(7, 3, 9), "d MMMM y", locale="sv_SE")


def test_formatting_numbers_and_dates_does_not_import_babel():
    import subprocess
    import sys

    code = ("import datetime, sys; from decimal import Decimal; from iopdoc import locale_sv; "
            "print(locale_sv.format_amount(Decimal('1234.5')), locale_sv.format_tkr(1571605), locale_sv.format_number(3), "
            "locale_sv.format_long_date(datetime.date(2025, 1, 1)), locale_sv.why_not_a_date(2025, 2, 30, 'en')); "
            "print(sorted(name for name in sys.modules if name.split('.')[0] in ('babel', 'pytz')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    shown, imported = done.stdout.splitlines()
    assert shown == f"1{NBSP}234,50{NBSP}kr 1{NBSP}572{NBSP}tkr 3 1 januari 2025 February 2025 has 28 days"
    assert imported == "[]"


def test_whole_amounts_are_grouped_as_babel_groups_them():
    """format_amount groups whole, non-negative amounts itself; Babel's sv_SE pattern is the reference."""
    from babel.numbers import format_decimal

    values = [0, 1, 999, 1000, 1345500, 10 ** 15 - 1, 10 ** 15, 10 ** 18 - 1, 10 ** 18, 10 ** 20] + [7 ** n for n in range(24)]
    decimals = [Decimal(v) for v in values] + [Decimal("1E+3"), Decimal("12.00"), Decimal("-0"), Decimal("-1234567"),
                                               Decimal("5E+20"), Decimal("0E-2")]
    for value in decimals:
        assert locale_sv.format_amount(value) == f"{format_decimal(value, format='#,##0', locale='sv_SE')}{NBSP}kr", value
        assert locale_sv.format_amount(value, unit="") == format_decimal(value, format="#,##0", locale="sv_SE"), value
