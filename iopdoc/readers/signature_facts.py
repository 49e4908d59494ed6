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
    place_dates: list[tuple[int, str, str, Block]] = []  # (the role it was written before, place, date, block)
    roles: list[tuple[Block, str]] = []
    names: list[str | None] = []
    for block, columns in lines:
        joined = " ".join(columns)
        each = [place_date_of(c) for c in columns] if len(columns) > 1 else []
        if each and all(each):  # "Umeå 2025-01-10        Stockholm 2025-01-12": one per column
            place_dates.extend((len(roles) + i, place, date, block) for i, (place, date) in enumerate(each))
            used.add(id(block))
            continue
        found = place_date_of(joined)
        if found and (not place_dates or roles):  # the common one above the roles, or one per signatory among them
            place_dates.append((len(roles), *found, block))
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
    if not place_dates and not roles:
        return used
    own = own_places(place_dates, len(roles))
    if place_dates and not own:
        _, place, date_text, block = place_dates[0]
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
        if index in own:
            place, date_text = own[index]
            match = DATE.fullmatch(date_text)
            entry["place"] = place
            if match and parse_date(match):
                entry["date"] = parse_date(match)
        signatories[handle] = entry
        facts.found.append(Recognised(f"signatures.signatories.{handle}", entry, block.line,
                                      None if named else ("parten gissad ur rollen och ordningen", "the party guessed from the role and the order")))
    if signatories:
        facts.data.setdefault("signatures", {})["signatories"] = signatories
    return used


PLACE_DATE = re.compile(rf"^(?P<place>(?-i:[A-ZÅÄÖ][\wåäö-]+(?: [A-ZÅÄÖ][\wåäö-]+)?)),?\s+(?:den\s+)?"
                        rf"(?P<date>{DATE.pattern}|{UNFILLED_DATE.pattern})\s*$", re.IGNORECASE)


def place_date_of(text: str) -> tuple[str, str] | None:
    """("Umeå", "2025-01-10") from "Umeå 2025-01-10" or "Umeå den 10 januari 2025"; None for other lines."""
    match = PLACE_DATE.match(text.strip())
    return (match.group("place"), match.group("date")) if match else None


def own_places(place_dates: list[tuple[int, str, str, Block]], roles: int) -> dict[int, tuple[str, str]]:
    """Each signatory's own place and date, by role index, when the block gives more than one and they
    differ: one per column, or one above (or, when the first follows a role, below) each role. Empty
    when there is one place and date for all."""
    if len({(place, date) for _, place, date, _ in place_dates}) < 2 or roles < 2:
        return {}
    shift = 0 if min(index for index, *_ in place_dates) == 0 else 1  # written under each signatory, not above
    own = {index - shift: (place, date) for index, place, date, _ in place_dates}
    return own if len(own) == len(place_dates) and all(0 <= i < roles for i in own) else {}


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
