"""Rules on money over time: the schedule agrees with stated totals and with amounts written for a
year, payments fall in the period, and part years have a stated pro-rating rule. (The rules on
indexation are in `checks/indexation.py`.)"""
from __future__ import annotations

import calendar
import re
from decimal import Decimal
from typing import Iterator

from iopdoc import locale_sv, model
from iopdoc.facts import money, written_amounts
from iopdoc.errors import Severity
from iopdoc.facts.schedule import schedule_of
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import period_dates, section_prose, years_named

kr = locale_sv.format_amount


def schedule_for_rules(document: model.Agreement, context: CheckContext):
    """The agreement's schedule as the resolve step computed it (run_checks gives it to every rule);
    derived here only for a rule called on its own, as a test may."""
    return context.schedule if context.resolved else schedule_of(document, context.index_series,
                                                                 context.config.non_bank_day)


SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")


def contributions_over_time(document: model.Agreement):
    economy = document.economy
    return [(handle, c, money.AmountOverTime.of(c)) for handle, c in (economy.contributions.items() if economy else ())]


@rule("IOP221", Severity.ERROR, "Varje års bidrag summerar till den angivna årliga totalen",
      "Each year's contributions add up to the stated yearly total")
def each_year_adds_up(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Where amounts differ by year (`years`), a total stated per year must be each whole year's sum,
    as the schedule counts it. (IOP201 compares constant yearly amounts; IOP203 totals over the period.)
    Ignores part years, whose share is not the yearly total."""
    economy, dates = document.economy, period_dates(document)
    if not economy or not economy.total or economy.total.per != "year" or not economy.contributions or not dates:
        return
    items = contributions_over_time(document)
    if not any(over.by_year for _, _, over in items):
        return
    per_year = [money.amounts_per_year(over, *dates, economy.part_years) for _, _, over in items]
    for part in money.year_parts(*dates, economy.part_years):
        if not part.whole:
            continue  # a part year's share is not the stated yearly total
        total = sum((amounts[part.year] for amounts in per_year), Decimal(0))
        if total != economy.total.amount:
            listed = " + ".join(f"{handle} {kr(amounts[part.year])}" for (handle, _, _), amounts in zip(items, per_year))
            yield Finding(economy.total.at("amount"),
                          f"totalen anges som {kr(economy.total.amount)} per år, men {part.year} summerar bidragen "
                          f"till {kr(total)} ({listed}). Rätta totalen eller årets belopp.",
                          f"the total is stated as {kr(economy.total.amount)} per year, but in {part.year} the "
                          f"contributions add up to {kr(total)} ({listed}). Correct the total or that year's amount.")


@rule("IOP222", Severity.ERROR, "Belopp som texten anger för ett år är planens",
      "An amount prose states for a year is the schedule's")
def prose_year_amounts(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads each amount written in a sentence that names a year of the period before it: the amount
    is one of that year's (a contribution's base amount, its amount to pay, or their sum). After years
    named together (`2026–2028`, `mellan 2026 och 2028`, `åren 2027 och 2028`) it is one of those
    years' amounts or what they come to together (a party's, or all of it), not the last year's. Ignores
    sentences naming no year of the period (history, `2025 års prisläge`) and full dates; whether the
    amount is a fact at all is IOP205's."""
    schedule, dates = schedule_for_rules(document, context), period_dates(document)
    if schedule is None or not dates:
        return
    expected: dict[int, set[Decimal]] = {}
    bases: dict[str, dict[int, Decimal]] = {}
    for handle, _, over in contributions_over_time(document):
        bases[handle] = money.amounts_per_year(over, *dates, document.economy.part_years)
        for year, base in bases[handle].items():
            expected.setdefault(year, set()).add(base)
    for year in schedule.years:
        bucket = expected.setdefault(year, set())
        bucket |= {y.amount for p in schedule.parties for y in p.years if y.year == year}
        bucket.add(sum(bucket, Decimal(0)) if len(bucket) > 1 else next(iter(bucket), Decimal(0)))
        bucket.add(schedule.year_total(year))

    def together(years: tuple[int, ...]) -> set[Decimal]:
        """What several years come to: each party's base and amount to pay over them, and all of it."""
        sums = {sum((y.amount for y in p.years if y.year in years), Decimal(0)) for p in schedule.parties}
        sums |= {sum((per[y] for y in years if y in per), Decimal(0)) for per in bases.values()}
        every_base = sum((per[y] for per in bases.values() for y in years if y in per), Decimal(0))
        return sums | {sum((schedule.year_total(y) for y in years), Decimal(0)), every_base}

    for prose, text in section_prose(document):
        for written in written_amounts.find_amounts(text):
            sentence_start = max([m.end() for m in SENTENCE_END.finditer(text, 0, written.start)] or [0])
            named = [years for _, _, years in years_named(text, sentence_start, written.start)]
            years = next((ys for ys in reversed(named) if all(y in expected for y in ys)), None)
            if years is None:
                continue
            if len(years) == 1:
                allowed = expected[years[0]]
                when = (str(years[0]), str(years[0]), "det året", "that year")
            else:  # for each of the years, or for them together
                allowed_together = together(years)
                allowed = set().union(*(expected[y] for y in years)) | allowed_together
                shown = f"{years[0]}–{years[-1]}" if list(years) == list(range(years[0], years[-1] + 1)) \
                    else ", ".join(map(str, years))
                when = (shown, shown, "för de åren tillsammans", "for those years together")
            if any(written.matches(amount) for amount in allowed):
                continue
            listed = sorted(a for a in (allowed if len(years) == 1 else allowed_together) if a) or [Decimal(0)]
            yield Finding(prose.location_of(written.start),
                          f"texten anger `{written.text}` för {when[0]}, men planen har "
                          f"{' eller '.join(kr(a) for a in listed)} {when[2]}. "
                          f"Hänvisa till beloppet, t.ex. `{{{{ economy.contributions.<part>.amount | kr }}}}`, eller rätta det.",
                          f"the prose states `{written.text}` for {when[1]}, but the schedule has "
                          f"{' or '.join(kr(a) for a in listed)} {when[3]}. "
                          "Refer to the amount, e.g. `{{ economy.contributions.<party>.amount | kr }}`, or correct it.")


@rule("IOP226", Severity.ERROR, "Utbetalningar sker inom perioden", "Payments fall within the period")
def payments_within_period(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads a structured `economy.payment` (a month or a day, or `in_advance`) and the days the schedule pays
    on: each lies within the period, counted on the day the agreement names, not the bank day it moves to,
    since money paid before the start or after the end is outside what was agreed. Ignores a payment written
    as free text, whose days are not known."""
    schedule = schedule_for_rules(document, context)
    payment = document.economy.payment if document.economy else None
    if schedule is None or not isinstance(payment, model.Payment):
        return
    outside = sorted({i.nominal_date for p in schedule.parties for y in p.years for i in y.instalments
                      if i.date and not i.in_period})  # the day the agreement names, not the bank day
    if outside:
        shown = ", ".join(str(d) for d in outside)
        yield Finding(payment.at(),
                      f"utbetalningen ({payment}) infaller {shown}, utanför perioden {schedule.start} – {schedule.end}. "
                      "Ange en annan månad, eller `in_advance: true` för utbetalning vid periodens början.",
                      f"the payment ({payment}) falls on {shown}, outside the period {schedule.start} – {schedule.end}. "
                      "Choose another month, or `in_advance: true` to pay at the start of the period.")


@rule("IOP227", Severity.WARNING, "Delår har en regel för omräkning", "Part years have a pro-rating rule")
def part_year_rule_stated(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads the period's dates and `economy.part_years`: a period that does not run in whole calendar years
    has part years, and without a rule (`months`, `days`, `whole-year`) the first and last years' amounts
    are open to dispute; the schedule counts months meanwhile, and the warning says so. Ignores whole
    calendar years and an economy without contributions."""
    dates, economy = period_dates(document), document.economy
    if not dates or not economy or not economy.contributions or economy.part_years:
        return
    if money.has_part_year(*dates):
        parts = [p for p in money.year_parts(*dates, None) if not p.whole]
        shown = ", ".join(f"{p.year} ({p.start} – {p.end})" for p in parts)
        yield Finding(economy.at(),
                      f"perioden har delår ({shown}) men ingen regel för hur beloppen räknas om; planen räknar efter "
                      "antal månader. Ange `part_years: months`, `days` eller `whole-year` under economy.",
                      f"the period has part years ({shown}) but no rule for how amounts are pro-rated; the schedule "
                      "counts by months. State `part_years: months`, `days` or `whole-year` under economy.")


def day_problem(month: int | None, day: int | None) -> tuple[str, str] | None:
    if month is not None and not 1 <= month <= 12:
        return f"månad {month} finns inte (1–12)", f"there is no month {month} (1–12)"
    if day is not None:
        longest = calendar.monthrange(2024, month)[1] if month else 31  # 2024: a leap year
        if not 1 <= day <= longest:
            where = (f" i {model.MONTHS_SV[month - 1]}", f" in {calendar.month_name[month]}") if month else ("", "")
            return f"dag {day} finns inte{where[0]}", f"there is no day {day}{where[1]}"
    return None


@rule("IOP228", Severity.ERROR, "Utbetalnings-, möte- och rapportdagar finns i kalendern",
      "Payment, meeting and report days exist in the calendar")
def days_exist(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads the payment's month and day, the meeting months, the evaluation month and each report's due day
    (`follow_up.reports`): every day exists in the calendar (no 30 February), since the schedule and the calendar feed cannot place one that does not; and a payment `in_advance` names no `month`. Ignores payments
    and reports written as free text."""
    economy, follow_up = document.economy, document.follow_up
    payment = economy.payment if economy else None
    checked: list[tuple[model.Node, str, int | None, int | None]] = []
    if isinstance(payment, model.Payment):
        checked.append((payment, "day" if payment.day is not None else "month", payment.month, payment.day))
        if payment.in_advance and payment.month is not None:
            yield Finding(payment.at("month"),
                          "`month` gäller inte när `in_advance: true` (utbetalning vid varje terminsstart). Ta bort en av dem.",
                          "`month` does not apply with `in_advance: true` (payment at the start of each term). Remove one.")
    if follow_up:
        checked.extend((follow_up, "months_of_meetings", m, None) for m in follow_up.months_of_meetings)
        if follow_up.month_of_evaluation is not None:
            checked.append((follow_up, "month_of_evaluation", follow_up.month_of_evaluation, None))
        checked.extend((r, "day" if r.day is not None else "month", r.month, r.day)
                       for r in follow_up.reports if isinstance(r, model.Report))
    for node, name, month, day in checked:
        problem = day_problem(month, day)
        if problem:
            yield Finding(node.at(name), f"{problem[0]}. Rätta dagen.", f"{problem[1]}. Correct the day.")


@rule("IOP229", Severity.ERROR, "Belopp per år gäller periodens år, en gång", "Amounts per year are for the period's years, once each")
def year_amounts_in_period(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads each contribution's `years` (amounts for single years): each year lies within the period and is
    stated once, and a contribution stated for the whole period (`per: total`) has none, since its amount is
    not yearly. Ignores contributions without `years`."""
    dates = period_dates(document)
    for handle, contribution, _ in contributions_over_time(document):
        seen: set[int] = set()
        for item in contribution.years:
            if contribution.per == "total":
                yield Finding(item.at("year"),
                              f"{handle}s bidrag gäller hela perioden (per: total), så belopp per år kan inte anges.",
                              f"{handle}'s contribution is for the whole period (per: total), so amounts per year cannot be given.")
                break
            if item.year in seen:
                yield Finding(item.at("year"), f"året {item.year} står två gånger under {handle}. Ta bort en.",
                              f"the year {item.year} appears twice under {handle}. Remove one.")
            elif dates and not dates[0].year <= item.year <= dates[1].year:
                yield Finding(item.at("year"),
                              f"{item.year} ligger utanför perioden {dates[0]} – {dates[1]}. Rätta året eller perioden.",
                              f"{item.year} is outside the period {dates[0]} – {dates[1]}. Correct the year or the period.")
            seen.add(item.year)
