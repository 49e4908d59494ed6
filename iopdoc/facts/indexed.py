"""What each public party pays in each year, indexed as the schedule indexes it, for prose:
`{{ indexed.kommunen[2028] | kr }}` is what the party `kommunen` pays for 2028, and
`{{ indexed.kommunen.parts.hyra[2028] | kr }}` what its part `hyra` comes to that year. The amounts
are the schedule's (schedule_of), to the krona, so the text, the schedule, the XLSX and the calendar
say the same figure; a year outside the period is not there, so prose naming it is an error (IOP030).
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Iterator

from iopdoc import model
from iopdoc.facts import indexation as indexing, money
from iopdoc.facts.schedule import schedule_of


def indexed_amounts(document: model.Node, series: Mapping[str, model.IndexSeries]) -> Mapping | None:
    """Per public party: its amount to pay by year, and under "parts" each part's by year; None
    when the document has no schedule (not an agreement, no economy, no real period)."""
    economy = getattr(document, "economy", None)
    if document.kind != "agreement" or economy is None:
        return None
    schedule = schedule_of(document, series)
    if schedule is None or not schedule.parties:
        return None
    found = {}
    for party in schedule.parties:
        contribution = economy.contributions[party.handle]
        amounts: dict = {year.year: year.amount for year in party.years}
        parts: dict[str, dict[int, Decimal]] = {}
        if indexing.parts_paid_apart(contribution):
            for year in party.years:
                for piece in year.pieces:
                    parts.setdefault(piece.handle, {})[year.year] = piece.amount
        else:  # the parts share their contribution's indexation: each is its base times the year's factor
            rule = economy.part_years or money.DEFAULT_RULE
            for handle, part in contribution.parts.items():
                if part.value is None:
                    continue
                bases = money.amounts_per_year(money.AmountOverTime(part.value, part.per or contribution.per),
                                               schedule.start, schedule.end, rule)
                parts[handle] = {year.year: money.to_kronor(bases[year.year] * year.factor) for year in party.years}
        amounts["parts"] = MappingProxyType({handle: MappingProxyType(years) for handle, years in parts.items()})
        found[party.handle] = MappingProxyType(amounts)
    return MappingProxyType(found)


class IndexedAmounts(Mapping):
    """`indexed_amounts`, computed the first time prose reads it (most texts never do, and the
    schedule is worked out for every agreement that is resolved)."""

    def __init__(self, document: model.Node, series: Mapping[str, model.IndexSeries]):
        self._document, self._series, self._found = document, series, None

    def _amounts(self) -> Mapping:
        if self._found is None:
            self._found = indexed_amounts(self._document, self._series) or MappingProxyType({})
        return self._found

    def __getitem__(self, handle: str) -> Mapping:
        return self._amounts()[handle]

    def __iter__(self) -> Iterator[str]:
        return iter(self._amounts())

    def __len__(self) -> int:
        return len(self._amounts())
