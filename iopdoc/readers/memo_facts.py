"""Facts of a decision memo (tjänsteskrivelse): its header (department, Datum, Dnr, Till), title,
the parties named in it, the decision points, attachments, signing officials, and the year the
agreement ends when the memo states it."""
from __future__ import annotations

import re

from iopdoc.readers.facts import DATE, Facts, Recognised, handle_for, parse_date, PUBLIC
from iopdoc.readers.blocks import NUMBERED, Block
from iopdoc.readers.sections import MEMO_KINDS, Section, kind_of


def import_memo(blocks: list[Block], identifier: str, running: list[Block] = ()):
    facts = Facts()
    facts.data.update({"kind": "memo", "id": identifier})
    used: set[int] = set()
    blocks = [b for b in blocks if not (b.kind in ("paragraph", "heading") and b.text.strip() == "UTKAST")]
    index = 0
    title_parts: list[Block] = []
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "table":  # a header laid out as a table (Datum | 2023-10-11)
            for row in block.rows:
                header_line(facts, " ".join(c for c in row if c), block.line)
            used.add(id(block))
            index += 1
            continue
        text = block.text.strip()
        if block.kind in ("paragraph", "heading") and kind_of(text, MEMO_KINDS) and len(text.split()) <= 5:
            break
        lines = [l for l in (block.raw or text).split("\n") if l.strip()]
        if len(lines) > 1 and all(HEADER.match(l.strip()) for l in lines):  # "Datum …" and "Dnr …" on lines of one block
            for line in lines:
                header_line(facts, line, block.line)
        elif header_line(facts, text, block.line):
            pass
        elif not title_parts and "department" not in facts.data and re.search(r"förvaltning(en)?$", text, re.I) \
                and "date" not in facts.data:
            facts.set("department", text, block.line)
        elif PUBLIC.search(text) and len(text.split()) <= 3 and "date" not in facts.data:
            facts.set("organisation", text, block.line)
        else:
            title_parts.append(block)
        used.add(id(block))
        index += 1
    title = " ".join(b.text for b in title_parts).strip()
    facts.set("title", title or "(ärendets rubrik)", title_parts[0].line if title_parts else "-",
              None if title else ("ingen rubrik hittades", "no heading was found"))
    between = re.search(r"mellan\s+(.+?)\s+och\s+(.+?)\.?$", title)
    if between:
        for name in between.groups():
            public = bool(PUBLIC.search(name))
            handle = handle_for(name, public, set(facts.data.get("parties", {})))
            facts.set(f"parties.{handle}", {"name": name}, title_parts[0].line)
            if public and "organisation" not in facts.data:
                facts.set("organisation", name, title_parts[0].line, ("organisationen läst ur rubriken", "the organisation read from the heading"))
    sections: list[Section] = []
    current = None
    for block in blocks[index:]:
        lead = re.match(r"^(Beslutsförslag|Förslag till beslut)\s+(.+\s+beslutar:?)$", block.text.strip())
        if lead and block.kind in ("paragraph", "heading"):  # the heading and the lead on one line
            current = Section("decision", lead.group(1), block.line)
            sections.append(current)
            current.blocks.append(Block("paragraph", lead.group(2), block.line))
            continue
        if block.kind in ("paragraph", "heading") and len(block.text.split()) <= 5 and (
                kind_of(block.text, MEMO_KINDS) or block.text.strip().lower() in ("bilagor", "bilaga")):
            current = Section(kind_of(block.text, MEMO_KINDS) or "attachments", block.text.strip(), block.line)
            sections.append(current)
            continue
        if current is None:
            current = Section("free", None, block.line)
            sections.append(current)
        current.blocks.append(block)
    points: list[str] = []
    for section in sections:
        if section.kind == "decision":
            for block in section.blocks:
                lead = re.match(r"^(.+?)\s+beslutar\s*:?$", block.text.strip())
                if block.kind == "numbered" and not points:
                    points = list(block.items)
                    facts.set("decision.points", points, block.line)
                    used.add(id(block))
                elif lead and block.kind in ("paragraph", "heading"):
                    if lead.group(1) != facts.data.get("recipient"):
                        facts.set("decision.committee", lead.group(1), block.line)
                    used.add(id(block))
            for position, point in enumerate(points):
                budget = re.search(r"budget\w*\s+(?:\w+\s+){0,2}för\s+(\d{4})", point)
                if budget:
                    facts.set("decision.budget_year", int(budget.group(1)), section.line)
    if "decision" not in facts.data:
        facts.missing("decision.points", ["(beslutspunkt)"], ("inga beslutspunkter hittades", "no decision points were found"))
    for section in [s for s in sections if s.kind == "attachments"]:
        officials = []
        for block in section.blocks:
            single = NUMBERED.match(block.text) if block.kind in ("heading", "paragraph") else None
            if block.kind == "numbered" and "attachments" not in facts.data:
                facts.set("attachments", [{"title": item} for item in block.items], block.line)
            elif single and int(single.group(1)) == 1 and "attachments" not in facts.data:  # one attachment: "1. …"
                facts.set("attachments", [{"title": block.text[single.end():].strip()}], block.line)
            else:
                officials.append(block)
            used.add(id(block))
        read_officials(facts, officials)
    for section in sections:
        for block in section.blocks:
            for match in re.finditer(r"(?:utgår|löper ut|upphör)\s+(?:år\s+)?(\d{4})\b", block.text):
                if "period" not in facts.data:
                    facts.set("period.end", int(match.group(1)), block.line)
                    facts.mention(block, match.group(1), "period.end")
    kept = [s for s in sections if s.kind != "attachments"]
    facts.data.setdefault("signatories", [{"name": "(namn)", "title": "(befattning)"}])
    for block in running:  # a Dnr or Datum in the page header, when the body does not give it
        header = HEADER.match(block.text)
        key = {"Dnr": "diarienummer", "Diarienummer": "diarienummer", "Datum": "date"}.get(header.group(1)) if header else None
        if key and key not in facts.data:
            header_line(facts, block.text, block.line)
    if "recipient" not in facts.data:
        facts.missing("recipient", "(nämnden)", ("mottagaren hittades inte", "the recipient was not found"))
    for key in ("organisation", "date", "diarienummer"):
        if key not in facts.data:
            facts.missing(key, {"date": "20xx-xx-xx", "diarienummer": "XX 20xx/0000"}.get(key, "(kommunens namn)"),
                      (f"{key} hittades inte", f"{key} was not found"))
    return facts.data, facts, kept, used


HEADER = re.compile(r"^(Datum|Dnr|Diarienummer|Till)\s*:?\s+(.+)$")


def header_line(facts: Facts, text: str, line: str) -> bool:
    header = HEADER.match(text.strip())
    if not header:
        return False
    key = {"Datum": "date", "Dnr": "diarienummer", "Diarienummer": "diarienummer", "Till": "recipient"}[header.group(1)]
    value = header.group(2).strip()
    if key == "date":
        match = DATE.fullmatch(value)
        value = (parse_date(match) or value) if match else value
    facts.set(key, value, line)
    return True


def read_officials(facts: Facts, blocks: list[Block]) -> None:
    """Names and titles under the memo, in columns ("Namn  Namn" over "Titel  Titel") or one by one;
    in a table, each column's lines are name, title, name, title."""
    in_tables = []
    for block in (b for b in blocks if b.kind == "table"):
        for column in zip(*block.rows):
            lines = [l.strip() for cell in column for l in cell.split("\n") if l.strip()]
            in_tables.extend({"name": n, "title": t} for n, t in zip(lines[0::2], lines[1::2]))
    if in_tables:
        facts.set("signatories", in_tables, blocks[0].line)
        return
    rows = [[c for c in re.split(r"\s{2,}", line.strip()) if c and set(c) != {"_"}] for b in blocks
            if b.kind in ("paragraph", "heading") for line in (b.raw or b.text).split("\n")]
    rows = [r for r in rows if r]
    officials: list[dict] = []
    guess = None
    for names, titles in zip(rows[0::2], rows[1::2]):
        if len(names) < len(titles):
            words = " ".join(names).split()
            names = [" ".join(words[:-2]), " ".join(words[-2:])] if len(titles) == 2 and len(words) > 3 else names
            guess = ("namnen stod på en rad; uppdelningen är gissad", "the names stood on one line; the split is guessed")
        for name, title in zip(names, titles):
            officials.append({"name": name, "title": title})
    if officials:
        facts.set("signatories", officials, blocks[0].line, guess)
