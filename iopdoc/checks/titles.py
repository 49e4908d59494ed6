"""Rule on the title: the years a title or short title names are the period's (a renewal's header)."""
from __future__ import annotations

import re
from typing import Iterator

from iopdoc import model
from iopdoc.errors import Severity
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import period_dates

YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@rule("IOP602", Severity.ERROR, "Årtalen i titeln är periodens", "The years in the title are the period's")
def title_years_are_the_periods(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """A year a title names lies within the period (the running header of every page shows the short
    title): a renewal copied from its predecessor otherwise says the old years on every page.
    Reads `title` and `short_title`; ignores a period whose dates are not filled in."""
    dates = period_dates(document)
    if dates is None:
        return
    first, last = dates[0].year, dates[1].year
    for key in ("title", "short_title"):
        text = getattr(document, key, None) or ""
        wrong = [year for year in YEAR.findall(text) if not first <= int(year) <= last]
        if wrong:
            shown = ", ".join(wrong)
            yield Finding(document.at(key),
                          f"`{key}` nämner {shown}, men perioden är {first}–{last}. Skriv periodens år i titeln.",
                          f"`{key}` names {shown}, but the period is {first}–{last}. Write the period's years in the title.")
