"""Swedish bank days: the day a payment due on a weekend or a holiday is actually made.

A bank day is a weekday that is neither a public holiday nor one of the days banks keep closed
though the law does not (midsommarafton, julafton, nyårsafton), as the `holidays` package's
calendar for Sweden (country SE, categories public and de facto) gives them. A payment due on
another day moves to the next bank day, or the previous one (`[payment] non_bank_day` in iopdoc.toml).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

RULES = ("next", "previous")


TABLE_YEARS = range(2000, 2100)  # the years of the table in swedish_holidays.py


@lru_cache(maxsize=64)
def holidays_of(year: int) -> dict[dt.date, str]:
    """The year's days without banking that are not weekends, by their Swedish names: from the table
    the package's calendar was written into (swedish_holidays.py), else from the package."""
    if year in TABLE_YEARS:
        from iopdoc.facts.swedish_holidays import DAYS, NAMES

        return {dt.date(year, int(day[:2]), int(day[2:4])): NAMES[int(day[4:])] for day in DAYS[year].split()}
    return package_holidays(year)


def package_holidays(year: int) -> dict[dt.date, str]:
    """The year's days without banking that are not weekends, as the `holidays` package gives them."""
    import holidays  # it imports every country's calendar: only for a year outside the table

    days = holidays.country_holidays("SE", years=year, include_sundays=False, categories=("public", "de_facto"),
                                     language="sv")
    return dict(days.items())


def why_not(day: dt.date) -> str | None:
    """Why `day` is not a bank day ("lördag", "Nyårsdagen"), or None when it is one."""
    if day.weekday() == 5:
        return "lördag"
    if day.weekday() == 6:
        return "söndag"
    return holidays_of(day.year).get(day)


def bank_day(day: dt.date, rule: str = "next") -> dt.date:
    """`day` when it is a bank day, else the next (or, with rule "previous", the previous) bank day."""
    step = dt.timedelta(days=-1 if rule == "previous" else 1)
    while why_not(day) is not None:
        day += step
    return day
