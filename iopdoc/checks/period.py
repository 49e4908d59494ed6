"""Rules on the period's form: it has an end, or it is open-ended ("tills vidare") with a notice
period, and an open-ended period says once what the duration rules cannot check."""
from __future__ import annotations

from typing import Iterator

from iopdoc import model
from iopdoc.errors import Severity
from iopdoc.checks.registry import CheckContext, Finding, rule

# The rules that measure against the period's end, and so have nothing to measure an open-ended one by.
NEEDS_AN_END = ("IOP103", "IOP106", "IOP109", "IOP114", "IOP203")


@rule("IOP115", Severity.ERROR, "Perioden har ett slut, eller gäller tills vidare med uppsägningstid",
      "The period has an end, or is open-ended with a notice period")
def period_has_an_end_or_notice(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """`period.end`, or `open_ended: true` with a `notice` period, not both. Of an open-ended period,
    the rules that measure against the end (IOP103, IOP106's end, IOP109, IOP114, IOP203) say once,
    as information, that they cannot check it. Ignores the notice's length (IOP109 for a fixed period)."""
    period = document.period
    if not period.open_ended:
        if period.end is None:
            yield Finding(period.at(), "perioden har inget slutdatum (`end`). Ange det, eller skriv `open_ended: true` "
                                       "om överenskommelsen gäller tills vidare (med en uppsägningstid).",
                          "the period has no end (`end`). Give it, or write `open_ended: true` if the agreement is "
                          "open-ended (with a notice period).")
        return
    if period.end is not None:
        yield Finding(period.at("end"), f"perioden gäller tills vidare (`open_ended: true`) men har slutdatumet "
                                        f"{period.end}. Ta bort det ena.",
                      f"the period is open-ended (`open_ended: true`) but ends {period.end}. Remove one of them.")
        return
    if period.notice is None:
        yield Finding(period.at("open_ended"), "en överenskommelse som gäller tills vidare behöver en uppsägningstid "
                                               "(`notice`). Ange den.",
                      "an open-ended agreement needs a notice period (`notice`). Give it.")
    skipped = ", ".join(NEEDS_AN_END)
    yield Finding(period.at("open_ended"),
                  f"perioden gäller tills vidare: det som mäts mot slutet kontrolleras inte ({skipped}).",
                  f"the period is open-ended: what is measured against its end is not checked ({skipped}).",
                  Severity.INFO)
