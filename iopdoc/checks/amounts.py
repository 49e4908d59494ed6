"""Rules on money: contributions add up, hours × rate is the stated value, amounts are plain kronor,
and prose states no amount the data does not have."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from .. import locale_sv, model
from ..errors import Severity
from . import CheckContext, Finding, rule
from .facts import facts_of, nearest, period_dates, section_prose, walk

kr = locale_sv.format_amount
# "1 345 500 kr", "660 000 kr/år", "12,50 kronor", "1 572 tkr", "3,9 mnkr" (spaces may be non-breaking).
PROSE_AMOUNT = re.compile(r"(?<![\d,])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,(\d{1,2}))?[ \u00a0]?(kr|kronor|tkr|mnkr)\b")
SCALE = {"kr": 1, "kronor": 1, "tkr": 1000, "mnkr": 1_000_000}


def listed(contributions) -> str:
    return " + ".join(f"{handle} {kr(c.amount)}" for handle, c in contributions.items())


@rule("IOP201", Severity.ERROR, "Bidragen summerar till den angivna totalen", "The contributions add up to the stated total")
def contributions_add_up(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    economy = document.economy
    if not economy or not economy.total or not economy.contributions:
        return
    if any(c.years for c in economy.contributions.values()):
        return  # amounts that differ by year: IOP221 compares them year by year
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
    economy, dates = document.economy, period_dates(document)
    if not economy or not economy.total or economy.total.per != "total" or not dates:
        return
    years = locale_sv.years_between(*dates)
    if years != years.to_integral_value() or not economy.contributions or any(c.years for c in economy.contributions.values()):
        return  # part years, or amounts that differ by year: IOP221 compares the schedule's total
    over_period = sum((c.amount * (years if c.per == "year" else 1) for c in economy.contributions.values()), Decimal(0))
    if over_period != economy.total.amount:
        yield Finding(economy.total.at("amount"),
                      f"totalen för perioden anges som {kr(economy.total.amount)}, men bidragen över {int(years)} år "
                      f"blir {kr(over_period)}. Rätta totalen eller ett bidrag.",
                      f"the total for the period is stated as {kr(economy.total.amount)}, but the contributions over "
                      f"{int(years)} years come to {kr(over_period)}. Correct the total or a contribution.")


@rule("IOP204", Severity.ERROR, "Belopp är hela kronor eller ören, inte negativa",
      "Amounts are whole kronor or öre, not negative")
def amounts_are_plain(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
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


@rule("IOP205", Severity.WARNING, "Belopp i texten finns bland fakta", "Amounts written in prose are facts")
def prose_amounts_are_facts(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """An amount written as a literal in prose (not a `{{ reference }}`) must be one of the amounts in
    the data, so the text cannot silently disagree with it. Years, law references (2 kap. 2 §) and hour
    counts carry no currency and are not amounts; `tkr` and `mnkr` match a fact they round."""
    known = [fact for fact in facts_of(document, context.linked, Decimal) if fact.name != "hours"]
    for prose, text in section_prose(document):
        for match in PROSE_AMOUNT.finditer(text):
            digits, ore, unit = match.groups()
            scale = SCALE[unit.lower()]
            value = (Decimal(re.sub(r"\D", "", digits)) + (Decimal(f"0.{ore}") if ore else 0)) * scale
            if any(fact.value == value or (scale > 1 and abs(value - fact.value) < scale) for fact in known):
                continue
            closest = nearest(value, known, lambda amount, written: abs(amount - written))
            if closest is None or abs(closest.value - value) > closest.value / 10:  # not a slip of the pen
                suggestion = ("Lägg beloppet i `economy` och hänvisa till det, t.ex. `{{ economy.total.amount | kr }}`.",
                              "Put it in `economy` and refer to it, e.g. `{{ economy.total.amount | kr }}`.")
            else:
                expression = f"{{{{ {closest.path} | kr }}}}"
                suggestion = (f"Närmast bland fakta är {kr(closest.value)} (`{closest.path}`): skriv `{expression}` om det "
                              "är det som avses, annars lägg beloppet i `economy` och hänvisa till det.",
                              f"The nearest fact is {kr(closest.value)} (`{closest.path}`): write `{expression}` if that "
                              "is what is meant, or else put the amount in `economy` and refer to it.")
            yield Finding(prose.location_of(match.start()),
                          f"beloppet `{match.group(0)}` är skrivet direkt i texten och finns inte i datan, så texten "
                          f"kan säga något annat än fakta. {suggestion[0]}",
                          f"the amount `{match.group(0)}` is written into the prose and is not in the data, so the "
                          f"text can disagree with the facts. {suggestion[1]}")


@rule("IOP206", Severity.ERROR, "Ideell insats ryms i partens bidrag", "In-kind work is part of the party's contribution")
def in_kind_within_contribution(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    for handle, contribution in (document.economy.contributions.items() if document.economy else ()):
        in_kind = contribution.in_kind
        if in_kind and in_kind.value is not None and in_kind.value > contribution.amount:
            yield Finding(in_kind.at("value"),
                          f"den ideella insatsen ({kr(in_kind.value)}) är större än {handle}s hela bidrag "
                          f"({kr(contribution.amount)}), som den är en del av. Rätta något av beloppen.",
                          f"the in-kind value ({kr(in_kind.value)}) exceeds {handle}'s whole contribution "
                          f"({kr(contribution.amount)}), of which it is a part. Correct one of the amounts.")
