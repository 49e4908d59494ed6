"""Reading an existing agreement (.txt/.md, .docx, .pdf with text) into blocks of repaired text.

Every format becomes the same thing: a list of `Block`s (heading, paragraph, list, table) with the
input line (or page:line) each starts at. PDF extraction is repaired here: lines joined into
paragraphs, words hyphenated over a line end joined, bullet glyphs made list items, a paragraph
split by a page break joined again, running headers and "Sida X av Y" footers left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from iopdoc.errors import Location, SourceError, error
from iopdoc.quoting import excerpt

BULLET = re.compile(r"^\s*(?:[•●◦▪■‣∙·\u2022\uf0b7\uf0a7*–-])\s+")
NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+")
PAGE_FOOTER = re.compile(r"^\s*(?:Sida|sida|Page)\s+\d+\s*(?:av|\(|/|of)\s*\d+\)?\s*$")
TERMINAL = (".", ":", ";", ",", "!", "?", "”", '"', ")")
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\ufb05": "st", "\ufb06": "st"})
ELIDED = ("och", "eller", "samt", "resp", "respektive", "till")  # "social- och omsorgsnämnden"
MAX_HEADING_WORDS = 10


@dataclass
class Block:
    """A piece of the input: `kind` heading, paragraph, bullets, numbered or table; or `running`, a
    running header or footer (page furniture: read for facts such as a Dnr, never kept as text)."""

    kind: str
    text: str = ""
    line: str = "1"  # where it starts in the input: a line number, or page:line for a PDF
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    level: int = 2  # a heading's level: 1 the title, 2 a section, 3 a subheading
    columns: list[str] = field(default_factory=list)  # a paragraph's line split at wide gaps (signatures)
    raw: str = ""  # the block's lines as written, spacing kept (names in columns)


def unreadable(path: Path, what_sv: str, what_en: str, line: int = 0) -> SourceError:
    return SourceError([error("IOP085", Location(str(path), line, 1 if line else 0),
                              f"kan inte importeras: {what_sv}", f"cannot be imported: {what_en}")])


# A PDF to import is read by pdfminer in a process of its own (iopdoc/bounded.py): a small file can
# hold millions of text operators, 100 000 pages or a Flate bomb.
MAX_PDF_BYTES = 20 * 2**20
MAX_PDF_PAGES = 300
PDF_SECONDS = 5.0
PDF_MEMORY = 300 * 2**20


def pdf_lines(path: Path) -> list[tuple[float, list[dict]]]:
    """(height, lines) of each page, each line's text with its column gaps; run in the bounded child."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise ValueError(f"more than {MAX_PDF_PAGES} pages")
        pages = []
        for page in pdf.pages:
            lines = page.extract_text_lines(layout=False, strip=True, return_chars=True)
            # A page in two columns is read column by column; each character's size and font go
            # back too: a bold or larger line is a heading.
            kept = [{"text": with_column_gaps(line), "top": float(line["top"]), "bottom": float(line["bottom"]),
                     "break": bool(line.get("break")),
                     "chars": [{"text": c.get("text", ""), "size": float(c.get("size", 0)),
                                "fontname": str(c.get("fontname", ""))} for c in line.get("chars", [])]}
                    for line in column_order(lines, float(page.width), float(page.height))]
            pages.append((float(page.height), kept))
            page.flush_cache()
        return pages


def inked(line: dict) -> list[dict]:
    return [c for c in line.get("chars", []) if c.get("text", "").strip()]


def find_gutter(lines: list[dict], width: float) -> tuple[float, float] | None:
    """The gap between two columns of text, (left, right) in points, when the page has one: a band
    in the middle of the page that (almost) no line inks, with at least four lines of prose (20 or
    more characters) on each side. A signature block or a table of amounts side by side has no
    such lines; a title or a paragraph across the whole page crosses the band and is read in place."""
    start, end = int(width * 0.3), int(width * 0.7)
    coverage = [0] * (end - start)
    for line in lines:
        covered = set()
        for c in inked(line):
            covered.update(range(max(start, int(c["x0"])), min(end, int(c["x1"]) + 1)))
        for x in covered:
            coverage[x - start] += 1
    allowed = max(1, len(lines) // 6)  # lines across the whole width: a title, a closing paragraph
    best, run_start = None, None
    for x in range(start, end + 1):
        free = x < end and coverage[x - start] <= allowed
        if free and run_start is None:
            run_start = x
        elif not free and run_start is not None:
            if x - run_start >= 4 and (best is None or x - run_start > best[1] - best[0]):
                best = (run_start, x)
            run_start = None
    if best is None:
        return None
    left, right = best
    both = sum(1 for line in lines
               if sum(c["x1"] <= left + 1 for c in inked(line)) >= 20 and sum(c["x0"] >= right - 1 for c in inked(line)) >= 20)
    return (left, right) if both >= 4 else None


def column_order(lines: list[dict], width: float, height: float) -> list[dict]:
    """The page's lines in reading order: on a page in two columns (find_gutter) the left column's
    lines, then the right column's, between each line that crosses the gap (a title, a paragraph
    over the whole width) and the running header and footer, which stay where they are. The first
    line of the right column is marked `break` when the left column ended its paragraph (a short
    line ending with punctuation): the paragraph does not go on across the columns then."""
    body = [line for line in lines if not (line["top"] < height * 0.09 or line["bottom"] > height * 0.93)]
    gutter = find_gutter(body, width)
    if gutter is None:
        return lines
    left_edge, right_edge = gutter
    middle = (left_edge + right_edge) / 2
    out: list[dict] = []
    left: list[dict] = []
    right: list[dict] = []

    def part(line: dict, chars: list[dict]) -> dict:
        text = "".join(c.get("text", "") for c in chars)
        return {**line, "chars": chars, "text": text, "x0": chars[0]["x0"], "x1": chars[-1]["x1"]}

    def flush() -> None:
        if left and right:
            last = left[-1]
            size = max((c.get("size", 10) for c in inked(last)), default=10)
            if last["text"].rstrip().endswith(TERMINAL) and last["x1"] < left_edge - 3 * size:
                right[0] = {**right[0], "break": True}
        out.extend(left + right)
        left.clear()
        right.clear()

    for line in lines:
        at_edge = line["top"] < height * 0.09 or line["bottom"] > height * 0.93
        if at_edge or any(c["x0"] < right_edge and c["x1"] > left_edge for c in inked(line)):
            flush()
            out.append(line)
            continue
        chars = line.get("chars", [])
        on_left = [c for c in chars if (c["x0"] + c["x1"]) / 2 < middle]
        on_right = [c for c in chars if (c["x0"] + c["x1"]) / 2 >= middle]
        if inked({"chars": on_left}):
            left.append(part(line, on_left))
        if inked({"chars": on_right}):
            right.append(part(line, on_right))
    flush()
    return out


def pdf_blocks(path: Path) -> list[Block]:
    """A PDF's text layer, line by line with a blank line where the gap between lines is wide;
    lines repeated at the top or bottom of the pages (running header, footer) left out. Read within
    MAX_PDF_BYTES, MAX_PDF_PAGES, PDF_SECONDS and PDF_MEMORY: beyond them the file is IOP085."""
    from iopdoc.bounded import Exceeded, Failed, run_bounded

    size = path.stat().st_size
    if size > MAX_PDF_BYTES:
        raise unreadable(path, f"PDF:en är större än {MAX_PDF_BYTES // 2**20} MB.",
                         f"the PDF is larger than {MAX_PDF_BYTES // 2**20} MB.")
    try:
        pages = run_bounded(pdf_lines, (path,), seconds=PDF_SECONDS, memory=PDF_MEMORY)
    except Exceeded as exc:
        what_sv = {"time": f"läsningen tog mer än {PDF_SECONDS:g} s", "memory": f"läsningen behövde mer än "
                   f"{PDF_MEMORY // 2**20} MB minne"}.get(exc.what, f"läsningen avbröts ({exc.detail})")
        what_en = {"time": f"reading it took more than {PDF_SECONDS:g} s", "memory": "reading it needed more than "
                   f"{PDF_MEMORY // 2**20} MB of memory"}.get(exc.what, f"reading it was stopped ({exc.detail})")
        raise unreadable(path, f"PDF:en kan inte läsas: {what_sv}. Importera Word-filen, eller dela upp PDF:en.",
                         f"the PDF cannot be read: {what_en}. Import the Word file, or split the PDF.") from None
    except Failed as exc:  # pdfminer raises many kinds on a broken file; all mean "unreadable"
        raise unreadable(path, f"PDF:en kan inte läsas ({exc.kind}: {excerpt(exc.message, 120)}).",
                         f"the PDF cannot be read ({exc.kind}: {excerpt(exc.message, 120)}).") from None
    if not any(lines for _, lines in pages):
        raise unreadable(path, "PDF:en har inget textlager (skannad?). Kör OCR först eller importera Word-filen.",
                         "the PDF has no text layer (scanned?). Run OCR first, or import the Word file.")
    edges: dict[str, int] = {}
    for height, lines in pages:
        for line in lines:
            if line["top"] < height * 0.09 or line["bottom"] > height * 0.93:
                edges[line["text"]] = edges.get(line["text"], 0) + 1
    repeated = {text for text, count in edges.items() if count >= 2 and len(pages) >= 2}
    body_size = most_common_size(pages)
    numbered: list[tuple[str, str]] = []
    running: dict[str, str] = {}  # a running header's or footer's text → where it first stands
    for number, (height, lines) in enumerate(pages, start=1):
        previous_bottom, previous_height, previous_heading = None, None, False
        for index, line in enumerate(lines, start=1):
            text = line["text"]
            at_edge = line["top"] < height * 0.09 or line["bottom"] > height * 0.93
            if PAGE_FOOTER.match(text) or (at_edge and text in repeated):
                if not PAGE_FOOTER.match(text):
                    running.setdefault(text, f"{number}:{index}")
                continue
            line_height = line["bottom"] - line["top"]
            heading = looks_like_heading(line, body_size)
            wide_gap = line.get("break") or (previous_bottom is not None
                                             and line["top"] - previous_bottom > 0.6 * max(line_height, previous_height))
            if heading and previous_heading and not wide_gap and round(line_height) == round(previous_height):
                numbered.pop()  # the heading goes on from the line above (a title over two lines): one block
            elif heading or wide_gap:
                numbered.append((f"{number}:{index}", ""))
            numbered.append((f"{number}:{index}", text))
            if heading:  # a heading line stands alone: its own group, read as a heading
                numbered.append((f"{number}:{index}", ""))
            previous_bottom, previous_height, previous_heading = line["bottom"], line_height, heading
        numbered.append((f"{number}:end", ""))
    return text_blocks(numbered, markdown=False) + [Block("running", text, line) for text, line in running.items()]


def most_common_size(pages) -> float:
    sizes: dict[float, int] = {}
    for _height, lines in pages:
        for line in lines:
            for char in line.get("chars", []):
                size = round(char.get("size", 0), 1)
                sizes[size] = sizes.get(size, 0) + 1
    return max(sizes, key=sizes.get) if sizes else 0.0


def looks_like_heading(line: dict, body_size: float) -> bool:
    """A short line set in bold, or larger than the body text, without closing punctuation."""
    chars = [c for c in line.get("chars", []) if c.get("text", " ").strip()]
    text = line["text"].strip()
    if not chars or not body_size or len(text.split()) > MAX_HEADING_WORDS or text.endswith(TERMINAL):
        return False
    bold = all(re.search(r"bold|black|heavy", c.get("fontname", ""), re.IGNORECASE) for c in chars)
    larger = min(c.get("size", 0) for c in chars) >= 1.15 * body_size
    return bold or larger


def with_column_gaps(line: dict) -> str:
    """A PDF line's text with three spaces where its characters are far apart (columns side by side,
    as in a signature block), so the columns can be told apart like in extracted plain text."""
    chars = [c for c in line.get("chars", []) if c.get("text")]
    if not chars:
        return line["text"]
    out, previous = [], None
    for char in chars:
        if previous is not None and char["text"] == previous["text"] and char["x0"] == previous["x0"]:
            continue  # a ligature ("ff") given once per letter it stands for, at the same place: once
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(previous.get("size", 10), 1)
            if gap > 1.8 * size:  # far wider than a word space, even in justified text
                out.append("   ")
            elif gap > 0.2 * size and not out[-1].endswith(" ") and char["text"] != " ":
                out.append(" ")
        out.append(char["text"])
        previous = char
    return re.sub(r"(?<! ) (?! )", " ", "".join(out)).strip().translate(LIGATURES)


def split_columns(line: str) -> list[str]:
    return [part.strip() for part in re.split(r"\s{3,}|\t+", line.strip()) if part.strip()]


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one line: a word hyphenated over a line end joined again."""
    text = ""
    for line in (l.strip() for l in lines):
        if not text:
            text = line
        elif re.search(r"\w-$", text) and line[:1].islower() and not line.split()[0].rstrip(",.") in ELIDED:
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return " ".join(text.split())


def is_heading_line(line: str, following: list[str]) -> bool:
    """A short line without closing punctuation that is not a list item; when text follows on the
    next lines of the same group, the line must also be clearly shorter than they are."""
    stripped = line.strip()
    words = stripped.split()
    if not words or len(words) > MAX_HEADING_WORDS or stripped.endswith(TERMINAL) or BULLET.match(line):
        return False
    if not (stripped[0].isupper() or NUMBERED.match(stripped) or stripped[0] == "§"):
        return False
    if NUMBERED.match(stripped) and stripped.endswith(("kr", "%")):
        return False
    if following:
        longest = max(len(l.strip()) for l in following)
        opening = following[0].strip()
        return len(stripped) < 0.6 * longest and (opening[:1].isupper() or bool(NUMBERED.match(opening) or BULLET.match(opening)))
    return True


def text_blocks(numbered: list[tuple[str, str]], markdown: bool) -> list[Block]:
    """Plain or Markdown text lines (with their numbers) → blocks."""
    groups: list[list[tuple[str, str]]] = [[]]
    for number, line in numbered:
        if line.strip():
            groups[-1].append((number, line.rstrip()))
        elif groups[-1]:
            groups.append([])
    blocks: list[Block] = []
    for group in (g for g in groups if g):
        blocks.extend(group_blocks(group, markdown))
    return join_page_breaks(blocks)


def group_blocks(group: list[tuple[str, str]], markdown: bool) -> list[Block]:
    first_number, first = group[0]
    if markdown and first.lstrip().startswith("#"):
        level = len(first.lstrip()) - len(first.lstrip().lstrip("#"))
        rest = group_blocks(group[1:], markdown) if len(group) > 1 else []
        return [Block("heading", first.lstrip().lstrip("#").strip(), first_number, level=min(level, 4)), *rest]
    if markdown and first.lstrip().startswith("|"):
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for _, line in group]
        rows = [r for r in rows if not all(re.fullmatch(r":?-{2,}:?", c) for c in r)]
        return [Block("table", line=first_number, rows=rows)]
    if is_heading_line(first, [l for _, l in group[1:]]):
        rest = group_blocks(group[1:], markdown) if len(group) > 1 else []
        columns = split_columns(first)
        return [Block("heading", " ".join(first.split()), first_number, columns=columns if len(columns) > 1 else [],
                      raw=first), *rest]
    blocks: list[Block] = []
    items: list[tuple[str, list[str]]] = []
    lead: list[str] = []
    lead_number = first_number
    list_kind = None
    for number, line in group:
        bullet, digit = BULLET.match(line), NUMBERED.match(line)
        if bullet or (digit and (list_kind == "numbered" or not lead)):
            kind = "bullets" if bullet else "numbered"
            if lead:
                blocks.append(paragraph(lead, lead_number))
                lead = []
            if list_kind and kind != list_kind and items:
                blocks.append(list_block(list_kind, items))
                items = []
            list_kind = kind
            items.append((number, [line[(bullet or digit).end():]]))
        elif items:
            items[-1][1].append(line)
        else:
            if not lead:
                lead_number = number
            lead.append(line)
    if lead:
        blocks.append(paragraph(lead, lead_number))
    if items:
        blocks.append(list_block(list_kind, items))
    return blocks


def paragraph(lines: list[str], number: str) -> Block:
    columns = split_columns(lines[0]) if len(lines) == 1 else []
    return Block("paragraph", join_lines(lines), number, columns=columns if len(columns) > 1 else [],
                 raw="\n".join(lines))


def list_block(kind: str, items: list[tuple[str, list[str]]]) -> Block:
    return Block(kind, line=items[0][0], items=[join_lines(lines) for _, lines in items])


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    """A paragraph (or list item) cut by a page break or a stray blank line goes on in a block that
    starts in lower case: joined to the one before, which did not end a sentence."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if previous is not None and block.kind == "paragraph" and block.text[:1].islower():
            if previous.kind == "paragraph" and not previous.text.endswith((".", ":", "!", "?")):
                previous.text = join_lines([previous.text, block.text])
                continue
            if previous.kind in ("bullets", "numbered"):
                previous.items[-1] = join_lines([previous.items[-1], block.text])
                continue
        number = NUMBERED.match(block.text) if block.kind == "heading" else None
        if number and previous is not None and (
                (previous.kind == "numbered" and len(previous.items) == int(number.group(1)) - 1) or
                (previous.kind == "heading" and int(number.group(1)) == 2 and NUMBERED.match(previous.text)
                 and NUMBERED.match(previous.text).group(1) == "1")):
            # "1. …" and "2. …" on lines of their own, one after the other: a list, not two headings
            if previous.kind == "heading":
                joined[-1] = previous = Block("numbered", line=previous.line,
                                              items=[previous.text[NUMBERED.match(previous.text).end():]])
            previous.items.append(block.text[number.end():])
            continue
        if previous is not None and block.kind == previous.kind and block.kind in ("bullets", "numbered"):
            previous.items.extend(block.items)  # a blank line between items does not end the list
            continue
        joined.append(block)
    return joined
