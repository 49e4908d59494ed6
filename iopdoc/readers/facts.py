"""Facts found in an agreement's text: parties and organisation numbers, period, notice, extension,
follow-up (the economy in economy_facts.py, the signatures in signature_facts.py).

Each fact is recorded with the input line it was read at (for the report), whether it is a guess,
and where it stands in the prose, with the expressions that could stand there instead: the
importer keeps an expression only when it renders the very words it replaces.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from iopdoc import locale_sv
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
    """Words in a block that state a fact, and the expressions that could say them instead.

    `after` is the text that must follow the words where they stand ("en" only in "en gång"): the
    importer replaces a whole token sequence only, never part of a word, never a like-sounding
    article elsewhere in the paragraph."""

    block: Block
    text: str
    expressions: tuple[str, ...]
    after: str = ""


@dataclass
class Recognised:
    """One fact found: its key, its value as it will be written, where it was read, and why it is a guess."""

    path: str
    value: Any
    line: str
    guess: str | tuple[str, str] | None = None  # why to confirm it: one text, or (Swedish, English)
    placeholder: bool = False  # the value is a «…» placeholder (or the like) for the officer to fill in


@dataclass
class Facts:
    data: dict = field(default_factory=dict)
    found: list[Recognised] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    linked: dict = field(default_factory=dict)  # linked documents prose may name (`supersedes`)

    def set(self, path: str, value: Any, line: str, guess: str | tuple[str, str] | None = None,
            placeholder: bool = False) -> None:
        node = self.data
        *parents, last = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
        self.found.append(Recognised(path, value, line, guess, placeholder))

    def unsure(self, path: str, placeholder: Any, candidate: Any, line: str, why: tuple[str, str]) -> None:
        """A fact the importer is not sure of: the placeholder in the data, the candidate in the
        comment and the report ("to confirm"), never the guess itself as the fact."""
        self.set(path, placeholder, line, (f"{why[0]}; kandidat: {candidate}", f"{why[1]}; candidate: {candidate}"))

    def doubt(self, path: str, placeholder: Any, candidate: Any, why: tuple[str, str]) -> None:
        """A fact found before that turns out uncertain: its value becomes the placeholder, the
        candidate goes to the comment, and prose no longer refers to it."""
        node = self.data
        *parents, last = path.split(".")
        for key in parents:
            node = node[key]
        node[last] = placeholder
        line = next((f.line for f in self.found if f.path == path), "-")
        self.found = [f for f in self.found if f.path != path and not f.path.startswith(f"{path}.")]
        self.found.append(Recognised(path, placeholder, line,
                                     (f"{why[0]}; kandidat: {candidate}", f"{why[1]}; candidate: {candidate}")))
        self.mentions = [m for m in self.mentions if not any(e.startswith(f"{path}.") for e in m.expressions)]

    def missing(self, path: str, placeholder: Any, why: tuple[str, str]) -> None:
        """A fact the text does not give (or the import cannot read): a placeholder to fill in."""
        self.set(path, placeholder, "-", why, placeholder=True)

    def get(self, path: str, default=None):
        node: Any = self.data
        for key in path.split("."):
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    def mention(self, block: Block, text: str, *expressions: str, after: str = "") -> None:
        self.mentions.append(Mention(block, text, expressions, after))


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


def party_rows(block: Block) -> list[tuple[list[str], bool]]:
    """The rows a block may name parties in, and whether each is a table row: a table's rows, a
    line whose columns (a Word table read from a PDF) hold an organisation number of their own,
    else the block's texts."""
    if block.kind == "table":
        return [(row, True) for row in block.rows]
    columns = [split_columns(line) for line in block.raw.split("\n")] if block.raw else []
    tabular = [(c, True) for c in columns if len(c) >= 2 and any(ORG_NUMBER.fullmatch(x) for x in c)]
    return tabular or [([t], False) for t in block_texts(block)]


def find_parties(facts: Facts, blocks: list[Block]) -> None:
    """Parties named with an organisation number: in a sentence, or in a table row."""
    handles: set[str] = set()
    for block in blocks:
        for row, tabular in party_rows(block):
            for index, cell in enumerate(row):
                for match in ORG_NUMBER.finditer(cell):
                    before = cell[: match.start()]
                    sentence = re.split(r"(?<=[.;])\s+", before)[-1] if before.strip() else ""
                    if not ORG_LABEL.search(sentence) and not tabular:
                        continue  # ten digits without "organisationsnummer": not taken for one
                    if tabular:
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
                  {"name": public, "sector": "public"}, block.line, ("namnet läst ur löptexten, inte ur en rad med organisationsnummer", "the name read from running text, not from a line with an organisation number"))
        handle = handle_for(other, False, set())
        facts.set(f"parties.{handle}", {"name": other, "sector": "non-profit"}, block.line,
                  ("namnet läst ur löptexten, inte ur en rad med organisationsnummer", "the name read from running text, not from a line with an organisation number"))
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
                    if "period.start" not in [f.path for f in facts.found]:
                        other_period(facts, block, sentence, dates)
                    genitive = re.search(r"(?<!\w)(\S+)\s+(månaders|veckors|års|dagars)\s+uppsägning(?:stid)?", sentence)
                    if genitive and "period.notice" not in [f.path for f in facts.found]:
                        # "tre månaders uppsägningstid": the notice is "tre månader"; the words stay as written
                        unit = {"månaders": "månader", "veckors": "veckor", "års": "år", "dagars": "dagar"}[genitive.group(2)]
                        candidate = f"{genitive.group(1).lower()} {unit}"
                        if parse_duration(candidate) is not None:
                            facts.set("period.notice", candidate, block.line)
                    for key, pattern in (("notice", r"[Uu]ppsägningstid(?:en)?\s+(?:ska\s+vara|är|om|på)\s+"),
                                         ("extension", r"förlängning(?:en)?\s+(?:med\s+|ytterligare\s+|i\s+|om\s+)+")):
                        match = re.search(pattern, sentence)
                        if match and f"period.{key}" not in [f.path for f in facts.found]:
                            found = duration_at(sentence[match.end():])
                            if found:
                                facts.set(f"period.{key}", found[0], block.line)
                                facts.mention(block, found[0], f"period.{key}")


YEARS = re.compile(r"(?:gäller|avser|löper|period\w*|under\s+åren|för\s+åren)\D{0,30}?(?<!\d)(20\d\d)\s*(?:–|-|—|till(?:\s+och\s+med)?)\s*(20\d\d)(?![\d-])",
                   re.IGNORECASE)


def other_period(facts: Facts, block: Block, sentence: str, dates: list[re.Match]) -> None:
    """A period in years only ("gäller 2023 – 2025": whole years, as the format reads them), or
    from a date and "tills vidare" (open-ended: a start, no end, the notice to say how it ends)."""
    years = YEARS.search(sentence)
    if years and not dates and int(years.group(1)) <= int(years.group(2)):
        facts.set("period.start", int(years.group(1)), block.line)
        facts.set("period.end", int(years.group(2)), block.line)
        return
    if len(dates) == 1 and re.search(r"tills\s+vidare", sentence, re.IGNORECASE) and re.search(
            r"gäller|från", sentence, re.IGNORECASE):
        facts.set("period.start", parse_date(dates[0]), block.line)
        facts.set("period.open_ended", True, block.line)
        facts.mention(block, dates[0].group(0), *date_expressions("period.start", dates[0]))


def count_value(word: str) -> int | None:
    parsed = locale_sv.parse_number(word)
    return int(parsed) if parsed is not None and parsed == int(parsed) else None


MEETING_WORDS = re.compile(r"träff|möt|uppfölj|avstäm|samråd|dialog", re.IGNORECASE)
# Reports the non-profit submits each year by a day: "lämnar varje år en verksamhetsberättelse och
# en ekonomisk redovisning senast den 31 mars". A report without a day, or due on a day of one
# year only ("senast 31 mars 2027"), is not a yearly due date and is left as prose.
REPORT_NAME = re.compile(r"(?<!\w)(?:verksamhetsberättelse|verksamhetsplan|årsredovisning|revisionsberättelse|"
                         r"ekonomiska? redovisning|verksamhetsrapport|redovisning)(?:en|ar|arna|er|erna)?(?!\w)", re.IGNORECASE)
REPORT_DUE = re.compile(rf"senast(?:\s+den|\s+i)?\s+(?:(\d{{1,2}})\s+)?({'|'.join(MONTHS)})(?!\w)(?!\s+\d)", re.IGNORECASE)
SUBMITTED = re.compile(r"lämna|redovis|inkomm|skicka|sänd|ges\s+in|ska\s+in", re.IGNORECASE)


def find_follow_up(facts: Facts, sections: list[Section]) -> None:
    """Meetings per year ("minst två gånger per år", "fyra gånger om året" in a sentence about
    meeting or following up), evaluations per year, and who convenes."""
    for section in sections:
        for block in section.blocks:
            for text in block_texts(block):
                for sentence_match in SENTENCE.finditer(text):
                    sentence, offset = sentence_match.group(0), sentence_match.start()
                    evaluation = re.search(r"utvärder", sentence, re.IGNORECASE)
                    for key, pattern, wanted in (
                            ("evaluations_per_year", rf"utvärder\w*\s+(?:\w+\s+)?{COUNT}\s+gång(?:er)?\s+(?:per|om|i)\s+år", True),
                            ("meetings_per_year", rf"(?<!\w)(?:minst\s+)?{COUNT}\s+gång(?:er)?\s+(?:per|om|i)\s+år(?:et)?",
                             bool(MEETING_WORDS.search(sentence)) and not evaluation)):
                        match = re.search(pattern, sentence, re.IGNORECASE)
                        if not wanted or not match or f"follow_up.{key}" in [f.path for f in facts.found]:
                            continue
                        value = count_value(match.group(1))
                        if value:
                            facts.set(f"follow_up.{key}", value, block.line)
                            facts.mention(block, match.group(1), f"follow_up.{key} | words", f"follow_up.{key}",
                                          after=sentence[match.end(1):match.end(1) + 5])
                    find_reports(facts, block, sentence)
                convener = re.search(r"(?:^|\.\s+)([A-ZÅÄÖ][\wåäö -]{3,60}?)\s+ansvarar\s+för\s+att\s+(?:kalla|bjuda\s+in)", text)
                if convener and "follow_up.convener" not in [f.path for f in facts.found]:
                    facts.set("follow_up.convener", convener.group(1), block.line)
                    facts.mention(block, convener.group(1), "follow_up.convener")


def find_reports(facts: Facts, block: Block, sentence: str) -> None:
    """The reports a sentence says are due each year by a day, as follow_up.reports (the first such sentence)."""
    if "follow_up.reports" in [f.path for f in facts.found] or not SUBMITTED.search(sentence):
        return
    due = REPORT_DUE.search(sentence)
    if not due:
        return
    day, month = (int(due.group(1)) if due.group(1) else None), MONTHS.index(due.group(2).lower()) + 1
    if day is not None and not 1 <= day <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]:
        return
    names = list(dict.fromkeys(m.group(0) for m in REPORT_NAME.finditer(sentence[:due.start()])))
    if names:
        facts.set("follow_up.reports", [{"name": name, "month": month, **({"day": day} if day else {})} for name in names],
                  block.line)


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


COMMITTEE = r"[A-ZÅÄÖa-zåäö][\wåäö -]{0,60}?(?:nämnd(?:en)?|styrelse(?:n)?|fullmäktige)(?!\w)"
DECISIONS = (
    re.compile(rf"(?:beslut\w*|godkän\w*|antagen|antogs|fastställ\w*)\s+(?:av\s+|i\s+)?(?P<committee>{COMMITTEE})"
               rf"\s+(?:den\s+|på\s+sitt\s+sammanträde\s+(?:den\s+)?)?(?P<date>{DATE.pattern})", re.IGNORECASE),
    re.compile(rf"(?P<committee>{COMMITTEE})\s+(?:beslutade|godkände|antog)\s+(?:den\s+)?(?P<date>{DATE.pattern})",
               re.IGNORECASE),
)
# Words each decision sentence has: only sentences with both are searched with DECISIONS, whose
# committee part, tried from every position of every sentence, took a third of an import's time.
DECISION_WORD = re.compile(r"beslut|godkän|antagen|antog|fastställ", re.IGNORECASE)
COMMITTEE_WORD = re.compile(r"nämnd|styrelse|fullmäktige", re.IGNORECASE)
DIARIENUMMER = re.compile(r"\b(?:dnr|diarienummer)\.?\s*:?\s*(?P<dnr>[A-ZÅÄÖ]{1,6}[ /-]?\d{4}[/:.-]\d{1,5})")


def find_decision(facts: Facts, texts: list[tuple[Block, str]]) -> None:
    """The committee's decision on the agreement: "godkändes av socialnämnden den 20 oktober 2025,
    § 123, dnr SN 2025/0411" (committee and date required; paragraph and diarienummer when given)."""
    for block, text in texts:
        for sentence in SENTENCE.findall(text):
            if not (DECISION_WORD.search(sentence) and COMMITTEE_WORD.search(sentence)):
                continue
            for pattern in DECISIONS:
                match = pattern.search(sentence)
                if not match:
                    continue
                date = DATE.fullmatch(match.group("date"))
                day = parse_date(date) if date else None
                if day is None:
                    continue
                committee = " ".join(match.group("committee").split())
                record = {"committee": committee[0].upper() + committee[1:], "date": day}
                paragraph = re.search(r"§\s*(\d+)", sentence[match.end():])
                if paragraph:
                    record["paragraph"] = f"§ {paragraph.group(1)}"
                number = DIARIENUMMER.search(sentence)
                if number:
                    record["diarienummer"] = number.group("dnr")
                facts.set("decision", record, block.line)
                return
