"""Facts found in an agreement's text: parties and organisation numbers, period, notice, extension,
follow-up, contributions with price level, index and volunteer hours, signing place, date and names.

Each fact is recorded with the input line it was read at (for the report), whether it is a guess,
and where it stands in the prose, with the expressions that could stand there instead: the
importer keeps an expression only when it renders the very words it replaces.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from iopdoc import locale_sv
from iopdoc.facts.written_amounts import find_amounts
from iopdoc.readers.blocks import Block, split_columns
from iopdoc.readers.sections import Section
from iopdoc.source.durations import parse_duration

ORG_NUMBER = re.compile(r"(?<!\d)(\d{6})[-‐‑–]?(\d{4})(?!\d)")
ORG_LABEL = re.compile(r",?\s*(?:med\s+)?(?:organisationsnummer|org\.?\s*nr\.?|orgnr|org\.nummer)\s*:?\s*$", re.IGNORECASE)
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
DATE = re.compile(rf"(?<![\d-])(\d{{4}})-(\d{{2}})-(\d{{2}})(?![\d-])|(?<!\d)(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})(?!\d)",
                  re.IGNORECASE)
UNFILLED_DATE = re.compile(r"(?<!\d)\d{4}-(?:[\dx]{1,2}-?[\dx]{0,2})?(?![\d\w])|(?<!\d)\d{4}-(?=\s|$)", re.IGNORECASE)
PUBLIC = re.compile(r"\b(kommun|region|landsting|stad)\b", re.IGNORECASE)
COUNT = r"(\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv)"
GENERIC_NAME_WORDS = {"föreningen", "förening", "kommun", "region", "regionen", "stiftelsen", "ideell", "ideella",
                      "riksförbund", "förbundet", "landsting"}
# A sentence starts where a run of text does (never inside one, and the run is never given back):
# the same matches as without, in linear time. Without it, a long text of dots not followed by a
# space took seconds per kilobyte (a hostile PDF to import: tests/test_fuzz_files.py).
SENTENCE = re.compile(r"(?<![^.!?])[^.!?]++(?:[.!?](?=\s|$)|$)")


@dataclass
class Mention:
    """Words in a block that state a fact, and the expressions that could say them instead."""

    block: Block
    text: str
    expressions: tuple[str, ...]


@dataclass
class Recognised:
    """One fact found: its key, its value as it will be written, where it was read, and why it is a guess."""

    path: str
    value: Any
    line: str
    guess: str | None = None


@dataclass
class Facts:
    data: dict = field(default_factory=dict)
    found: list[Recognised] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    linked: dict = field(default_factory=dict)  # linked documents prose may name (`supersedes`)

    def set(self, path: str, value: Any, line: str, guess: str | None = None) -> None:
        node = self.data
        *parents, last = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
        self.found.append(Recognised(path, value, line, guess))

    def get(self, path: str, default=None):
        node: Any = self.data
        for key in path.split("."):
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    def mention(self, block: Block, text: str, *expressions: str) -> None:
        self.mentions.append(Mention(block, text, expressions))


def block_texts(block: Block) -> list[str]:
    if block.kind == "table":
        return [" | ".join(row) for row in block.rows]
    return [block.text] if block.kind in ("paragraph", "heading") else list(block.items)


def parse_date(match: re.Match) -> dt.date | None:
    try:
        if match.group(1):
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return dt.date(int(match.group(6)), MONTHS.index(match.group(5).lower()) + 1, int(match.group(4)))
    except ValueError:
        return None


def date_expressions(path: str, match: re.Match) -> tuple[str, ...]:
    return (f"{path}",) if match.group(1) else (f"{path} | long_date",)


def handle_for(name: str, public: bool, taken: set[str]) -> str:
    if public:
        base = "regionen" if re.search(r"\bregion\b", name, re.IGNORECASE) else "kommunen"
    else:
        first = unicodedata.normalize("NFKD", name.split()[0]).encode("ascii", "ignore").decode().lower()
        base = re.sub(r"[^a-z0-9]+", "", first) or "foreningen"
    handle, n = base, 2
    while handle in taken:
        handle, n = f"{base}{n}", n + 1
    return handle


def clean_party_name(text: str) -> tuple[str, str | None]:
    """`Social- och omsorgsnämnden, Linköpings kommun` → (Linköpings kommun, social- och omsorgsnämnden)."""
    text = ORG_LABEL.sub("", text.strip()).strip(" ,:")
    if ":" in text:
        text = text.rsplit(":", 1)[1].strip()
    parts = [p.strip() for p in text.split(",") if p.strip()]
    name = next((p for p in parts if PUBLIC.search(p)), parts[0] if parts else text)
    acting = next((re.sub(r"^genom\s+", "", p) for p in parts
                   if p != name and re.search(r"(nämnd|styrelse)(en)?$", p, re.IGNORECASE)), None)
    return name, (acting[0].lower() + acting[1:]) if acting else None


def find_parties(facts: Facts, blocks: list[Block]) -> None:
    """Parties named with an organisation number: in a sentence, or in a table row."""
    handles: set[str] = set()
    for block in blocks:
        rows = block.rows if block.kind == "table" else [[t] for t in block_texts(block)]
        for row in rows:
            for index, cell in enumerate(row):
                for match in ORG_NUMBER.finditer(cell):
                    before = cell[: match.start()]
                    sentence = re.split(r"(?<=[.;])\s+", before)[-1] if before.strip() else ""
                    if not ORG_LABEL.search(sentence) and block.kind != "table":
                        continue  # ten digits without "organisationsnummer": not taken for one
                    if block.kind == "table":
                        others = [c for j, c in enumerate(row) if j != index and c.strip() and not ORG_NUMBER.search(c)]
                        if not others:
                            continue
                        name, acting = clean_party_name(others[0])
                    else:
                        name, acting = clean_party_name(sentence)
                    if not name or any(p["name"] == name for p in facts.data.get("parties", {}).values()):
                        continue
                    public = bool(PUBLIC.search(name))
                    handle = handle_for(name, public, handles)
                    handles.add(handle)
                    number = f"{match.group(1)}-{match.group(2)}"
                    facts.set(f"parties.{handle}", {"name": name, "sector": "public" if public else "non-profit",
                                                    "org_number": number}, block.line)
                    if acting:
                        facts.data["parties"][handle]["acting_through"] = acting
                    facts.mention(block, match.group(0), f"parties.{handle}.org_number")


PARTIES_SENTENCES = tuple(re.compile(
    rf"{opening}\s+(?P<a>[^.]+)\s+{joiner}\s+"
    rf"(?P<b>[^.,]+?(?:kommun|region \w+|regionen))(?:\s+genom\s+(?P<via>[^.]+?))?(?:\.|,|$)")
    for opening in (r"[Pp]arterna(?: i [a-zåäö]+)? är", r"mellan") for joiner in ("samt", "och"))


def find_named_parties(facts: Facts, texts: list[tuple[Block, str]]) -> None:
    """When no party is given with an organisation number: "Parterna är A samt B kommun genom X"."""
    found = next(((block, m) for pattern in PARTIES_SENTENCES for block, text in texts
                  for m in [pattern.search(text)] if m), None)
    for block, match in [found] if found else []:
        a, b = match.group("a").strip(), match.group("b").strip()
        public, other = (a, b) if PUBLIC.search(a) and not PUBLIC.search(b) else (b, a)
        facts.set("parties.kommunen" if not re.search(r"region", public, re.I) else "parties.regionen",
                  {"name": public, "sector": "public"}, block.line, "namnet läst ur löptexten, inte ur en rad med organisationsnummer")
        handle = handle_for(other, False, set())
        facts.set(f"parties.{handle}", {"name": other, "sector": "non-profit"}, block.line,
                  "namnet läst ur löptexten, inte ur en rad med organisationsnummer")
        if match.group("via"):
            key = next(iter(k for k, v in facts.data["parties"].items() if v["sector"] == "public"))
            facts.data["parties"][key]["acting_through"] = match.group("via").strip()
        return


def find_short_names(facts: Facts, all_text: str) -> None:
    """A non-profit's short name: "(nedan kallad X)", or its first word used on its own in the text."""
    for handle, party in facts.data.get("parties", {}).items():
        if party["sector"] != "non-profit":
            continue
        named = re.search(r"\(nedan (?:nämnd som|kallad|kallat|benämnd)\s+([A-ZÅÄÖ][\wåäö-]+)\)", all_text)
        first = party["name"].split()[0].rstrip(",/")
        if named:
            party["short_name"] = named.group(1)
        elif len(party["name"].split()) > 1 and len(re.findall(rf"\b{re.escape(first)}\b(?! {re.escape(party['name'].split()[1])})", all_text)) >= 2:
            party["short_name"] = first


def duration_at(text: str) -> tuple[str, Any] | None:
    """The longest duration ("sex månader", "5 år", "ett och ett halvt år") at the start of `text`."""
    words = text.split()
    for length in range(min(6, len(words)), 1, -1):
        candidate = " ".join(words[:length]).rstrip(".,;)")
        parsed = parse_duration(candidate)
        if parsed is not None:
            return candidate, parsed
    return None


def find_period(facts: Facts, sections: list[Section]) -> None:
    ordered = sorted(sections, key=lambda s: s.kind != "period")  # the period section first, then the rest
    for section in ordered:
        for block in section.blocks:
            for text in block_texts(block):
                for sentence in SENTENCE.findall(text):
                    dates = [m for m in DATE.finditer(sentence) if parse_date(m)]
                    if "period.start" not in [f.path for f in facts.found] and len(dates) >= 2 and re.search(
                            r"gäller|period|från", sentence, re.IGNORECASE):
                        start, end = dates[0], dates[1]
                        facts.set("period.start", parse_date(start), block.line)
                        facts.set("period.end", parse_date(end), block.line)
                        facts.mention(block, start.group(0), *date_expressions("period.start", start))
                        facts.mention(block, end.group(0), *date_expressions("period.end", end))
                        stated = re.search(r"(?:gäller|löper)\s+(?:under\s+|i\s+)?", sentence)
                        if stated and stated.end() < start.start():
                            found = duration_at(sentence[stated.end():])
                            if found:
                                facts.set("period.stated_duration", found[0], block.line)
                                facts.mention(block, found[0], "period.stated_duration")
                    for key, pattern in (("notice", r"[Uu]ppsägningstid(?:en)?\s+(?:ska\s+vara|är|om|på)\s+"),
                                         ("extension", r"förlängning(?:en)?\s+(?:med\s+|ytterligare\s+|i\s+|om\s+)+")):
                        match = re.search(pattern, sentence)
                        if match and f"period.{key}" not in [f.path for f in facts.found]:
                            found = duration_at(sentence[match.end():])
                            if found:
                                facts.set(f"period.{key}", found[0], block.line)
                                facts.mention(block, found[0], f"period.{key}")


def count_value(word: str) -> int | None:
    parsed = locale_sv.parse_number(word)
    return int(parsed) if parsed is not None and parsed == int(parsed) else None


def find_follow_up(facts: Facts, sections: list[Section]) -> None:
    for section in sections:
        for block in section.blocks:
            for text in block_texts(block):
                for key, pattern in (("evaluations_per_year", rf"utvärder\w*\s+(?:\w+\s+)?{COUNT}\s+gång(?:er)?\s+per\s+år"),
                                     ("meetings_per_year", rf"minst\s+{COUNT}\s+gång(?:er)?\s+(?:per|om|i)\s+år(?:et)?")):
                    match = re.search(pattern, text, re.IGNORECASE)
                    if match and f"follow_up.{key}" not in [f.path for f in facts.found]:
                        value = count_value(match.group(1))
                        if value:
                            facts.set(f"follow_up.{key}", value, block.line)
                            facts.mention(block, match.group(1), f"follow_up.{key} | words", f"follow_up.{key}")
                convener = re.search(r"(?:^|\.\s+)([A-ZÅÄÖ][\wåäö -]{3,60}?)\s+ansvarar\s+för\s+att\s+(?:kalla|bjuda\s+in)", text)
                if convener and "follow_up.convener" not in [f.path for f in facts.found]:
                    facts.set("follow_up.convener", convener.group(1), block.line)
                    facts.mention(block, convener.group(1), "follow_up.convener")


def party_mentions(facts: Facts) -> list[tuple[str, str]]:
    """(words, handle) by which the text may name each party, longest first."""
    names = []
    for handle, party in facts.data.get("parties", {}).items():
        for key in ("name", "short_name", "acting_through"):
            if party.get(key):
                names.append((party[key].lower(), handle))
        names.append((handle, handle))
        for word in party["name"].split():  # a distinctive word of the name: "Fristad" for "Föreningen Fristad"
            if len(word) > 4 and word[0].isupper() and word.lower() not in GENERIC_NAME_WORDS:
                names.append((word.lower(), handle))
    return sorted(names, key=lambda item: -len(item[0]))


def find_economy(facts: Facts, sections: list[Section]) -> None:
    names = party_mentions(facts)
    economy_sections = [s for s in sections if s.kind == "economy"] or sections
    for section in economy_sections:
        for block in section.blocks:
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
            continue
        # Rounded, approximate or in words ("två miljoner kronor"): the exact amount is the officer's to confirm.
        guess = None if amount.exact and not amount.in_words else \
            f"beloppet är skrivet \"{amount.text}\"; kontrollera det exakta beloppet"
        facts.set(path, {"amount": amount.value, "per": per}, block.line, guess)
        facts.mention(block, amount.text, *amount_expressions(f"{path}.amount"))
        level = re.match(r"\s*(?:per år|/år|årligen)?\s*\(?\s*(?:i\s+)?(\d{4})[ -]års\s+pris(?:läge|nivå)", after)
        if level:
            year = level.group(1)
            facts.data["economy"]["contributions"][owner]["price_level"] = int(year)
            facts.found.append(Recognised(f"{path}.price_level", int(year), block.line))
            facts.mention(block, year, f"{path}.price_level")


def owner_of(before: str, names) -> str | None:
    """The party named last before an amount in its sentence."""
    best, where = None, -1
    for words, handle in names:
        position = before.rfind(words)
        if position > where:
            best, where = handle, position
    return best


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
            match = re.match(rf"^(?P<place>[A-ZÅÄÖ][\wåäö-]+(?: [A-ZÅÄÖ][\wåäö-]+)?),?\s+(?:den\s+)?(?P<date>{DATE.pattern}|{UNFILLED_DATE.pattern})\s*$",
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
            start = len(roles) - len(columns)
            start = next((i for i in range(len(roles)) if names[i] is None), start)
            for offset, column in enumerate(columns):
                if start + offset < len(names):
                    names[start + offset] = column
            used.add(id(block))
    if place_date is None and not roles:
        return used
    if place_date is not None:
        place, date_text, block = place_date
        match = DATE.fullmatch(date_text)
        value = parse_date(match) if match else None
        facts.set("signatures.place", place, block.line)
        facts.set("signatures.date", value or date_text, block.line,
                  None if value else "datumet är inte ifyllt i originalet; fyll i när det skrivs under")
    handles = list(facts.data.get("parties", {}))
    signatories = {}
    for index, (block, role) in enumerate(roles):
        handle, named = signatory_party(facts, role, handles, index)
        entry = {"role": role}
        if names[index]:
            entry["name"] = names[index]
        signatories[handle] = entry
        facts.found.append(Recognised(f"signatures.signatories.{handle}", entry, block.line,
                                      None if named else "parten gissad ur rollen och ordningen"))
    if signatories:
        facts.data.setdefault("signatures", {})["signatories"] = signatories
    return used


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
