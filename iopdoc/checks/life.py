"""Rules on the agreement's life after signing: the committee's decision, a notice of termination and
an extension, each against the dates and the options the agreement has."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterator

from iopdoc.facts import lifecycle
from iopdoc import locale_sv, model
from iopdoc.errors import Severity
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.checks.dates import signing_dates
from iopdoc.prose.walk import real_date


@rule("IOP110", Severity.WARNING, "Överenskommelsen skrivs under efter beslutet", "The agreement is signed after the decision")
def signed_after_the_decision(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """With a `decision` (committee, date, paragraph, diarienummer), each signing date is on or after
    the decision: an agreement signed before the committee decided needs the decision to confirm it.
    Ignores an agreement without `decision.date` or `signatures`, and dates not filled in (IOP101)."""
    decided = real_date(document.decision.date) if document.decision else None
    if not (decided and document.signatures):
        return
    for signed, where in signing_dates(document):
        if signed < decided:
            yield Finding(where,
                          f"överenskommelsen skrivs under {signed}, före beslutet i {document.decision.committee} "
                          f"{decided} ({document.decision.at('date')}). Kontrollera datumen; skrivs den under före "
                          "beslutet bör den sägas gälla under förutsättning att nämnden beslutar så.",
                          f"the agreement is signed {signed}, before the decision of {document.decision.committee} "
                          f"{decided} ({document.decision.at('date')}). Check the dates; if it is signed first it "
                          "should say it applies on condition that the committee so decides.")


@rule("IOP111", Severity.WARNING, "Överenskommelsen börjar inte före beslutet", "The agreement does not start before the decision")
def starts_after_the_decision(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads `decision.date` and `period.start`: a start before the decision makes the agreement
    retroactive: allowed, but it should be intended, so a warning. Ignores an agreement without a
    decision date, and dates not filled in."""
    decided = real_date(document.decision.date) if document.decision else None
    start = real_date(document.period.start)
    if decided and start and start < decided:
        yield Finding(document.period.at("start"),
                      f"perioden börjar {start}, före beslutet {decided} ({document.decision.at('date')}): "
                      "överenskommelsen gäller retroaktivt. Kontrollera att det är avsikten.",
                      f"the period starts {start}, before the decision {decided} ({document.decision.at('date')}): "
                      "the agreement applies retroactively. Check that this is intended.")


@rule("IOP112", Severity.ERROR, "Beslutet fattas efter memot som föreslog det", "The decision is taken after the memo that proposed it")
def decided_after_the_memo(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """`decision.memo` names the memo (tjänsteskrivelse) that proposed the decision; the decision is
    dated on or after it, and the memo proposes this agreement. Ignores an agreement
    without `decision` or whose memo is not in the project, and dates not filled in."""
    memo = context.linked.get("memo")
    if memo is None or document.decision is None:
        return
    decided, written = real_date(document.decision.date), real_date(memo.date)
    if decided and written and decided < written:
        yield Finding(document.decision.at("date"),
                      f"beslutet är daterat {decided}, före memot {memo.id} som föreslog det ({written}, {memo.at('date')}). "
                      "Rätta det datum som är fel.",
                      f"the decision is dated {decided}, before the memo {memo.id} that proposed it ({written}, "
                      f"{memo.at('date')}). Correct the date that is wrong.")
    if memo.proposes is not None and memo.proposes != document.id:
        yield Finding(document.decision.at("memo"),
                      f"memot {memo.id} föreslår {memo.proposes} ({memo.at('proposes')}), inte {document.id}. "
                      "Kontrollera id:t.",
                      f"the memo {memo.id} proposes {memo.proposes} ({memo.at('proposes')}), not {document.id}. "
                      "Check the id.")


@rule("IOP113", Severity.ERROR, "Uppsägningen slutar när uppsägningstiden gått", "A termination ends when the notice has run")
def termination_ends_after_notice(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """A `termination` (given `by` a party, on the day it was `given`) ends the agreement when the
    notice period has run from that day, or at the period's end if that comes first; a stated `end`
    that differs is an error. Prose can write `{{ life.termination_end }}` instead of stating it. Ignores
    an agreement without `termination`; without a `notice` period the end cannot be counted, which is
    reported instead."""
    termination = document.termination
    if termination is None:
        return
    if termination.by not in document.parties:
        yield Finding(termination.at("by"),
                      f"uppsägningen lämnas av `{termination.by}`, men det finns ingen sådan part; parterna är "
                      f"{', '.join(document.parties)}.",
                      f"the notice is given by `{termination.by}`, but there is no such party; the parties are "
                      f"{', '.join(document.parties)}.")
    given = real_date(termination.given)
    if given is None:
        return
    notice = document.period.notice
    if notice is None:
        yield Finding(termination.at("given"),
                      "överenskommelsen har ingen uppsägningstid (`period.notice`), så dagen den slutar kan inte räknas ut. "
                      "Ange uppsägningstiden.",
                      "the agreement has no notice period (`period.notice`), so the day it ends cannot be computed. "
                      "Give the notice period.")
        return
    ends = lifecycle.termination_end(document)
    stated = real_date(termination.end)
    if ends is not None and stated is not None and stated != ends:
        yield Finding(termination.at("end"),
                      f"uppsägningen lämnades {given} med {notice} uppsägningstid, så överenskommelsen slutar {ends}, "
                      f"inte {stated}. Rätta slutdatumet, eller skriv `{{{{ life.termination_end }}}}` i texten.",
                      f"notice was given {given} with a notice period of {notice}, so the agreement ends {ends}, "
                      f"not {stated}. Correct the end date, or write `{{{{ life.termination_end }}}}` in the text.")


@rule("IOP114", Severity.ERROR, "Förlängningen ryms i förlängningsmöjligheten", "An extension fits the option to extend")
def extension_fits_the_option(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """`extended` (decided on a day, with a new end) uses the option `period.extension`: the new end
    comes after the old one, and by no more than the option; it is decided before the old end. Ignores an agreement not
    extended; a new end less than half a month beyond the option passes (months counted on the calendar)."""
    extended, period = document.extended, document.period
    if extended is None:
        return
    old_end, new_end = real_date(period.end), real_date(extended.end)
    if period.extension is None:
        yield Finding(extended.at(),
                      "överenskommelsen förlängs, men har ingen möjlighet till förlängning (`period.extension`). "
                      "Ange möjligheten som överenskommelsen ger, eller gör en ny överenskommelse.",
                      "the agreement is extended, but has no option to extend (`period.extension`). Give the option "
                      "the agreement has, or make a new agreement.")
    if not (old_end and new_end):
        return
    if new_end <= old_end:
        yield Finding(extended.at("end"), f"det nya slutdatumet {new_end} ligger inte efter periodens slut {old_end}.",
                      f"the new end {new_end} is not after the period's end {old_end}.")
        return
    added = lifecycle.months_between(old_end, new_end)
    if period.extension is not None and added - period.extension.months >= Decimal("0.5"):
        longest = locale_sv.add_months(old_end + dt.timedelta(days=1), int(period.extension.months)) - dt.timedelta(days=1)
        yield Finding(extended.at("end"),
                      f"förlängningen till {new_end} är längre än möjligheten `{period.extension}` "
                      f"({period.at('extension')}): längst till {longest}.",
                      f"the extension to {new_end} is longer than the option `{period.extension}` "
                      f"({period.at('extension')}): at most to {longest}.")
    decided = real_date(extended.decided)
    if decided and decided > old_end:
        yield Finding(extended.at("decided"),
                      f"förlängningen beslutades {decided}, efter att perioden slutat {old_end}. En förlängning beslutas "
                      "medan överenskommelsen gäller; efteråt behövs en ny överenskommelse.",
                      f"the extension was decided {decided}, after the period ended {old_end}. An extension is decided "
                      "while the agreement is in force; afterwards a new agreement is needed.")
