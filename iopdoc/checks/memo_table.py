"""Rules on a memo's economic table: its rows add up to its stated sum, and the figures the memo's
prose states are the table's (or its other facts)."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from iopdoc import locale_sv, model
from iopdoc.facts import written_amounts
from iopdoc.errors import Severity
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.checks.amounts import CHANGE, kr, rate_products
from iopdoc.prose.walk import facts_of, prose_texts, sentence_at

UNIT_SCALE = {"kr": Decimal(1), "tkr": Decimal(1000), "mnkr": Decimal(1_000_000)}


def shown(value: Decimal, unit: str) -> str:
    return f"{locale_sv.format_number(value)}{locale_sv.NBSP}{unit}"


@rule("IOP508", Severity.ERROR, "Tabellens rader summerar till den angivna summan", "The table's rows add up to its stated sum",
      kinds=("memo",))
def table_adds_up(memo: model.Memo, context: CheckContext) -> Iterator[Finding]:
    """Reads a memo's economic table (`table:`: rows in kr or tkr, and a stated `total`): the rows add
    up to the total exactly, in the table's unit, since the committee reads the sum as what it decides
    on; the template shows the table in the memo's `economy` section. Ignores a table without a stated
    total, and figures stated as context (`figures:`), which are not rows."""
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
    `1 200 tkr`, `1,2 mnkr`, `cirka 1,2 miljoner kronor` (compared as IOP205 compares), and whose
    sentence claims it is one of the table's (it names a row's words, the sum's label, the sum or
    `tabell`), is a row, the sum, or another of the memo's amounts (its `economy`, the agreement it
    proposes). Ignores amounts stated as context, which are the memo's `figures:` (a budget frame,
    an index base, last year's figure) or name nothing of the table; in a sentence about a change
    (`minskas med`) the difference of two amounts is one too. A figure labelled as a row is the row."""
    table = memo.table
    if table is None:
        return
    scale = UNIT_SCALE[table.unit]
    rows = [(row.amount * scale, f"table.rows[{index}]", row.label) for index, row in enumerate(table.rows)]
    if table.total is not None:
        rows.append((table.total * scale, "table.total", table.total_label))
    known = rows + [(fact.value, fact.path, None) for fact in facts_of(memo, context.linked, Decimal)
                    if not fact.path.startswith("table.") and fact.name not in ("hours", "year", "count")]
    known += [(fact.value, fact.path, None) for fact in rate_products(memo)]
    claims = table_words(table)
    for prose, text in prose_texts(memo):
        for amount in written_amounts.find_amounts(text):
            sentence = sentence_at(text, amount.start)
            if any(amount.matches(value) for value, _, _ in known) or not claims.search(sentence):
                continue
            if CHANGE.search(sentence) and any(amount.matches(abs(a[0] - b[0])) for i, a in enumerate(known)
                                               for b in known[i + 1:]):
                continue
            closest = min(rows, key=lambda item: abs(item[0] - amount.value), default=None)
            hint = ("", "")
            if closest is not None and closest[2] and closest[0] / 2 <= amount.value <= closest[0] * 2:
                hint = (f" Närmast är raden {closest[2]}: {shown(closest[0] / scale, table.unit)}.",
                        f" The nearest is the row {closest[2]}: {shown(closest[0] / scale, table.unit)}.")
            yield Finding(prose.location_of(amount.start),
                          f"beloppet `{amount.text}` står som en av tabellens siffror men finns inte i memots tabell "
                          f"eller fakta.{hint[0]} Rätta beloppet eller tabellen; är det ett belopp i sammanhanget "
                          "(budgetramen, fjolårets belopp), lägg det i `figures:`.",
                          f"the amount `{amount.text}` is stated as one of the table's figures but is not in the memo's "
                          f"table or facts.{hint[1]} Correct the amount or the table; if it is a figure of the context "
                          "(the budget frame, last year's figure), put it in `figures:`.")
    by_label = {label.strip().lower(): value for value, _, label in rows if label}
    for key, figure in memo.figures.items():
        row = by_label.get(figure.label.strip().lower())
        if row is not None and row != figure.amount:
            yield Finding(figure.at("amount"),
                          f"`figures.{key}` heter som tabellens rad {figure.label} men är {kr(figure.amount)}, raden "
                          f"{shown(row / scale, table.unit)}. Rätta det som är fel.",
                          f"`figures.{key}` is labelled as the table's row {figure.label} but is {kr(figure.amount)}, "
                          f"the row {shown(row / scale, table.unit)}. Correct the one that is wrong.")


# Words too common to show that a sentence is about a given row.
COMMON_WORDS = {"summa", "total", "totalt", "belopp", "kronor", "varav", "enligt", "inom", "under", "till", "från",
                "med", "och", "för", "som", "den", "det", "per"}


def table_words(table: model.EconomicTable) -> re.Pattern:
    """What a sentence names when it claims a figure of the table: a row's words, the sum, `tabell`."""
    words = {"tabell", "tabellen", "summa", "summan"}
    for label in [row.label for row in table.rows] + [table.total_label]:
        words |= {word.lower() for word in re.findall(r"[A-Za-zÅÄÖåäö]{4,}", label) if word.lower() not in COMMON_WORDS}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")", re.IGNORECASE)
