"""Amounts derived from an agreement's facts: each party's and the partnership's money per year and
over the whole period. Prose refers to them as `{{ totals.over_period | kr }}`, so a text never
states a derived amount by hand; the amount rules compare written amounts with them too.

A period of part years counts its months (and remaining days as thirtieths of a month): a yearly
amount over 2025-01-01 to 2027-06-30 is paid for 2,5 years.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

from iopdoc import locale_sv, model
from iopdoc.facts import money

ORE = Decimal("0.01")


@dataclass(frozen=True)
class PartyTotals:
    """One party's contribution: per year (when it is given per year) and over the whole period."""

    per_year: Decimal | None
    over_period: Decimal | None


@dataclass(frozen=True)
class Totals:
    """The partnership's money, computed: `years` of the period, sums per year and over the period."""

    years: Decimal | None
    per_year: Decimal | None
    over_period: Decimal | None
    parties: Mapping[str, PartyTotals] = field(default_factory=lambda: MappingProxyType({}))


def period_years(period: object) -> Decimal | None:
    start, end = getattr(period, "start", None), getattr(period, "end", None)
    if isinstance(start, dt.date) and isinstance(end, dt.date) and start < end:
        return locale_sv.years_between(start, end)
    return None


def over_years(amount: Decimal, per: str, years: Decimal | None) -> Decimal | None:
    if per == "total":
        return amount
    return None if years is None else (amount * years).quantize(ORE)


@dataclass(frozen=True)
class PartAmount:
    """A contribution part as an amount over time: its value, on its own basis or the contribution's."""

    amount: Decimal
    per: str
    years: tuple = ()


def over_period_of(contribution: model.Contribution, period: object, rule: str | None) -> Decimal | None:
    """A contribution over the whole period. Amounts that differ by year, or part years under a stated
    rule, are counted year by year through money.amounts_per_year (what the schedule pays); otherwise
    the yearly amount times the period's years."""
    start, end = getattr(period, "start", None), getattr(period, "end", None)
    if (contribution.years or rule not in (None, "months")) and isinstance(start, dt.date) \
            and isinstance(end, dt.date) and start < end:
        return money.total_over_period(money.AmountOverTime.of(contribution), start, end, rule)
    return over_years(contribution.amount, contribution.per, period_years(period))


def totals_of(document: model.Node) -> Totals | None:
    """The derived amounts of a document with contributions; None when it has none."""
    economy = getattr(document, "economy", None)
    if economy is None or not economy.contributions:
        return None
    period = getattr(document, "period", None)
    years = period_years(period)
    parties = {}
    for handle, contribution in economy.contributions.items():
        if contribution.amount is None:
            continue  # no amount and no parts: IOP208 reports it
        rule = getattr(economy, "part_years", None)
        if contribution.parts:
            # Each part is an amount over time of its own (per year or for the period).
            pieces = [PartAmount(part.value or Decimal(0), part.per or contribution.per)
                      for part in contribution.parts.values()]
            per_year = contribution.parts_total("year") if any(p.per == "year" for p in pieces) else None
            overs = [over_period_of(piece, period, rule) for piece in pieces]
            parties[handle] = PartyTotals(per_year, sum(overs, Decimal(0)) if None not in overs else None)
            continue
        # An amount that differs by year has no one yearly figure.
        per_year = contribution.amount if contribution.per == "year" and not contribution.years else None
        parties[handle] = PartyTotals(per_year, over_period_of(contribution, period, getattr(economy, "part_years", None)))
    yearly = [p.per_year for p in parties.values()]
    whole = [p.over_period for p in parties.values()]
    return Totals(years=years,
                  per_year=sum(yearly, Decimal(0)) if None not in yearly else None,
                  over_period=sum(whole, Decimal(0)) if None not in whole else None,
                  parties=MappingProxyType(parties))
