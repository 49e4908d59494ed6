"""Amounts over time: what an amount an agreement states comes to in each calendar year of its period.

One function, `amounts_per_year`, turns "so much per year" (with its own amount for some years) or
"so much for the whole period" into a base amount per calendar year, a part year at either end
pro-rated by the agreement's stated rule. The schedule, the checks and prose all read amounts over
time through it, so they cannot disagree; a contribution part (an amount with the same `amount`,
`per` and `years` fields) uses it the same way, through `AmountOverTime.of`.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

ORE = Decimal("0.01")
KRONA = Decimal("1")
DEFAULT_RULE = "months"  # what the schedule assumes, and says it assumes, when no rule is stated
RULE_NAMES = {  # (sv, en)
    "months": ("efter antal månader", "by months"),
    "days": ("efter antal dagar", "by days"),
    "whole-year": ("helt årsbelopp även för delår", "the whole yearly amount even for a part year"),
}


@dataclass(frozen=True)
class AmountOverTime:
    """An amount as stated: per year (`per="year"`, with `by_year` amounts for years that differ)
    or for the whole period (`per="total"`)."""

    amount: Decimal
    per: str = "year"
    by_year: Mapping[int, Decimal] = field(default_factory=dict)

    @classmethod
    def of(cls, holder: Any) -> "AmountOverTime":
        """From anything with `amount`, and optionally `per` and `years` (YearAmount records)."""
        return cls(holder.amount, getattr(holder, "per", "year") or "year",
                   {item.year: item.amount for item in getattr(holder, "years", ()) or ()})


@dataclass(frozen=True)
class YearPart:
    """The part of a calendar year a period covers; `share` is 1 for a whole year."""

    year: int
    start: dt.date
    end: dt.date
    share: Decimal

    @property
    def whole(self) -> bool:
        return self.start == dt.date(self.year, 1, 1) and self.end == dt.date(self.year, 12, 31)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def months_covered(start: dt.date, end: dt.date) -> Decimal:
    """Months from `start` to `end` (both included, same year); a partly covered month by its days."""
    total = Decimal(0)
    for month in range(start.month, end.month + 1):
        length = calendar.monthrange(start.year, month)[1]
        first = start.day if month == start.month else 1
        last = end.day if month == end.month else length
        total += Decimal(last - first + 1) / Decimal(length)
    return total


def share_of_year(start: dt.date, end: dt.date, rule: str) -> Decimal:
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31) or rule == "whole-year":
        return Decimal(1)
    if rule == "days":
        return Decimal((end - start).days + 1) / Decimal(days_in_year(start.year))
    return months_covered(start, end) / Decimal(12)


def year_parts(start: dt.date, end: dt.date, rule: str | None) -> list[YearPart]:
    """The calendar years from `start` to `end` (both included), each with the share it counts for."""
    rule = rule or DEFAULT_RULE
    parts = []
    for year in range(start.year, end.year + 1):
        first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        parts.append(YearPart(year, first, last, share_of_year(first, last, rule)))
    return parts


def has_part_year(start: dt.date, end: dt.date) -> bool:
    parts = year_parts(start, end, DEFAULT_RULE)
    return not (parts[0].whole and parts[-1].whole)


def amounts_per_year(amount: AmountOverTime, start: dt.date, end: dt.date, rule: str | None) -> dict[int, Decimal]:
    """The base amount of each calendar year of the period, to the öre, at the amount's price level.

    Per year: the year's own amount if one is stated for it (as stated, also for a part year), else
    the yearly amount times the year's share. For the period: the total spread over the years in
    proportion to their shares; rounding to the öre is settled in the last year, so the years add up
    to the total exactly.
    """
    parts = year_parts(start, end, rule)
    if amount.per == "total":
        whole = sum((part.share for part in parts), Decimal(0))
        spread = {part.year: (amount.amount * part.share / whole).quantize(ORE, ROUND_HALF_UP) for part in parts}
        last = parts[-1].year
        spread[last] = amount.amount - sum((v for y, v in spread.items() if y != last), Decimal(0))
        return spread
    return {part.year: (amount.by_year[part.year] if part.year in amount.by_year
                        else (amount.amount * part.share).quantize(ORE, ROUND_HALF_UP)) for part in parts}


def total_over_period(amount: AmountOverTime, start: dt.date, end: dt.date, rule: str | None) -> Decimal:
    return sum(amounts_per_year(amount, start, end, rule).values(), Decimal(0))


def to_kronor(value: Decimal) -> Decimal:
    """An amount to pay: whole kronor, half a krona up (as the economy office rounds)."""
    return value.quantize(KRONA, ROUND_HALF_UP)


def split(value: Decimal, parts: int, unit: Decimal = KRONA) -> list[Decimal]:
    """`value` in `parts` equal instalments of whole `unit`s; the last one takes what rounding leaves."""
    if parts <= 1:
        return [value]
    each = (value / parts).quantize(unit, ROUND_HALF_UP)
    return [each] * (parts - 1) + [value - each * (parts - 1)]
