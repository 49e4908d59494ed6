"""Rules on a contribution made of parts: each part has a value, and the parts add up to the party's
stated amount."""
from __future__ import annotations

from typing import Iterator

from iopdoc import locale_sv, model
from iopdoc.errors import Severity
from iopdoc.checks.registry import CheckContext, Finding, rule

kr = locale_sv.format_amount
PER_SV = {"year": "per år", "total": "för hela perioden"}
PER_EN = {"year": "per year", "total": "for the whole period"}


@rule("IOP207", Severity.ERROR, "Bidragets delar summerar till det angivna beloppet",
      "A contribution's parts add up to its stated amount")
def parts_add_up(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """A party's contribution may be written as labelled parts (`parts:`); its `amount`, when also
    written, is the parts given on the same basis (`per`) added up. Without `amount` it is computed.
    Ignores parts on another basis than the contribution's `amount` (a one-off part `per: total`
    beside yearly ones), which are not part of the yearly sum."""
    for handle, contribution in (document.economy.contributions.items() if document.economy else ()):
        if not contribution.parts or "amount" not in contribution.locations:
            continue
        total = contribution.parts_total(contribution.per)
        if total != contribution.amount:
            listed = " + ".join(f"{part.label} {kr(part.value or 0)}" for part in contribution.parts.values()
                                if (part.per or contribution.per) == contribution.per)
            yield Finding(contribution.at("amount"),
                          f"bidraget från `{handle}` anges som {kr(contribution.amount)} {PER_SV[contribution.per]}, men "
                          f"delarna summerar till {kr(total)} ({listed or 'inga'}). Rätta beloppet eller en del, "
                          "eller ta bort `amount` så räknas det ut.",
                          f"the contribution from `{handle}` is stated as {kr(contribution.amount)} "
                          f"{PER_EN[contribution.per]}, but its parts add up to {kr(total)} ({listed or 'none'}). "
                          "Correct the amount or a part, or remove `amount` to have it computed.")


@rule("IOP208", Severity.ERROR, "Varje bidrag och del har ett belopp", "Every contribution and part has an amount")
def parts_have_values(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """A contribution has an `amount` or `parts`; a part has an `amount`, or `hours` and `hourly_rate`
    (volunteer work at an hourly value), and when it has all three, hours × rate is the amount.
    Ignores a contribution's `in_kind` work, which IOP202 and IOP206 read."""
    for handle, contribution in (document.economy.contributions.items() if document.economy else ()):
        if contribution.amount is None:
            yield Finding(contribution.at(), f"bidraget från `{handle}` har varken `amount` eller `parts`. Ange beloppet.",
                          f"the contribution from `{handle}` has neither `amount` nor `parts`. Give the amount.")
        for key, part in contribution.parts.items():
            if part.value is None:
                yield Finding(part.at(), f"delen `{key}` ({part.label}) har inget belopp: ange `amount`, eller `hours` "
                                         "och `hourly_rate`.",
                              f"the part `{key}` ({part.label}) has no amount: give `amount`, or `hours` and `hourly_rate`.")
            elif part.amount is not None and part.hours is not None and part.hourly_rate is not None \
                    and part.hours * part.hourly_rate != part.amount:
                product = part.hours * part.hourly_rate
                yield Finding(part.at("amount"),
                              f"delen `{key}` ({part.label}): {locale_sv.format_number(part.hours)} timmar × "
                              f"{kr(part.hourly_rate)} är {kr(product)}, inte {kr(part.amount)}.",
                              f"the part `{key}` ({part.label}): {locale_sv.format_number(part.hours)} hours × "
                              f"{kr(part.hourly_rate)} is {kr(product)}, not {kr(part.amount)}.")
