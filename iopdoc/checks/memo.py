"""Rules for decision memos: the memo against the agreement it proposes, its attachments, dates and Dnr.

A memo states facts about the agreement in its own data (it is archived as what
the committee decided on); IOP501 compares each stated fact with the agreement
and reports every disagreement at the memo's line, naming the agreement's line.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Iterator

from iopdoc import locale_sv, model
from iopdoc.source.config import CONFIG_NAME, COMMON_DIARIENUMMER_EXAMPLES
from iopdoc.errors import Severity
from iopdoc.placeholders import is_placeholder
from iopdoc.checks.registry import CheckContext, Finding, rule

def shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return locale_sv.format_amount(value)
    return "inget" if value is None else str(value)


def same_fact(stated: Any, actual: Any) -> bool | None:
    """Whether two facts agree; None when they cannot be compared (a date not filled in yet)."""
    if isinstance(stated, model.Unfilled) or isinstance(actual, model.Unfilled):
        return None
    if isinstance(stated, model.Year) and isinstance(actual, (dt.date, model.Year)):
        return stated.year == actual.year  # the memo states only the year
    if isinstance(stated, model.Duration) and isinstance(actual, model.Duration):
        return stated.months == actual.months  # "fem år" and "5 år" are the same length
    if isinstance(stated, str) and isinstance(actual, str):
        return " ".join(stated.split()) == " ".join(actual.split())
    return stated == actual


Labels = dict[str, tuple[str, str]]  # field name → what the fact is called (sv, en)


def differences(stated: model.Node, actual: model.Node | None, labels: Labels, agreement: model.Node) -> Iterator[Finding]:
    """A finding for each labelled fact that the memo states (writes) and the agreement states otherwise."""
    for name, (label_sv, label_en) in labels.items():
        if name not in stated.locations:
            continue  # the memo does not state this fact
        mine = getattr(stated, name)
        theirs = getattr(actual, name, None) if actual is not None else None
        if mine is None or same_fact(mine, theirs) is not False:
            continue
        where = actual.at(name) if actual is not None and name in actual.locations else agreement.at()
        yield Finding(stated.at(name),
                      f"memot anger {label_sv} som `{shown(mine)}`, men överenskommelsen {agreement.id} anger "
                      f"`{shown(theirs)}` ({where}). Rätta den som är fel.",
                      f"the memo states {label_en} as `{shown(mine)}`, but the agreement {agreement.id} states "
                      f"`{shown(theirs)}` ({where}). Correct the one that is wrong.", related=(where,))


def missing_in_agreement(stated: model.Node, what: tuple[str, str], present: Any, agreement: model.Node) -> Finding:
    listed = ", ".join(present) or "inga"
    return Finding(stated.at(), f"memot anger {what[0]}, men överenskommelsen {agreement.id} har ingen sådan "
                                f"(den har: {listed}).",
                   f"the memo states {what[1]}, but the agreement {agreement.id} has none (it has: {listed or 'none'}).")


PERIOD: Labels = {"start": ("periodens start", "the period's start"), "end": ("periodens slut", "the period's end"),
                  "stated_duration": ("periodens längd", "the period's length")}
TOTAL: Labels = {"amount": ("den totala omfattningen", "the total amount"), "per": ("vad totalen avser", "what the total is per")}
INDEXATION: Labels = {"index": ("uppräkningens index", "the indexation's index"),
                      "start": ("uppräkningens start", "the indexation's start")}


def party_labels(handle: str) -> Labels:
    return {"name": (f"namnet på parten `{handle}`", f"the name of the party `{handle}`"),
            "org_number": (f"organisationsnumret för `{handle}`", f"the organisation number of `{handle}`")}


def contribution_labels(handle: str) -> Labels:
    return {"amount": (f"bidraget från `{handle}`", f"the contribution from `{handle}`"),
            "per": (f"vad bidraget från `{handle}` avser", f"what the contribution from `{handle}` is per"),
            "price_level": (f"prisläget för bidraget från `{handle}`", f"the price level of the contribution from `{handle}`")}


@rule("IOP501", Severity.ERROR, "Memots fakta (parter, period, belopp) är desamma som i överenskommelsen det föreslår",
      "A memo's facts (parties, period, amounts) equal those of the agreement it proposes", kinds=("memo",))
def facts_match_the_agreement(memo: model.Memo, context: CheckContext) -> Iterator[Finding]:
    """Reads the memo's parties, period, contributions, total and indexation and compares each with the
    agreement it proposes (`agreement:`): the committee decides on the memo and the parties sign the
    agreement, so the two state the same facts. Ignores facts the memo leaves out (it need not repeat them
    all) and a memo that names no agreement."""
    agreement = context.linked.get("agreement")
    if agreement is None:
        return
    for handle, party in memo.parties.items():
        theirs = agreement.parties.get(handle)
        if theirs is None:
            yield missing_in_agreement(party, (f"parten `{handle}`", f"the party `{handle}`"), agreement.parties, agreement)
        else:
            yield from differences(party, theirs, party_labels(handle), agreement)
    if memo.period is not None:
        yield from differences(memo.period, agreement.period, PERIOD, agreement)
    if memo.economy is None:
        return
    economy = agreement.economy
    contributions = economy.contributions if economy is not None else {}
    for handle, contribution in memo.economy.contributions.items():
        theirs = contributions.get(handle)
        if theirs is None:
            yield missing_in_agreement(contribution, (f"ett bidrag från `{handle}`", f"a contribution from `{handle}`"),
                                       contributions, agreement)
        else:
            yield from differences(contribution, theirs, contribution_labels(handle), agreement)
    if memo.economy.total is not None:
        yield from differences(memo.economy.total, getattr(economy, "total", None), TOTAL, agreement)
    if memo.economy.indexation is not None:
        yield from differences(memo.economy.indexation, getattr(economy, "indexation", None), INDEXATION, agreement)


@rule("IOP502", Severity.ERROR, "Bilagor som är dokument här finns", "Attachments that are documents here exist",
      kinds=("memo",))
def attachments_exist(memo: model.Memo, context: CheckContext) -> Iterator[Finding]:
    """Reads each attachment's `source`: a document of that id is in the project, so the attachment the memo
    lists is the one built beside it. Ignores attachments without `source` (a paper or an outside file,
    named only)."""
    for number, attachment in enumerate(memo.attachments, start=1):
        if attachment.source is None:
            continue
        if attachment.source not in context.known_ids:
            yield Finding(attachment.at("source"),
                          f"bilaga {number} hänvisar till `{attachment.source}`, men det finns ingen källa "
                          f"{attachment.source}.yaml. Kontrollera id:t, eller ta bort `source` om bilagan inte byggs här.",
                          f"attachment {number} names `{attachment.source}`, but there is no source "
                          f"{attachment.source}.yaml. Check the id, or remove `source` if the attachment is not built here.")


# A warning: published memos do have an attachment dated after them (a revised draft of the agreement
# sent along later, a date typed wrong); the committee should know which version it decides on.
@rule("IOP503", Severity.WARNING, "Ingen bilaga är daterad efter memot", "No attachment is dated after the memo",
      kinds=("memo",))
def attachments_predate_the_memo(memo: model.Memo, context: CheckContext) -> Iterator[Finding]:
    """An attachment dated after the memo is either a later version than the memo describes or a
    wrong date; either way the committee should check which version it decides on.
    Ignores attachments without a date and an undated memo."""
    if not isinstance(memo.date, dt.date):
        return
    for number, attachment in enumerate(memo.attachments, start=1):
        if isinstance(attachment.date, dt.date) and attachment.date > memo.date:
            yield Finding(attachment.at("date"),
                          f"bilaga {number} är daterad {attachment.date}, efter memot ({memo.date}, {memo.at('date')}). "
                          "Kontrollera att det är den version memot beskriver (och rätta datumet om det är fel).",
                          f"attachment {number} is dated {attachment.date}, after the memo ({memo.date}, {memo.at('date')}). "
                          "Check that it is the version the memo describes (and correct the date if it is wrong).",
                          related=(memo.at("date"),))


# A warning: a committee may decide on an agreement that has already started, but then the memo
# should say so, and a date after the start is more often a typo in one of the two.
@rule("IOP504", Severity.WARNING, "Memot är daterat före överenskommelsens start",
      "The memo is dated before the agreement starts", kinds=("memo",))
def memo_predates_the_agreement(memo: model.Memo, context: CheckContext) -> Iterator[Finding]:
    """Reads the memo's `date` and the start of the agreement it proposes (or the memo's own `period`): the
    committee decides before the agreement starts, so a memo dated on or after the start proposes a
    retroactive decision. Of a period in whole years (`start: 2026`) only a memo dated after its first year is late. Ignores a memo whose date is
    not filled in (IOP101)."""
    if not isinstance(memo.date, dt.date):
        return
    agreement = context.linked.get("agreement")
    period = agreement.period if agreement is not None else memo.period
    start = getattr(period, "start", None)
    late = (isinstance(start, dt.date) and memo.date >= start) or \
           (isinstance(start, model.Year) and memo.date.year > start.year)
    if late:
        source = f"överenskommelsen {agreement.id}" if agreement is not None else "memots period"
        source_en = f"the agreement {agreement.id}" if agreement is not None else "the memo's period"
        yield Finding(memo.at("date"),
                      f"memot är daterat {memo.date}, men {source} börjar {start} ({period.at('start')}). "
                      "Kontrollera datumen; gäller beslutet i efterhand bör memot säga det.",
                      f"the memo is dated {memo.date}, but {source_en} starts {start} ({period.at('start')}). "
                      "Check the dates; if the decision is retroactive the memo should say so.",
                      related=(period.at("start"),))


AUTUMN = 8  # the month from which a memo may name next year's budget
BUDGET_YEAR = re.compile(r"budget\w*\s+(?:för\s+)?(?:år\s+)?(\d{4})\b", re.IGNORECASE)


# A warning: in the autumn a memo may rightly propose financing from next year's budget.
@rule("IOP505", Severity.WARNING, "Budgetåret i beslutsförslaget är memots år",
      "The budget year named in the decision is the memo's year", kinds=("memo",))
def budget_year_is_the_memos(memo: model.Memo, context: CheckContext) -> Iterator[Finding]:
    """Reads `decision.budget_year` and years written in the decision's points (`budgetåret 2026`)
    against the memo's date: the memo's own year, or from August on also next year's (the autumn memo
    financing next year). Ignores an undated memo and years the points name otherwise."""
    if not isinstance(memo.date, dt.date):
        return
    decision = memo.decision
    named = []
    if decision.budget_year is not None:
        named.append((decision.budget_year, decision.at("budget_year")))
    for index, point in enumerate(decision.points):
        # A year written by hand rather than as {{ decision.budget_year }}; reported at its point.
        named += [(int(match.group(1)), decision.at(f"points[{index}]")) for match in BUDGET_YEAR.finditer(point)]
    # From August on, the committee decides on next year's budget: naming it is normal practice.
    accepted = {memo.date.year} | ({memo.date.year + 1} if memo.date.month >= AUTUMN else set())
    for year, where in named:
        if year not in accepted:
            yield Finding(where,
                          f"beslutsförslaget nämner budgetåret {year}, men memot är daterat {memo.date}. "
                          "Kontrollera året, eller låt det stå om finansieringen avser ett annat budgetår.",
                          f"the decision names the budget year {year}, but the memo is dated {memo.date}. "
                          "Check the year, or leave it if the financing is from another year's budget.")


# A warning: the registry's number is what it is; the check only catches a slip or a number from elsewhere.
@rule("IOP506", Severity.WARNING, "Diarienumret följer projektets mönster", "The diarienummer follows the project's pattern",
      kinds=("memo",))
def diarienummer_follows_the_pattern(memo: model.Memo, context: CheckContext) -> Iterator[Finding]:
    """Reads `diarienummer`. Without a pattern in iopdoc.toml any plausible shape passes (series
    letters or none, a two- or four-digit year, `/ . : -` between year and number: `SN 21/0113`,
    `KS 2023.123`, `KS/2023:123`, `2018/00017`, `KSN-2019-0877`); with `[memo] diarienummer_pattern`
    the number must match the project's own. Placeholders are left to IOP601."""
    config = context.config
    pattern = config.diarienummer_pattern
    if re.fullmatch(pattern, memo.diarienummer.strip()) is not None or is_placeholder(memo.diarienummer):
        return  # a placeholder is IOP601's
    if config.diarienummer_configured:
        where = config.at("memo.diarienummer_pattern")
        expected = (f"mönstret i {CONFIG_NAME} ({where}): `{pattern}`", f"the pattern in {CONFIG_NAME} ({where}): `{pattern}`")
    else:
        expected = (f"något av de vanliga mönstren ({COMMON_DIARIENUMMER_EXAMPLES}); ange kommunens eget som "
                    f"`[memo] diarienummer_pattern` i {CONFIG_NAME}",
                    f"any of the common patterns ({COMMON_DIARIENUMMER_EXAMPLES}); set the municipality's own as "
                    f"`[memo] diarienummer_pattern` in {CONFIG_NAME}")
    yield Finding(memo.at("diarienummer"),
                  f"diarienumret `{memo.diarienummer}` följer inte {expected[0]}. Skriv det som diariet skriver det.",
                  f"the diarienummer `{memo.diarienummer}` does not follow {expected[1]}. Write it as the registry does.",
                  related=(config.at("memo.diarienummer_pattern"),) if config.diarienummer_configured else ())


@rule("IOP507", Severity.ERROR, "Beslutsförslaget har punkter och visas i ett avsnitt",
      "The decision has points and is shown in one section", kinds=("memo",))
def decision_is_shown(memo: model.Memo, context: CheckContext) -> Iterator[Finding]:
    """Reads `decision.points` and the sections: the proposed decision has at least one point and is shown by
    exactly one section of kind `decision`, where the template prints the points. Ignores the wording of the
    points."""
    if not memo.decision.points:
        yield Finding(memo.decision.at("points"), "beslutsförslaget har inga punkter. Skriv minst en.",
                      "the decision has no points. Write at least one.")
    shown_in = [section for section in memo.sections if section.kind == "decision"]
    if len(shown_in) != 1:
        lines = ", ".join(str(section.at().line) for section in shown_in)
        yield Finding(memo.at("sections") if not shown_in else shown_in[1].at(),
                      f"beslutsförslaget visas där ett avsnitt har `kind: decision`; memot har {len(shown_in)} sådana"
                      f"{f' (rad {lines})' if lines else ''}. Ha exakt ett.",
                      f"the decision is shown where a section has `kind: decision`; the memo has {len(shown_in)}"
                      f"{f' (lines {lines})' if lines else ''}. Have exactly one.")
