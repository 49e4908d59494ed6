"""The signing place and date, and each signatory with the party they sign for, read from a
signature block in one column, in two columns side by side, or in a table; a title under a name
("Ordförande") is not taken for the name."""
from __future__ import annotations

import re

from iopdoc.readers.blocks import Block, split_columns
from iopdoc.readers.facts import DATE, UNFILLED_DATE, Facts, Recognised, parse_date, party_mentions
from iopdoc.readers.sections import Section


def find_signatures(facts: Facts, section: Section) -> set[int]:
    """Place and date, then "För …" roles and the names under them (in columns or one by one).
    Returns the ids of the blocks used, so they are not also kept as prose."""
    used: set[int] = set()
    lines: list[tuple[Block, list[str]]] = []
    for block in section.blocks:
        if block.kind == "table":
            columns = list(zip(*[[c for c in row] for row in block.rows])) if block.rows else []
            for column in columns:
                cells = [l.strip() for cell in column for l in cell.split("\n") if l.strip() and set(l.strip()) != {"_"}]
                lines.extend((block, [c]) for c in cells)
            used.add(id(block))
        elif block.kind in ("paragraph", "heading"):
            for line in (block.raw or block.text).split("\n"):
                if line.strip():
                    lines.append((block, split_columns(line) or [line.strip()]))
    place_date = None
    roles: list[tuple[Block, str]] = []
    names: list[str | None] = []
    for block, columns in lines:
        joined = " ".join(columns)
        if place_date is None and not roles:
            match = re.match(rf"^(?P<place>(?-i:[A-ZÅÄÖ][\wåäö-]+(?: [A-ZÅÄÖ][\wåäö-]+)?)),?\s+(?:den\s+)?(?P<date>{DATE.pattern}|{UNFILLED_DATE.pattern})\s*$",
                             joined, re.IGNORECASE)
            if match:
                place_date = (match.group("place"), match.group("date"), block)
                used.add(id(block))
                continue
        if all(c.startswith("För ") for c in columns):
            for column in columns:
                role, name = column, None
                bracket = re.match(r"^(För .+?)\s+(\([^)]+\))$", column)
                if bracket:
                    role, name = bracket.group(1), bracket.group(2)
                roles.append((block, role))
                names.append(name)
            used.add(id(block))
        elif roles and len(columns) <= len(roles):
            # the first name-like line under each role is its signatory; a title under it is not a name
            waiting = [i for i in range(len(roles)) if names[i] is None]
            for index, column in zip(waiting, [c for c in columns if looks_like_name(c)]):
                names[index] = column
            used.add(id(block))
    if place_date is None and not roles:
        return used
    if place_date is not None:
        place, date_text, block = place_date
        match = DATE.fullmatch(date_text)
        value = parse_date(match) if match else None
        facts.set("signatures.place", place, block.line)
        facts.set("signatures.date", value or date_text, block.line,
                  None if value else ("datumet är inte ifyllt i originalet; fyll i när det skrivs under", "the date is not filled in in the original; fill it in when it is signed"))
    handles = list(facts.data.get("parties", {}))
    signatories = {}
    for index, (block, role) in enumerate(roles):
        handle, named = signatory_party(facts, role, handles, index)
        entry = {"role": role}
        if names[index]:
            entry["name"] = names[index]
        signatories[handle] = entry
        facts.found.append(Recognised(f"signatures.signatories.{handle}", entry, block.line,
                                      None if named else ("parten gissad ur rollen och ordningen", "the party guessed from the role and the order")))
    if signatories:
        facts.data.setdefault("signatures", {})["signatories"] = signatories
    return used


NAME = re.compile(r"^(?:[A-ZÅÄÖÉÜ][\wåäöéü'’-]+(?:\s+(?:af|von|van|de|[A-ZÅÄÖÉÜ][\wåäöéü'’-]+)){1,3}|\([^)]+\))$")


def looks_like_name(text: str) -> bool:
    """A person's name ("Karin Berg", "Anna-Lena af Ekström"), or a placeholder in brackets; not a
    title ("Ordförande", "Ordförande i styrelsen") or a line of underscores."""
    return bool(NAME.match(text.strip())) and not re.search(r"\d", text)


def signatory_party(facts: Facts, role: str, handles: list[str], index: int) -> tuple[str, bool]:
    """The party a signatory signs for, and whether the role names it (else it is a guess)."""
    lowered = role.lower()
    for words, handle in party_mentions(facts):
        if words in lowered:
            return handle, True
    return fallback_party(facts, lowered, handles, index), False


def fallback_party(facts: Facts, lowered: str, handles: list[str], index: int) -> str:
    parties = facts.data.get("parties", {})
    public = [h for h in handles if parties[h]["sector"] == "public"]
    others = [h for h in handles if parties[h]["sector"] != "public"]
    if re.search(r"nämnd|förvaltning|kommun|region|styrelse", lowered) and public:
        return public[0]
    if others and index > 0:
        return others[0]
    return handles[index] if index < len(handles) else f"part{index + 1}"
