"""Facts of an agreement's economy read from its text: each party's contribution per year or for the
period (kr, SEK, tkr, mnkr, in words), price level, indexation, payment, volunteer hours at a rate
and their value, the total. An approximate amount, or a contribution written in parts, is not
guessed: the data gets a placeholder and the report the candidate, to confirm."""
from __future__ import annotations

import re

from iopdoc.facts.written_amounts import find_amounts
from iopdoc.readers.blocks import Block
from iopdoc.readers.facts import DATE, SENTENCE, Facts, Recognised, block_texts, date_expressions, parse_date, party_mentions
from iopdoc.readers.sections import Section


def find_economy(facts: Facts, sections: list[Section]) -> None:
    names = party_mentions(facts)
    economy_sections = [s for s in sections if s.kind == "economy"] or sections
    for section in economy_sections:
        for block in section.blocks:
            if block.kind == "table" and year_table(facts, block, names):
                continue
            for text in block_texts(block):
                for sentence in SENTENCE.findall(text):
                    economy_sentence(facts, block, sentence, names)
                index = re.search(r"[Uu]ppräkning\w*\s+(?:sker\s+)?(?:årligen\s+)?(?:enligt|med)\s+(?P<index>[^()]+?)\s*"
                                  r"(?:\((?P<desc>[^)]+)\)\s*)?från\s+och\s+med\s+", text)
                if index and "economy.indexation.index" not in [f.path for f in facts.found]:
                    date = DATE.match(text, index.end())
                    if date and parse_date(date):
                        facts.set("economy.indexation.index", index.group("index"), block.line)
                        facts.mention(block, index.group("index"), "economy.indexation.index")
                        if index.group("desc"):
                            facts.set("economy.indexation.description", index.group("desc"), block.line)
                            facts.mention(block, index.group("desc"), "economy.indexation.description")
                        facts.set("economy.indexation.start", parse_date(date), block.line)
                        facts.mention(block, date.group(0), *date_expressions("economy.indexation.start", date))
                payment = re.search(r"Utbetalning(?:en)?\s+sker\s+([^.]+)\.", text)
                if payment and "economy.payment" not in [f.path for f in facts.found]:
                    facts.set("economy.payment", payment.group(1), block.line)
                    facts.mention(block, payment.group(1), "economy.payment")


def amount_expressions(path: str) -> tuple[str, ...]:
    return (f"{path} | kr", f"{path} | tkr", f"{path} | number", path)


def economy_sentence(facts: Facts, block: Block, sentence: str, names) -> None:
    amounts = list(find_amounts(sentence))
    if not amounts:
        return
    lowered = sentence.lower()
    hourly = re.search(r"(?:ca\.?\s+|cirka\s+|omkring\s+)?(\d[\d  ]*)\s+timmar\s+(?:á|à|a|till|x)\s+", sentence)
    for amount in amounts:
        after = sentence[amount.start + len(amount.text): amount.start + len(amount.text) + 40]
        before = lowered[: amount.start]
        if hourly and amount.start >= hourly.end() - 1 and amount.start <= hourly.end() + 2:
            owner = owner_of(lowered[: hourly.start()], names) or owner_of(lowered, names)
            if owner is None:
                continue
            base = f"economy.contributions.{owner}.in_kind"
            hours = re.sub(r"\D", "", hourly.group(1))
            facts.set(f"{base}.hours", int(hours), block.line)
            facts.mention(block, hourly.group(1).strip(), f"{base}.hours", f"{base}.hours | number")
            facts.set(f"{base}.hourly_rate", int(amount.value), block.line)
            facts.mention(block, amount.text, *amount_expressions(f"{base}.hourly_rate"))
            if re.search(r"\b(ca|cirka|omkring|ungefär)\b", hourly.group(0), re.IGNORECASE):
                facts.data["economy"]["contributions"][owner]["in_kind"]["approximate"] = True
            continue
        if re.search(r"värde\s+av\s*$", before) and facts.get("economy.contributions"):
            owner = next((h for h, c in facts.data["economy"]["contributions"].items() if "in_kind" in c), None)
            if owner:
                path = f"economy.contributions.{owner}.in_kind.value"
                facts.set(path, int(amount.value), block.line)
                facts.mention(block, amount.text, *amount_expressions(path))
                continue
        per = "total" if re.match(r"\s*(?:totalt|för hela (?:avtals)?perioden|sammanlagt)", after) else "year"
        if re.search(r"(omfattning|totalt|sammanlagt|total)\b", before[-80:]) and facts.get("economy.total") is None:
            facts.set("economy.total", {"amount": amount.value, "per": per}, block.line)
            facts.mention(block, amount.text, *amount_expressions("economy.total.amount"))
            continue
        owner = owner_of(before, names)
        if owner is None:
            continue
        path = f"economy.contributions.{owner}"
        existing = facts.get(path)
        if existing is not None:
            if existing["amount"] == amount.value:
                facts.mention(block, amount.text, *amount_expressions(f"{path}.amount"))
            elif per == existing["per"] and not re.search(r"\bvarav\b|\bvaraf\b|\bdär\b", before) and \
                    sentence_has_first(sentence, facts, path):
                # "200 000 kr för verksamheten och 100 000 kr för lokaler": a contribution in parts;
                # the first part alone would be a wrong fact, so the officer states the whole
                parts = [a.text for a in amounts if owner_of(lowered[: a.start], names) == owner]
                facts.doubt(path, {"amount": 0, "per": per}, " + ".join(parts),
                            ("bidraget har flera delar i originalet; skriv hela bidraget eller dela upp det",
                             "the contribution has several parts in the original; state the whole or split it"))
            continue
        if amount.approximation:  # "cirka 400 000 kr": not the amount itself; the officer fills it in
            facts.unsure(path, {"amount": 0, "per": per}, amount.text, block.line,
                         ("beloppet är ungefärligt i originalet", "the amount is approximate in the original"))
            continue
        facts.set(path, {"amount": amount.value, "per": per}, block.line)
        facts.mention(block, amount.text, *amount_expressions(f"{path}.amount"))
        level = re.match(r"\s*(?:per år|/år|årligen)?\s*\(?\s*(?:i\s+)?(\d{4})[ -]års\s+pris(?:läge|nivå)", after)
        if level:
            year = level.group(1)
            facts.data["economy"]["contributions"][owner]["price_level"] = int(year)
            facts.found.append(Recognised(f"{path}.price_level", int(year), block.line))
            facts.mention(block, year, f"{path}.price_level")


def sentence_has_first(sentence: str, facts: Facts, path: str) -> bool:
    """The contribution at `path` was read from this very sentence (its parts are side by side)."""
    first = facts.get(path)
    return any(a.value == first["amount"] for a in find_amounts(sentence))


def owner_of(before: str, names) -> str | None:
    """The party named last before an amount in its sentence."""
    best, where = None, -1
    for words, handle in names:
        position = before.rfind(words)
        if position > where:
            best, where = handle, position
    return best


YEAR = re.compile(r"^(?:år\s+)?(20\d\d)$", re.IGNORECASE)
PLAIN_AMOUNT = re.compile(r"^(\d{1,3}(?:[ \u00a0.]\d{3})+|\d+)(?:\s*(kr|kronor|sek|tkr))?$", re.IGNORECASE)


def cell_amount(cell: str):
    """A table cell's amount in kronor: "300 000 kr", "300 000", "300.000", "300 tkr"; else None."""
    cell = " ".join(cell.split())
    found = PLAIN_AMOUNT.match(cell)
    if not found:
        return None
    value = int(re.sub(r"\D", "", found.group(1)))
    return value * 1000 if (found.group(2) or "").lower() == "tkr" else value


def year_table(facts: Facts, block: Block, names) -> bool:
    """A table of amounts per year and party (years down the side and parties across, or the other
    way round): each party's contribution is its first year's amount, with the years that differ.
    Returns whether the table was read so (then it is not also read sentence by sentence)."""
    rows = [[" ".join(c.split()) for c in row] for row in block.rows]
    if len(rows) < 2 or len(rows[0]) < 2:
        return False
    if not any(YEAR.match(row[0]) for row in rows[1:]):
        rows = [list(column) for column in zip(*rows)]  # years across: read it turned
    if not all(YEAR.match(row[0]) or not row[0] for row in rows[1:]) or not any(YEAR.match(r[0]) for r in rows[1:]):
        return False
    read = False
    for column, heading in enumerate(rows[0][1:], start=1):
        owner = next((h for words, h in names if words in heading.lower()), None)
        amounts = [(int(YEAR.match(row[0]).group(1)), cell_amount(row[column])) for row in rows[1:]
                   if YEAR.match(row[0]) and column < len(row)]
        if owner is None or not amounts or any(a is None for _, a in amounts):
            continue
        path = f"economy.contributions.{owner}"
        if facts.get(path) is not None:
            continue
        first = amounts[0][1]
        entry = {"amount": first, "per": "year"}
        differing = [{"year": year, "amount": amount} for year, amount in amounts[1:] if amount != first]
        if differing:
            entry["years"] = differing
        facts.set(path, entry, block.line)
        read = True
    return read
