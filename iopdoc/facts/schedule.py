"""The payment schedule of an agreement: per year and payment date, the base amount at its price
level, the index applied, and the amount to pay; totals per year and over the period.

Only public parties' contributions are paid out, so only they are scheduled. Every assumption
the schedule has to make (no pro-rating rule stated, a missing index figure, payment as free text)
is one of its `notes`, shown with it: nothing is assumed silently.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from iopdoc.facts import bank_days, indexation as indexing, indexes, money
from iopdoc import model
from iopdoc.facts.indexes import IndexFigure


@dataclass(frozen=True)
class Instalment:
    date: dt.date | None  # the day it is paid, a bank day; None: the payment is free text, so no date is known
    base: Decimal  # at the price level, to the öre
    amount: Decimal  # to pay, whole kronor
    in_period: bool = True
    nominal: dt.date | None = None  # the day the agreement names, when banks are closed that day

    @property
    def nominal_date(self) -> dt.date | None:
        return self.nominal or self.date


@dataclass(frozen=True)
class PieceYear:
    """One part's year, when the parts of a contribution are paid apart."""

    handle: str
    label: str
    base: Decimal
    index: str | None  # None: not indexed (fixed)
    figures: tuple[IndexFigure, ...]
    factor: Decimal
    amount: Decimal  # whole kronor


@dataclass(frozen=True)
class ScheduleYear:
    year: int
    share: Decimal  # of a whole year
    base: Decimal
    figures: tuple[IndexFigure, ...]  # the index figures applied, one per indexed year (of every indexed piece)
    factor: Decimal  # amount over base when parts are paid apart
    amount: Decimal
    instalments: tuple[Instalment, ...]
    pieces: tuple[PieceYear, ...] = ()  # the parts, when they are paid apart


@dataclass(frozen=True)
class PartySchedule:
    handle: str
    party: str
    committee: str | None
    price_level: int | None
    years: tuple[ScheduleYear, ...]

    @property
    def base_total(self) -> Decimal:
        return sum((y.base for y in self.years), Decimal(0))

    @property
    def total(self) -> Decimal:
        return sum((y.amount for y in self.years), Decimal(0))


@dataclass(frozen=True)
class Note:
    sv: str
    en: str

    def text(self, lang: str = "sv") -> str:
        return self.en if lang == "en" else self.sv


@dataclass(frozen=True)
class Schedule:
    identifier: str
    title: str
    start: dt.date
    end: dt.date
    rule: str  # the pro-rating rule used
    payment: str  # as prose says it
    index: str | None  # the index's name
    series: str | None  # the series id the figures come from
    index_from: dt.date | None
    parties: tuple[PartySchedule, ...]
    notes: tuple[Note, ...]

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    def year_total(self, year: int) -> Decimal:
        return sum((y.amount for p in self.parties for y in p.years if y.year == year), Decimal(0))

    @property
    def total(self) -> Decimal:
        return sum((p.total for p in self.parties), Decimal(0))


def payment_dates(payment: model.Payment, part: money.YearPart) -> list[tuple[dt.date, bool]]:
    """A year's payment dates, each with whether it is inside the period.

    In advance: the start of each term the period touches (the period's start in the first term).
    On fixed days: the days the payment names in that calendar year; those outside the period are
    kept, marked, unless other dates of the year are inside it (a quarter before the start is simply
    not paid)."""
    year, step = part.year, 12 // model.TIMES_A_YEAR[payment.frequency]
    if payment.in_advance:
        dates = []
        for first_month in range(1, 13, step):
            term_start = dt.date(year, first_month, 1)
            term_end = dt.date(year, first_month + step - 1, calendar.monthrange(year, first_month + step - 1)[1])
            if term_end >= part.start and term_start <= part.end:
                dates.append((max(term_start, part.start), True))
        return dates
    dates = []
    for month in payment.months:
        day = min(payment.day or 1, calendar.monthrange(year, month)[1])
        date = dt.date(year, month, day)
        dates.append((date, part.start <= date <= part.end))
    inside = [d for d in dates if d[1]]
    return inside or dates


def schedule_of(agreement: model.Agreement, series: Mapping[str, model.IndexSeries],
                non_bank_day: str = "next") -> Schedule | None:
    """The agreement's schedule, or None when its period has no real dates in order (IOP101/IOP102 say why).

    A payment due on a day banks are closed is made on the next bank day (or the previous one,
    `non_bank_day`), and keeps the day the agreement names as `nominal`."""
    start, end = agreement.period.start, agreement.period.end
    if not (isinstance(start, dt.date) and isinstance(end, dt.date) and start <= end):
        return None
    economy = agreement.economy or model.Economy()
    notes: list[Note] = []
    rule = economy.part_years or money.DEFAULT_RULE
    if economy.part_years is None and money.has_part_year(start, end):
        sv, en = money.RULE_NAMES[rule]
        notes.append(Note(f"Ingen regel för delår anges (economy.part_years); delåren är räknade {sv}.",
                          f"No rule for part years is stated (economy.part_years); part years are counted {en}."))
    payment = economy.payment
    if not isinstance(payment, model.Payment):
        notes.append(Note("Utbetalningen anges som fri text, så planen har inga datum; ange den som data "
                          "(economy.payment.frequency, month).",
                          "The payment is stated as free text, so the schedule has no dates; state it as data "
                          "(economy.payment.frequency, month)."))
    indexation = economy.indexation
    index_from = indexation.start if indexation and isinstance(indexation.start, dt.date) else None
    chosen = series.get(indexation.series) if indexation and indexation.series else None
    for gap in indexing.index_gaps(agreement, series, None):
        notes.append(Note(f"Ingen indexserie för {gap.index} finns ({gap.series or 'ingen serie angiven'}), så "
                          "beloppen som den gäller är inte uppräknade.",
                          f"There is no index series for {gap.index} ({gap.series or 'no series given'}), so the "
                          "amounts it applies to are not indexed."))
    parts = money.year_parts(start, end, rule)
    scheduled = []
    stood_in: dict[tuple[str, int], IndexFigure] = {}
    for handle, contribution in economy.contributions.items():
        party = agreement.party(handle)
        if party is None or party.sector != "public":
            continue
        price_level = contribution.price_level if contribution.price_level is not None else start.year
        pieces = indexing.pieces_of(economy, contribution)
        if contribution.years and indexing.parts_paid_apart(contribution):
            notes.append(Note(f"{handle}: belopp för enskilda år (years) gäller hela bidraget, men delarna betalas "
                              "var för sig; planen följer delarnas belopp (IOP231).",
                              f"{handle}: amounts for single years (years) are for the whole contribution, but its "
                              "parts are paid apart; the schedule follows the parts' amounts (IOP231)."))
        bases = [money.amounts_per_year(piece.amount, start, end, rule) for piece in pieces]
        years = []
        for part in parts:
            piece_years = []
            for piece, piece_bases in zip(pieces, bases):
                figures: tuple[IndexFigure, ...] = ()
                used = series.get(piece.indexation.series) if piece.indexation and piece.indexation.series else None
                begins = piece.indexation.start if piece.indexation else None
                if used is not None and isinstance(begins, dt.date):
                    figures = indexes.figures_for(used, part.year, price_level, begins.year)
                    stood_in.update({(used.id, f.year): f for f in figures if f.stands_in_for})
                factor = indexes.factor_of(figures)
                base = piece_bases[part.year]
                piece_years.append(PieceYear(piece.handle or handle, piece.label or "",
                                             base, piece.indexation.index if piece.indexation else None,
                                             figures, factor, money.to_kronor(base * factor)))
            base = sum((p.base for p in piece_years), Decimal(0))
            amount = sum((p.amount for p in piece_years), Decimal(0))
            figures = tuple({f.year: f for p in piece_years for f in p.figures}.values())
            factor = piece_years[0].factor if len(piece_years) == 1 else \
                indexing.factor_over([(p.base, p.factor) for p in piece_years])
            if isinstance(payment, model.Payment):
                dates = payment_dates(payment, part)
                base_parts = money.split(base, len(dates), money.ORE)
                amounts = money.split(amount, len(dates))
                paid = [bank_days.bank_day(d, non_bank_day) for d, _ in dates]
                instalments = tuple(Instalment(actual, b, a, inside, d if actual != d else None)
                                    for (d, inside), actual, b, a in zip(dates, paid, base_parts, amounts))
            else:
                instalments = (Instalment(None, base, amount),)
            shown = tuple(piece_years) if pieces[0].handle is not None else ()
            years.append(ScheduleYear(part.year, part.share, base, figures, factor, amount, instalments, shown))
        scheduled.append(PartySchedule(handle, party.name, party.acting_through, contribution.price_level, tuple(years)))
    for (series_id, year), figure in sorted(stood_in.items()):
        if figure.source_year is None:
            notes.append(Note(f"Indexserien {series_id} har ingen siffra alls; {year} är räknat med 0 %.",
                              f"The index series {series_id} has no figure at all; {year} is computed at 0 %."))
        else:
            notes.append(Note(f"Indexserien {series_id} saknar {year}; {figure.source_year} års siffra används i stället.",
                              f"The index series {series_id} lacks {year}; the figure of {figure.source_year} is used instead."))
    return Schedule(agreement.id, agreement.title, start, end, rule, str(payment) if payment else "",
                    indexation.index if indexation else None, chosen.id if chosen else None, index_from,
                    tuple(scheduled), tuple(notes))
