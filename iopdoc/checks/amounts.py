"""Rules on money: contributions add up, hours × rate is the stated value, amounts are plain kronor,
and prose states no amount the data does not have."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from iopdoc import locale_sv, model
from iopdoc.facts import money, written_amounts
from iopdoc.facts.totals import totals_of
from iopdoc.errors import Severity
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import SENTENCE_END, Fact, facts_of, nearest, period_dates, section_prose, sentence_at, walk, years_named

kr = locale_sv.format_amount


def listed(contributions) -> str:
    return " + ".join(f"{handle} {kr(c.amount)}" for handle, c in contributions.items())


@rule("IOP201", Severity.ERROR, "Bidragen summerar till den angivna totalen", "The contributions add up to the stated total")
def contributions_add_up(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads `economy.total` and each contribution's `amount` when all are on the total's basis (`per: year` or
    `per: total`): they add up to the total, to the öre. Ignores amounts that differ by year (`years`:
    IOP221 compares each year) and a mix of yearly and whole-period amounts (IOP203), so that each
    difference is reported once, by the rule that can count it."""
    economy = document.economy
    if not economy or not economy.total or not economy.contributions:
        return
    if any(c.years for c in economy.contributions.values()):
        return  # amounts that differ by year: IOP221 compares each year
    same_basis = {h: c for h, c in economy.contributions.items() if c.per == economy.total.per}
    if len(same_basis) != len(economy.contributions):
        return  # a mix of yearly and whole-period amounts: IOP203 compares those
    total = sum((c.amount for c in same_basis.values()), Decimal(0))
    if total != economy.total.amount:
        yield Finding(economy.total.at("amount"),
                      f"totalen anges som {kr(economy.total.amount)}, men bidragen summerar till {kr(total)} "
                      f"({listed(same_basis)}); skillnaden är {kr(abs(total - economy.total.amount))}. Rätta totalen eller ett bidrag.",
                      f"the total is stated as {kr(economy.total.amount)}, but the contributions add up to {kr(total)} "
                      f"({listed(same_basis)}); the difference is {kr(abs(total - economy.total.amount))}. "
                      "Correct the total or a contribution.")


@rule("IOP202", Severity.ERROR, "Timmar × timvärde är det angivna värdet", "Hours × hourly rate equal the stated value")
def in_kind_value_adds_up(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads each contribution's in-kind work (`in_kind`: `hours`, `hourly_rate`, `value`): hours × hourly rate
    is the stated value exactly, since that value is what the agreement counts as the party's work. Ignores
    in-kind work without a stated `value`; hours in a contribution's parts are IOP208's."""
    for handle, contribution in (document.economy.contributions.items() if document.economy else ()):
        in_kind = contribution.in_kind
        if in_kind and in_kind.value is not None and in_kind.hours * in_kind.hourly_rate != in_kind.value:
            product = in_kind.hours * in_kind.hourly_rate
            yield Finding(in_kind.at("value"),
                          f"{locale_sv.format_number(in_kind.hours)} timmar × {kr(in_kind.hourly_rate)} är {kr(product)}, "
                          f"inte {kr(in_kind.value)}. Rätta värdet, timmarna eller timvärdet.",
                          f"{locale_sv.format_number(in_kind.hours)} hours × {kr(in_kind.hourly_rate)} is {kr(product)}, "
                          f"not {kr(in_kind.value)}. Correct the value, the hours or the rate.")


@rule("IOP203", Severity.ERROR, "Årligt belopp × antal år är totalen för perioden",
      "A yearly amount × years equals the stated total for the period")
def yearly_times_years(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """A period of part years counts its months: 600 000 kr a year over 2025-01-01 to 2027-06-30 is
    1 500 000 kr. Amounts are compared to the whole krona. Reads a total stated for the
    whole period (`per: total`); ignores a yearly total (IOP201, IOP221) and a period not filled in."""
    economy, totals = document.economy, totals_of(document)
    if not economy or not economy.total or economy.total.per != "total" or not totals or totals.over_period is None:
        return
    over_period = totals.over_period
    if abs(over_period - economy.total.amount) >= 1:
        years = say_years(totals.years)
        yield Finding(economy.total.at("amount"),
                      f"totalen för perioden anges som {kr(economy.total.amount)}, men bidragen över {years[0]} "
                      f"blir {kr(over_period)}. Rätta totalen eller ett bidrag.",
                      f"the total for the period is stated as {kr(economy.total.amount)}, but the contributions over "
                      f"{years[1]} come to {kr(over_period)}. Correct the total or a contribution.")


def say_years(years: Decimal) -> tuple[str, str]:
    """`3 år` / `3 years`; a part year with its months: `2,5 år (30 månader)`."""
    if years == years.to_integral_value():
        return f"{int(years)} år", f"{int(years)} years"
    months = format((years * 12).quantize(Decimal("0.1")).normalize(), "f")
    shown = format(years.quantize(Decimal("0.01")).normalize(), "f")
    return (f"{shown.replace('.', ',')} år ({months.replace('.', ',')} månader)", f"{shown} years ({months} months)")


@rule("IOP204", Severity.ERROR, "Belopp är hela kronor eller ören, inte negativa",
      "Amounts are whole kronor or öre, not negative")
def amounts_are_plain(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads every amount under `economy` (contributions, parts, in-kind values and rates, totals, amounts per
    year): none is negative (a reduction is a smaller amount) and none has more decimals than öre, which the
    schedule, the XLSX and the payments could not pay. Ignores hour counts, which may be fractions."""
    if not document.economy:
        return
    for fact in walk(document.economy, "economy"):
        if not isinstance(fact.value, Decimal) or fact.name == "hours":
            continue
        if fact.value < 0:
            yield Finding(fact.location, f"`{fact.path}` är negativt ({fact.value}). Belopp anges som positiva tal.",
                          f"`{fact.path}` is negative ({fact.value}). Amounts are positive numbers.")
        elif fact.value != fact.value.quantize(Decimal("0.01")):
            yield Finding(fact.location, f"`{fact.path}` har fler decimaler än ören ({fact.value}). Avrunda till hela ören.",
                          f"`{fact.path}` has more decimals than öre ({fact.value}). Round to whole öre.")


def derived_facts(document: model.Node) -> list[Fact]:
    """The amounts computed from the facts (totals.py), as facts prose may state or refer to."""
    totals = totals_of(document)
    if totals is None:
        return []
    owner = document.economy
    found = [Fact(owner, "totals", value, f"totals.{name}") for name, value in
             (("per_year", totals.per_year), ("over_period", totals.over_period)) if value is not None]
    for handle, party in totals.parties.items():
        if party.over_period is not None:  # with amounts that differ by year (`years`) too
            found.append(Fact(owner, "totals", party.over_period, f"totals.parties.{handle}.over_period"))
    for handle, contribution in owner.contributions.items():  # volunteer hours × hourly rate
        for key, part in contribution.parts.items():
            if part.amount is None and part.value is not None:
                found.append(Fact(part, "value", part.value, f"economy.contributions.{handle}.parts.{key}.value"))
    return found


def table_amounts(memo: model.Node) -> list[Fact]:
    """A memo's table rows and sum in kronor (the table may be in tkr)."""
    table = getattr(memo, "table", None)
    if table is None:
        return []
    scale = Decimal(1000) if table.unit == "tkr" else Decimal(1)
    found = [Fact(row, "amount", row.amount * scale, f"table.rows[{index}].amount") for index, row in enumerate(table.rows)]
    return found + ([Fact(table, "total", table.total * scale, "table.total")] if table.total is not None else [])


def rate_products(document: model.Node) -> list[Fact]:
    """A rate's product with its count (`8 kr per kommuninvånare` × 62 500 = 500 000 kr), as facts."""
    return [Fact(figure, "count", figure.amount * figure.count, f"figures.{key}.amount × figures.{key}.count")
            for key, figure in getattr(document, "figures", {}).items() if figure.count is not None]


def sums_over_years(document: model.Node, years: tuple[int, ...]) -> list[Fact]:
    """What several years of the period come to (`under 2026–2028 … sammanlagt 1 200 000 kronor`): each
    contribution's amounts over those years, and all of them, as the schedule counts them at the price level."""
    economy, dates = getattr(document, "economy", None), period_dates(document) if isinstance(document, model.Agreement) else None
    if economy is None or not dates or not economy.contributions:
        return []
    found, every = [], Decimal(0)
    for handle, contribution in economy.contributions.items():
        if contribution.amount is None:
            return []
        per = money.amounts_per_year(money.AmountOverTime.of(contribution), *dates, economy.part_years)
        if not all(year in per for year in years):
            return []
        together = sum((per[year] for year in years), Decimal(0))
        every += together
        found.append(Fact(contribution, "amount", together, f"economy.contributions.{handle}.amount"))
    return found + [Fact(economy, "amount", every, "economy.contributions")]


# Words that say a sentence states a change: its amounts may be the difference of two facts.
CHANGE = re.compile(r"minska|öka|höj|sänk|sänkning|förändr|ändras|skillnad|mer än|mindre än|lägre|högre", re.IGNORECASE)


def differences(known: list[Fact]) -> list[Fact]:
    """The difference of each two amounts (`bidraget minskas med 200 000 kronor`: 680 000 − 480 000)."""
    return [Fact(a.owner, a.name, abs(a.value - b.value), f"{a.path} − {b.path}")
            for index, a in enumerate(known) for b in known[index + 1:] if a.value != b.value]





def example_amount_path(document: model.Node) -> str | None:
    """A fact path that exists in this document, to show how prose refers to an amount."""
    economy = document.economy
    if economy is not None and economy.total is not None:
        return "economy.total.amount"
    if economy is not None and economy.contributions:
        return f"economy.contributions.{next(iter(economy.contributions))}.amount"
    return None


def written_range(amount: written_amounts.WrittenAmount) -> tuple[str, str]:
    """What a rounded or approximate amount allows, for the message: ` (1 450 000–1 550 000 kr)`."""
    if amount.exact:
        return "", ""
    span = f"{locale_sv.format_amount(amount.low, unit='')}–{kr(amount.high)}"
    if amount.approximation:
        return (f" (med `{amount.approximation}` {span})", f" (with `{amount.approximation}` {span})")
    return f" (avrundat {span})", f" (rounded {span})"


@rule("IOP205", Severity.WARNING, "Belopp i texten finns bland fakta", "Amounts written in prose are facts")
def prose_amounts_are_facts(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """An amount written as a literal in prose (not a `{{ reference }}`) must be one of the amounts in
    the data or computed from it (`totals`: per year, over the period), so the text cannot silently
    disagree with it. It is compared at the precision written: `1 020 tkr` and `1,02 mnkr` match
    1 020 000 kr, `2 mnkr` does not; words (`tre miljoner kronor`, `en halv miljon kronor`) count as
    written. After an approximation word the word alone sets the range, edges included: `drygt x` is
    [x, x·1,15], `knappt x` [x·0,85, x], `cirka`, `ca`, `omkring`, `ungefär` or `runt x` [x·0,9, x·1,1].
    Reads too the amounts a document states as context (`figures:` the earlier agreement's amount, a
    rate per inhabitant, and a rate × its count), the linked documents' amounts (a predecessor's,
    `supersedes`), in a sentence about a change (`minskas med`, `ökar med`) the difference of
    any two, and after years named together (`under 2026–2028`) what a party, or all, pays over them. Years, law references (2 kap. 2 §) and hour counts carry no currency and are not amounts."""
    known = [fact for fact in facts_of(document, context.linked, Decimal) if fact.name not in ("hours", "count", "year")]
    known += derived_facts(document) + rate_products(document)
    for prose, text in section_prose(document):
        for amount in written_amounts.find_amounts(text):
            if any(amount.matches(fact.value) for fact in known):
                continue
            sentence_start = max([m.end() for m in SENTENCE_END.finditer(text, 0, amount.start)] or [0])
            together = [years for _, _, years in years_named(text, sentence_start, amount.start) if len(years) > 1]
            if together and any(amount.matches(fact.value) for fact in sums_over_years(document, together[-1])):
                continue
            if CHANGE.search(sentence_at(text, amount.start)) and \
                    any(amount.matches(fact.value) for fact in differences(known)):
                continue
            closest = nearest(amount.value, known, lambda value, written: abs(value - written))
            allowed = written_range(amount)
            # The example is the amount of the same size when there is one (a part's, a party's), not the total.
            example = closest.path if closest is not None and closest.path.startswith("economy.") \
                and closest.name in ("amount", "value") and closest.value / 2 <= amount.value <= closest.value * 2 \
                else example_amount_path(document)
            if closest is None or abs(closest.value - amount.value) > closest.value / 10:  # not a slip of the pen
                if example:
                    suggestion = (f"Lägg beloppet i `economy` och hänvisa till det, t.ex. `{{{{ {example} | kr }}}}`, "
                                  "eller, om det är ett belopp i sammanhanget (föregångarens, en taxa), i `figures:`.",
                                  f"Put it in `economy` and refer to it, e.g. `{{{{ {example} | kr }}}}`, or, if it is "
                                  "a figure of the context (a predecessor's, a rate), in `figures:`.")
                else:
                    suggestion = ("Lägg beloppet i `economy` (t.ex. `contributions:` med `amount:` per part) och "
                                  "hänvisa till det.",
                                  "Put it in `economy` (e.g. `contributions:` with an `amount:` per party) and refer to it.")
            else:
                expression = f"{{{{ {closest.path} | kr }}}}"
                suggestion = (f"Närmast bland fakta är {kr(closest.value)} (`{closest.path}`): skriv `{expression}` om det "
                              "är det som avses, annars lägg beloppet i `economy` och hänvisa till det.",
                              f"The nearest fact is {kr(closest.value)} (`{closest.path}`): write `{expression}` if that "
                              "is what is meant, or else put the amount in `economy` and refer to it.")
            yield Finding(prose.location_of(amount.start),
                          f"beloppet `{amount.text}`{allowed[0]} är skrivet direkt i texten och finns inte i datan, så texten "
                          f"kan säga något annat än fakta. {suggestion[0]}",
                          f"the amount `{amount.text}`{allowed[1]} is written into the prose and is not in the data, so the "
                          f"text can disagree with the facts. {suggestion[1]}")


@rule("IOP206", Severity.ERROR, "Ideell insats ryms i partens bidrag", "In-kind work is part of the party's contribution")
def in_kind_within_contribution(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads each contribution's `amount` and its `in_kind.value`: in-kind work is part of the party's
    contribution, so its value cannot exceed the whole. Ignores in-kind work without a stated value; equal
    passes (a contribution made wholly in kind)."""
    for handle, contribution in (document.economy.contributions.items() if document.economy else ()):
        in_kind = contribution.in_kind
        if in_kind and in_kind.value is not None and in_kind.value > contribution.amount:
            yield Finding(in_kind.at("value"),
                          f"den ideella insatsen ({kr(in_kind.value)}) är större än {handle}s hela bidrag "
                          f"({kr(contribution.amount)}), som den är en del av. Rätta något av beloppen.",
                          f"the in-kind value ({kr(in_kind.value)}) exceeds {handle}'s whole contribution "
                          f"({kr(contribution.amount)}), of which it is a part. Correct one of the amounts.")


@rule("IOP209", Severity.WARNING, "En taxa gånger antalet är ett av beloppen", "A rate times its count is one of the amounts",
      kinds=("agreement", "memo"))
def rate_times_count(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """Reads each figure with a `count` (`figures.taxa`: 8 kr per kommuninvånare, 62 500 of them) and
    computes the product; it must be one of the document's own amounts (a contribution, a part, the
    total, a table row) to the whole krona, since that is what the rate is stated to explain. Ignores
    figures without a count."""
    amounts = [fact for fact in walk(document) if isinstance(fact.value, Decimal)
               and fact.name not in ("hours", "count", "year") and not fact.path.startswith(("figures.", "table."))]
    amounts += derived_facts(document) if isinstance(document, model.Agreement) else table_amounts(document)
    for key, figure in getattr(document, "figures", {}).items():
        if figure.count is None:
            continue
        product = figure.amount * figure.count
        if any(abs(fact.value - product) < 1 for fact in amounts):
            continue
        closest = nearest(product, amounts, lambda value, wanted: abs(value - wanted))
        near = (f" Närmast är {kr(closest.value)} (`{closest.path}`).", f" The nearest is {kr(closest.value)} "
                f"(`{closest.path}`).") if closest is not None else ("", "")
        per = f" per {figure.per}" if figure.per else ""
        yield Finding(figure.at("count"),
                      f"{kr(figure.amount)}{per} × {locale_sv.format_number(figure.count)} är {kr(product)}, som inte "
                      f"är något av dokumentets belopp.{near[0]} Rätta taxan, antalet eller beloppet.",
                      f"{kr(figure.amount)}{per} × {locale_sv.format_number(figure.count)} is {kr(product)}, which is "
                      f"none of the document's amounts.{near[1]} Correct the rate, the count or the amount.",
                      related=(figure.at("amount"),))
