"""Blocks → the document's title and its sections, each with a kind recognised from its heading."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from iopdoc.readers.blocks import NUMBERED, Block

# Heading words → section kind, most specific first: the first rule with a word in the heading wins.
AGREEMENT_KINDS = (
    ("signatures", ("underskrift", "undertecknande", "signatur")),
    ("dispute", ("tvist",)),
    ("changes", ("ändring", "förändring", "omförhandling")),
    ("economy", ("ekonomi", "finansiering", "ersättning", "bidrag", "budget")),
    ("period", ("avtalsperiod", "period", "giltighet", "avtalstid", "löptid", "varaktighet")),
    ("cooperation", ("samverkan", "uppföljning", "avstämning", "dialog", "utvärdering")),
    ("values", ("värdegrund", "värderingar", "principer")),
    ("parties", ("parter", "aktörer", "avtalsparter", "parterna")),
    ("commitments", ("åtagande", "partnerskapets innehåll", "insatser", "ansvarsfördelning")),
    ("purpose", ("syfte", "mål", "målsättning", "beskrivning", "samhällsutmaning", "inriktning")),
    ("background", ("bakgrund", "inledning", "förutsättningar")),
)
MEMO_KINDS = (
    ("summary", ("sammanfattning", "ärendet i korthet")),
    ("decision", ("beslutsförslag", "förslag till beslut")),
    ("conclusions", ("slutsats", "bedömning", "överväganden")),
    ("background", ("bakgrund", "ärendet", "beskrivning")),
)
ATTACHMENTS = ("bilagor", "bilaga")
HEADING_NUMBER = re.compile(r"^(?:§\s*\d+|\d+(?:\.\d+)*\.?)\s+")


@dataclass
class Section:
    kind: str
    heading: str | None
    line: str
    blocks: list[Block] = field(default_factory=list)
    guessed: bool = False  # the kind is `free` because no heading word was recognised


def kind_of(heading: str, rules) -> str | None:
    words = HEADING_NUMBER.sub("", heading).lower()
    for kind, keys in rules:
        if any(re.search(rf"(?<!\w){re.escape(key)}", words) for key in keys):
            return kind
    return None


HEADER_LINES = re.compile(r"^(?:Dnr|Diarienummer|Datum|Ärende|Vår referens|Er referens|Sida)\b\.?\s*:?\s*\S", re.IGNORECASE)
TITLE_WORDS = re.compile(r"överenskommelse|avtal|partnerskap|\bIOP\b|tjänsteskrivelse", re.IGNORECASE)


def is_title(block: Block) -> bool:
    """Word's Title or `#`; a first paragraph short enough for one; a short first line of its own
    that names the document ("Överenskommelse om samverkan …") rather than a section."""
    return (block.kind == "heading" and block.level == 1) or (
        block.kind == "paragraph" and len(block.text.split()) <= 22 and not block.text.endswith((".", ":"))) or (
        block.kind == "heading" and not HEADING_NUMBER.match(block.text) and bool(TITLE_WORDS.search(block.text)))


def split_sections(blocks: list[Block], rules, subheadings: set[str]) -> tuple[Block | None, list[Section]]:
    """The title (the first block when it reads as one) and the sections: a new one at each heading,
    except a heading that names a party (or is deeper than a section's), which stays a subheading."""
    marked = next((b for b in blocks[:3] if b.kind == "heading" and b.level == 1), None)  # Word's Title, `#`
    first = next((b for b in blocks[:4] if not HEADER_LINES.match(b.text)), None)  # after "Dnr …", "Datum …"
    title = marked or (first if first is not None and is_title(first) else None)
    rest = [b for b in blocks if b is not title]
    sections: list[Section] = []
    current: Section | None = None
    for block in rest:
        if block.kind == "heading" and current is not None and current.kind == "signatures":
            current.blocks.append(block)  # place, date and names under the signature heading
            continue
        if block.kind == "heading":
            kind = kind_of(block.text, rules)
            plain = " ".join(HEADING_NUMBER.sub("", block.text).rstrip(":").split()).lower()
            if current is not None and (block.level >= 3 or (kind is None and plain in subheadings)):
                current.blocks.append(block)
                continue
            current = Section(kind or "free", block.text, block.line, guessed=kind is None)
            sections.append(current)
            continue
        if current is None:
            current = Section("free", None, block.line)
            sections.append(current)
        current.blocks.append(block)
    return title, sections


def numbered_heading(text: str) -> bool:
    return bool(NUMBERED.match(text) or HEADING_NUMBER.match(text))
