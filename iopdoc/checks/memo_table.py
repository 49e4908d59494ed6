"""Rules on a memo's economic table: its rows add up to its stated sum, and the figures the memo's
prose states are the table's (or its other facts)."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from iopdoc import locale_sv, model
from iopdoc.facts import written_amounts
from iopdoc.errors import Severity
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import facts_of, nearest, prose_texts

UNIT_SCALE = {"kr": Decimal(1), "tkr": Decimal(1000), "mnkr": Decimal(1_000_000)}


def shown(value: Decimal, unit: str) -> str:
    return f"{locale_sv.format_number(value)}{locale_sv.NBSP}{unit}"


@rule("IOP508", Severity.ERROR, "Tabellens rader summerar till den angivna summan", "The table's rows add up to its stated sum",
      kinds=("memo",))
def table_adds_up(memo: model.Memo, context: CheckContext) -> Iterator[Finding]:
    """A memo's economic table (`table:`: rows in kr or tkr, and a stated `total`) adds up; the
    template shows the table in the memo's `economy` section."""
    table = memo.table
    if table is None or table.total is None:
        return
    added = sum((row.amount for row in table.rows), Decimal(0))
    if added != table.total:
        listed = " + ".join(shown(row.amount, table.unit) for row in table.rows)
        yield Finding(table.at("total"),
                      f"tabellens summa anges som {shown(table.total, table.unit)}, men raderna summerar till "
                      f"{shown(added, table.unit)} ({listed}). Rätta summan eller en rad.",
                      f"the table's sum is stated as {shown(table.total, table.unit)}, but its rows add up to "
                      f"{shown(added, table.unit)} ({listed}). Correct the sum or a row.")


@rule("IOP509", Severity.WARNING, "Belopp i memots text finns i tabellen", "Amounts in the memo's prose are in its table",
      kinds=("memo",))
def prose_figures_are_in_the_table(memo: model.Memo, context: CheckContext) -> Iterator[Finding]:
    """In a memo with a table, each amount its prose (sections and decision points) writes, as
    `1 200 tkr`, `1,2 mnkr`, `cirka 1,2 miljoner kronor` (compared as IOP205 compares), is a row, the
    sum, or another of the memo's amounts (its `economy`, the agreement it proposes)."""
    table = memo.table
    if table is None:
        return
    scale = UNIT_SCALE[table.unit]
    known = [(row.amount * scale, f"table.rows[{index}]", row.label) for index, row in enumerate(table.rows)]
    if table.total is not None:
        known.append((table.total * scale, "table.total", table.total_label))
    known += [(fact.value, fact.path, None) for fact in facts_of(memo, context.linked, Decimal)
              if not fact.path.startswith("table.") and fact.name not in ("hours", "year")]
    for prose, text in prose_texts(memo):
        for amount in written_amounts.find_amounts(text):
            if any(amount.matches(value) for value, _, _ in known):
                continue
            closest = min(known, key=lambda item: abs(item[0] - amount.value), default=None)
            hint = ("", "")
            if closest is not None and closest[2]:
                hint = (f" Närmast är raden {closest[2]}: {shown(closest[0] / scale, table.unit)}.",
                        f" The nearest is the row {closest[2]}: {shown(closest[0] / scale, table.unit)}.")
            yield Finding(prose.location_of(amount.start),
                          f"beloppet `{amount.text}` finns inte i memots tabell eller fakta.{hint[0]} Rätta beloppet "
                          "eller tabellen.",
                          f"the amount `{amount.text}` is not in the memo's table or facts.{hint[1]} Correct the amount "
                          "or the table.")
