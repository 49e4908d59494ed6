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


@lru_cache(maxsize=64)
def holidays_of(year: int) -> dict[dt.date, str]:
    """The year's days without banking that are not weekends, by their Swedish names."""
    import holidays  # imported when a schedule with dates is made, not by every command

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
