"""Importing an existing agreement or memo (.docx, .pdf, .txt/.md) as a draft source.

blocks (blocks.py, docx_blocks.py; page headers and footers apart) → agreement or memo, by evidence
→ sections (sections.py) → facts (facts.py, economy_facts.py, signature_facts.py, memo_facts.py) →
prose that refers to a fact only where an expression stands for whole words and renders those very
words → the canonical layout (source/canonical.py), with a comment at each guess → the round trip
verified (round_trip.py: the source says the original's words, or nothing is written) → the report
(import_report.py).
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from iopdoc.errors import Location, SourceError, UsageError, error
from iopdoc.readers.economy_facts import find_economy
from iopdoc.readers.facts import (Facts, Mention, block_texts, find_decision, find_follow_up, find_named_parties, find_parties, find_period,
                                 find_short_names)
from iopdoc.readers.signature_facts import find_signatures
from iopdoc.readers import read_blocks
from iopdoc.readers.blocks import Block
from iopdoc.readers.import_report import report_of, report_text  # noqa: F401 - the CLI's report
from iopdoc.readers.round_trip import verify_round_trip
from iopdoc.readers.sections import AGREEMENT_KINDS, split_sections

PLACEHOLDER_DATE = "20xx-xx-xx"
MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


@dataclass(frozen=True)
class ImportResult:
    text: str  # the source, in the canonical layout
    report: dict  # what was recognised where, what to confirm (report_text() renders it)
    kept: tuple[str, ...] = ()  # where each block kept as prose starts in the original (the rest became data)


def escape_inline(text: str) -> str:
    """Characters Markdown would read as emphasis, code or links, escaped."""
    return MD_SPECIAL.sub(r"\\\1", text)


def escape_markdown(text: str) -> str:
    """A line of text that Markdown shows as written: also a leading `#`, `-`, `>` or `1.` escaped."""
    text = escape_inline(text)
    return re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", re.sub(r"^([#>+-])(\s|$)", r"\\\1\2", text))


def block_markdown(block: Block, substitute) -> str:
    if block.kind == "heading":
        return f"# {substitute(block, block.text)}"
    if block.kind == "bullets":
        return "\n".join(f"- {substitute(block, item)}" for item in block.items)
    if block.kind == "numbered":
        return "\n".join(f"{n}. {substitute(block, item)}" for n, item in enumerate(block.items, start=1))
    if block.kind == "table":
        rows = [[substitute(block, cell).replace("|", "\\|").replace("\n", " ") for cell in row] for row in block.rows]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = [f"| {' | '.join(rows[0])} |", f"|{' --- |' * width}"] + [f"| {' | '.join(r)} |" for r in rows[1:]]
        return "\n".join(lines)
    return substitute(block, block.text)


def plain_data(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    return value


def dump_yaml(data: dict, comments: dict[str, str], header: list[str]) -> str:
    """The data as YAML, with each guess's comment at the end of its key's line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    def build(value, path):
        if isinstance(value, dict):
            node = CommentedMap()
            for key, item in value.items():
                node[key] = build(item, f"{path}.{key}" if path else key)
                if f"{path}.{key}".lstrip(".") in comments:
                    node.yaml_add_eol_comment(f"gissning: {comments[f'{path}.{key}'.lstrip('.')]}", key)
            return node
        if isinstance(value, list):
            return CommentedSeq([build(item, f"{path}[{i}]") for i, item in enumerate(value)])
        if isinstance(value, str) and "\n" in value:
            return LiteralScalarString(value)
        return value

    from iopdoc.source.yaml_emitter import FastEmitter

    yaml = YAML()
    yaml.Emitter = FastEmitter  # the same text, written faster
    yaml.width = 100
    out = io.StringIO()
    yaml.dump(build(data, ""), out)
    return "".join(f"# {line}\n" for line in header) + out.getvalue()


def verify_mentions(facts: Facts, data: dict, path: Path) -> dict[int, list[tuple[Mention, str]]]:
    """For each block, the (mention, expression) pairs whose expression renders exactly the mention's words."""
    from iopdoc.source.loader import parse_source
    from iopdoc.prose.markup import compiled, describe_value
    from iopdoc.prose.evaluate import prose_context
    from iopdoc.source.schema import read_document

    bare = dict(data, sections=[{"kind": s["kind"], **({"heading": s["heading"]} if s.get("heading") else {})}
                                for s in data["sections"]])
    from ruamel.yaml import YAML

    out = io.StringIO()
    YAML(typ="safe").dump(plain_data(bare), out)  # libyaml's emitter: the data only, no comments needed here
    text = out.getvalue()
    try:
        document = read_document(parse_source(text, path=path, name=str(path)))
    except SourceError:
        return {}
    context = prose_context(document, facts.linked)
    chosen: dict[int, list[tuple[Mention, str]]] = {}
    for mention in facts.mentions:
        for expression in mention.expressions:
            try:
                shown = describe_value(compiled(expression)(**context))
            except Exception:  # noqa: BLE001 - an expression that cannot be evaluated is simply not used
                continue
            if shown is not None and same_words(shown, mention.text):
                chosen.setdefault(id(mention.block), []).append((mention, expression))
                break
    return chosen


def same_words(a: str, b: str) -> bool:
    return a.replace("\u00a0", " ").split() == b.replace("\u00a0", " ").split()


def token_span(text: str, mention: Mention, taken: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """Where the mention's words stand in `text` as whole tokens (not inside a word, followed by the
    mention's `after`), outside every span already replaced; None when nowhere."""
    pattern = rf"(?<!\w){re.escape(mention.text)}(?!\w)(?={re.escape(mention.after)})"
    for match in re.finditer(pattern, text):
        if not any(start < match.end() and match.start() < end for start, end, _ in taken):
            return match.start(), match.end()
    return None


def substitution(chosen: dict[int, list[tuple[Mention, str]]]):
    """The function writing a block's text as Markdown, each chosen mention's words replaced by its
    expression. Each mention is used once, at its own words; the text around is escaped as it stands."""
    used: set[int] = set()

    def substitute(block: Block, text: str) -> str:
        spans: list[tuple[int, int, str]] = []
        for mention, expression in chosen.get(id(block), []):
            if id(mention) in used:
                continue
            span = token_span(text, mention, spans)
            if span is not None:
                used.add(id(mention))
                spans.append((*span, expression))
        out, at = [], 0
        for start, end, expression in sorted(spans):
            piece = text[at:start]
            out.append(escape_markdown(piece) if at == 0 else escape_inline(piece))
            out.append(f"{{{{ {expression} }}}}")
            at = end
        out.append(escape_markdown(text[at:]) if at == 0 else escape_inline(text[at:]))
        return "".join(out)

    return substitute


def neighbours(project, names: set[str]) -> list[tuple[Path, Any]]:
    """The project's other sources that name one of the parties and load: where missing organisation
    numbers and a predecessor come from. Sources that do not mention a party are not parsed."""
    if project is None or not names:
        return []
    from iopdoc.source.schema import load_document

    found = []
    for other in project.source_paths():
        try:
            if not any(name in other.read_text(encoding="utf-8") for name in names):
                continue
            found.append((other, load_document(other)))
        except Exception:  # noqa: BLE001 - a broken neighbour is not this import's problem
            continue
    return found


def known_parties(facts: Facts, others: list[tuple[Path, Any]]) -> None:
    """Organisation numbers the text does not give, taken from another source of the project that
    names the same party (the agreement this one follows, typically); each marked to confirm."""
    for other, document in others:
        for party in getattr(document, "parties", {}).values():
            for handle, found in facts.data.get("parties", {}).items():
                if found.get("org_number") is None and found["name"] == party.name and getattr(party, "org_number", None):
                    found["org_number"] = party.org_number
                    facts.found.append(_recognised(f"parties.{handle}.org_number", party.org_number, "-",
                                                   (f"inte i texten; från {other.name} (samma part där)", f"not in the text; from {other.name} (the same party there)")))


def find_predecessor(facts: Facts, others: list[tuple[Path, Any]], blocks: list[Block]):
    """The agreement of the project this one follows: the same parties, ending at most a month before
    this one starts. Its end date, where the text states it, becomes `supersedes.period.end`."""
    from iopdoc.readers.facts import DATE, parse_date

    start = facts.get("period.start")
    names = {p["name"] for p in facts.data.get("parties", {}).values()}
    if not isinstance(start, dt.date):
        return None
    for other, document in others:
        end = getattr(getattr(document, "period", None), "end", None)
        if getattr(document, "kind", None) != "agreement" or not isinstance(end, dt.date):
            continue
        if not names & {p.name for p in document.parties.values()} or not 0 < (start - end).days <= 31:
            continue
        facts.set("supersedes", document.id, "-", (f"föregångaren hittad i projektet ({other.name}); bekräfta", f"the predecessor found in the project ({other.name}); confirm"))
        for block in blocks:
            for text in block_texts(block):
                for match in DATE.finditer(text):
                    if parse_date(match) == end:
                        facts.mention(block, match.group(0), "supersedes.period.end | long_date", "supersedes.period.end")
        return document
    return None


def _recognised(path, value, line, guess):
    from iopdoc.readers.facts import Recognised

    return Recognised(path, value, line, guess)


def import_agreement(blocks: list[Block], identifier: str, path: Path, project):
    facts = Facts()
    facts.data.update({"kind": "agreement", "id": identifier})
    blocks = [b for b in blocks if not (b.kind in ("paragraph", "heading") and b.text.strip() == "UTKAST")]
    find_parties(facts, blocks)
    texts = [(b, t) for b in blocks for t in block_texts(b)]
    if not facts.data.get("parties"):
        find_named_parties(facts, texts)
    others = neighbours(project, {p["name"] for p in facts.data.get("parties", {}).values()})
    known_parties(facts, others)
    find_short_names(facts, "\n".join(t for _, t in texts))
    subheadings = {v.lower() for p in facts.data.get("parties", {}).values()
                   for v in (p["name"], p.get("acting_through"), p.get("short_name")) if v}
    title, sections = split_sections(blocks, AGREEMENT_KINDS, subheadings)
    find_period(facts, sections)
    predecessor = find_predecessor(facts, others, blocks)
    if predecessor is not None:
        facts.linked["supersedes"] = predecessor
    find_follow_up(facts, [s for s in sections if s.kind == "cooperation"] or sections)
    find_economy(facts, sections)
    find_decision(facts, texts)
    used: set[int] = set()
    for section in sections:
        if section.kind == "signatures":
            used |= find_signatures(facts, section)
    parties = facts.data.setdefault("parties", {})
    if not parties:
        facts.missing("parties.kommunen", {"name": "(kommunens namn)", "sector": "public"},
                      ("inga parter hittades i texten; fyll i parterna", "no parties were found in the text; fill them in"))
    period = facts.data.setdefault("period", {})
    for key in ("start",) if period.get("open_ended") else ("start", "end"):
        if key not in period:
            facts.missing(f"period.{key}", PLACEHOLDER_DATE, ("ingen period hittades i texten; fyll i datumet", "no period was found in the text; fill in the date"))
    public = next((p for p in parties.values() if p["sector"] == "public"), None)
    other = next((p for p in parties.values() if p["sector"] != "public"), None)
    if title is not None:
        facts.data["title"] = title.text
        facts.found.append(_recognised("title", title.text, title.line, None))
        used.add(id(title))
    else:
        names = " och ".join(p["name"] for p in (other, public) if p) or "parterna"
        facts.set("title", f"Idéburet offentligt partnerskap mellan {names}", "-",
                  ("titeln finns inte i texten; formulerad av importen", "the title is not in the text; worded by the import"))
    if public and other and isinstance(period.get("start"), dt.date) and isinstance(period.get("end"), dt.date):
        facts.set("short_title", f"IOP {other.get('short_name') or other['name']} – {public['name']} "
                                 f"{period['start'].year}–{period['end'].year}", "-", ("kort titel formulerad av importen", "short title worded by the import"))
    return facts.data, facts, [s for s in sections], used


MEMO_EVIDENCE = (
    (r"^(?:beslutsförslag|förslag till beslut)\b", ("rubriken \"{}\"", "the heading \"{}\"")),
    (r"^tjänsteskrivelse\b", ("rubriken \"{}\"", "the heading \"{}\"")),
    (r"^till\s*:?\s+\S.*(?:nämnd|styrelse|fullmäktige)\w*$", ("mottagarraden \"{}\"", "the recipient line \"{}\"")),
    (r"\S\s+beslutar\s*:?$", ("beslutsraden \"{}\"", "the decision line \"{}\"")),
)


def document_kind(blocks: list[Block]) -> tuple[str, tuple[str, str]]:
    """Agreement or memo, and the evidence: a memo has a decision proposal (a heading `Beslutsförslag` or `Förslag till beslut`), a
    "Till …nämnden" line or a "… beslutar:" line; anything else (a Dnr in the header, a termination
    paragraph, no numbered headings) is no evidence of a memo, and the document is an agreement."""
    for block in blocks[:80]:
        for text in block_texts(block):
            line = " ".join(text.split())
            if len(line) >= 120:  # evidence is a heading or a line of a header, never a long paragraph
                continue
            for pattern, (sv, en) in MEMO_EVIDENCE:
                if re.search(pattern, line, re.IGNORECASE):
                    at = f" ({block.line})"
                    return "memo", (sv.format(line[:60]) + at, en.format(line[:60]) + at)
    return "agreement", ("inget beslutsförslag, ingen mottagare och ingen beslutsrad i texten",
                         "no decision proposal, no recipient and no decision line in the text")


def import_file(path: Path, identifier: str, kind: str | None, target: Path, project=None) -> ImportResult:
    """The source text and report for `path`; nothing is written here."""
    blocks = read_blocks(path)
    if not blocks:
        raise SourceError([error("IOP085", Location(str(path), 1, 1), "kan inte importeras: filen har ingen text.",
                                 "cannot be imported: the file has no text.")])
    running = [b for b in blocks if b.kind == "running"]  # page headers and footers: facts, never prose
    blocks = [b for b in blocks if b.kind != "running"]
    if not blocks:
        raise SourceError([error("IOP085", Location(str(path), 1, 1), "kan inte importeras: filen har ingen brödtext.",
                                 "cannot be imported: the file has no body text.")])
    if kind is None:
        kind, evidence = document_kind(blocks)
    else:
        evidence = ("satt med --kind", "set with --kind")
    if kind == "memo":
        from iopdoc.readers.memo_facts import import_memo

        data, facts, sections, used = import_memo(blocks, identifier, running)
    else:
        data, facts, sections, used = import_agreement(blocks, identifier, path, project)
    data["status"] = "draft"
    data["language"] = "sv"
    data["sections"] = [{"kind": s.kind, **({"heading": s.heading} if s.heading else {}), "body": ""} for s in sections]
    chosen = verify_mentions(facts, data, target)
    substitute = substitution(chosen)
    leftover = []
    kept_blocks = []
    for section, entry in zip(sections, data["sections"]):
        kept = [b for b in section.blocks if id(b) not in used]
        kept_blocks.append(kept)
        entry["body"] = "\n\n".join(block_markdown(b, substitute) for b in kept) + ("\n" if kept else "")
        if not entry["body"]:
            del entry["body"]
        if section.guessed:
            leftover.append((section.line, section.heading))
    comments = {f.path: (f.guess[0] if isinstance(f.guess, tuple) else f.guess) for f in facts.found if f.guess}
    header = [f"Importerad från {path.name} av `iopdoc import`: ett utkast att granska.",
              "Rader märkta `gissning:` är tolkningar att bekräfta; se importrapporten."]
    ordered = order_keys(plain_data(data))
    text = dump_yaml(ordered, comments, header)
    from iopdoc.source.canonical import canonical_text

    text = canonical_text(text, target)
    verify_round_trip(text, kept_blocks, path, target, facts.linked)
    return ImportResult(text, report_of(facts, sections, path, target, leftover, kind, evidence),
                        tuple(b.line for blocks in kept_blocks for b in blocks))


KEY_ORDER = ("kind", "id", "title", "short_title", "status", "language", "supersedes", "organisation", "department", "date",
             "diarienummer", "recipient", "parties", "period", "follow_up", "economy", "decision", "attachments",
             "signatories", "signatures", "sections")


def order_keys(data: dict) -> dict:
    return {key: data[key] for key in KEY_ORDER if key in data} | {k: v for k, v in data.items() if k not in KEY_ORDER}


def write_import(path: Path, target: Path, identifier: str, kind: str | None, project=None) -> ImportResult:
    """Import `path` into `target`, which must not exist yet."""
    from iopdoc.fileio import write_atomic

    if target.exists():
        raise UsageError([error("IOP086", Location(str(target)),
                                "källan finns redan; importen skriver aldrig över. Välj ett annat --id eller flytta filen.",
                                "the source already exists; import never overwrites. Choose another --id or move the file.")])
    result = import_file(path, identifier, kind, target, project)
    write_atomic(target, result.text.encode("utf-8"))
    return result


def default_id(path: Path) -> str:
    """An id from a file name: `IOP Kvinnojouren 2019.docx` → `iop-kvinnojouren-2019`."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "importerad"
