"""Which indexation applies to which money, and what cannot be indexed for want of a figure.

A contribution part is indexed as it says (`indexation:`), not at all when it says `fixed: true`,
and otherwise as its contribution says, which in turn inherits the economy's indexation. The
schedule pays each piece by the indexation `indexation_of` gives it; `pieces_of` lists the pieces
of a contribution. `index_gaps` is the one list of what cannot be computed (no series named, a
series that does not exist, a year the series lacks): the checks (IOP223, IOP224, IOP230) and the
overview both read it, so they say the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from iopdoc import model
from iopdoc.errors import Location
from iopdoc.facts import indexes, money


def indexation_of(economy: model.Economy, contribution: model.Contribution,
                  part: model.ContributionPart | None = None) -> model.Indexation | None:
    """The indexation that applies: the part's own, else its contribution's, else the economy's;
    None where the nearest holder says `fixed: true`."""
    for holder in (part, contribution):
        if holder is None:
            continue
        if holder.fixed:
            return None
        if holder.indexation is not None:
            return holder.indexation
    return economy.indexation


@dataclass(frozen=True)
class Piece:
    """Money scheduled on its own: a whole contribution, or one of its parts when parts are paid apart."""

    handle: str | None  # the part's key; None for the whole contribution
    label: str | None
    amount: money.AmountOverTime
    indexation: model.Indexation | None
    holder: model.Node  # the contribution or part, for locations


def parts_paid_apart(contribution: model.Contribution) -> bool:
    """Whether the parts are scheduled one by one: when any says something of its own about
    indexation, or is given on another basis (`per`) than its contribution (a part for the whole
    period under a yearly contribution is not in the contribution's yearly `amount`)."""
    return any(part.fixed or part.indexation is not None or (part.per or contribution.per) != contribution.per
               for part in contribution.parts.values())


def pieces_of(economy: model.Economy, contribution: model.Contribution) -> list[Piece]:
    """The contribution as one piece, or, when its parts are paid apart, one piece per part with an amount."""
    if not parts_paid_apart(contribution):
        return [Piece(None, None, money.AmountOverTime.of(contribution), indexation_of(economy, contribution),
                      contribution)]
    return [Piece(handle, part.label, money.AmountOverTime(part.value, part.per or contribution.per),
                  indexation_of(economy, contribution, part), part)
            for handle, part in contribution.parts.items() if part.value is not None]


@dataclass(frozen=True)
class IndexGap:
    """Something about indexation that cannot be computed: `kind` is "no-series" (an index without a
    series), "unknown-series" (a series that does not exist) or "missing-year" (a year the series lacks)."""

    kind: str
    index: str
    series: str | None
    location: Location
    year: int | None = None
    used_year: int | None = None  # the year whose figure stands in for a missing one; None: 0 %
    from_year: int | None = None  # "no-series": the first year the indexation would index, when it says

    @property
    def sv(self) -> str:
        if self.kind == "no-series":
            return (f"{self.index} har ingen indexserie (series), så beloppen räknas inte upp. Ange en serie i "
                    "sources/index/<id>.yaml och dess id under indexation.series, eller ta bort uppräkningen.")
        if self.kind == "unknown-series":
            return (f"indexserien `{self.series}` finns inte (sources/index/{self.series}.yaml). "
                    "Kontrollera id:t eller lägg till serien.")
        instead = f"planen använder {self.used_year} års siffra i stället" if self.used_year else "planen räknar med 0 %"
        return (f"indexserien `{self.series}` saknar en siffra för {self.year}, som perioden behöver; {instead}. "
                f"Lägg till {self.year} i sources/index/{self.series}.yaml (preliminary tills utfallet finns).")

    @property
    def en(self) -> str:
        if self.kind == "no-series":
            return (f"{self.index} has no index series (series), so the amounts are not indexed. Add a series in "
                    "sources/index/<id>.yaml and its id under indexation.series, or remove the indexation.")
        if self.kind == "unknown-series":
            return (f"the index series `{self.series}` does not exist (sources/index/{self.series}.yaml). "
                    "Check the id or add the series.")
        instead = f"the schedule uses the figure of {self.used_year} instead" if self.used_year \
            else "the schedule computes with 0 %"
        return (f"the index series `{self.series}` has no figure for {self.year}, which the period needs; {instead}. "
                f"Add {self.year} to sources/index/{self.series}.yaml (preliminary until the outcome is known).")

    def text(self, lang: str = "sv") -> str:
        return self.en if lang == "en" else self.sv


def index_gaps(document: model.Node, series: Mapping[str, model.IndexSeries],
               years: range | None) -> list[IndexGap]:
    """What the document's indexations cannot compute over `years` (the period's calendar years; None
    when the period has no real dates, so only missing series are known)."""
    gaps: list[IndexGap] = []
    economy = getattr(document, "economy", None)
    for indexation in indexes.indexations(document):
        if not indexation.series:
            gaps.append(IndexGap("no-series", indexation.index, None, indexation.at("index"),
                                 from_year=getattr(indexation.start, "year", None)))
            continue
        chosen = series.get(indexation.series)
        if chosen is None:
            gaps.append(IndexGap("unknown-series", indexation.index, indexation.series, indexation.at("series")))
            continue
        start = getattr(indexation.start, "year", None)
        if years is None or start is None:
            continue
        levels = [c.price_level if c.price_level is not None else years.start
                  for c in economy.contributions.values()] if economy else []
        first_level = min(levels or [years.start])
        for year in range(max(start, first_level + 1), years.stop):
            figure = indexes.figure_for(chosen, year)
            if figure.stands_in_for:
                gaps.append(IndexGap("missing-year", indexation.index, indexation.series, indexation.at("series"),
                                     year, figure.source_year))
    return gaps


def factor_over(pieces: list[tuple[Decimal, Decimal]]) -> Decimal:
    """The factor of several pieces together: what they pay over what they are at the price level."""
    base = sum((b for b, _ in pieces), Decimal(0))
    paid = sum((b * f for b, f in pieces), Decimal(0))
    return paid / base if base else Decimal(1)
