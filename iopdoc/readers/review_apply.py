"""`iopdoc review --apply`: a reviewer's tracked Word changes written back to the source, where the
mapping is unambiguous; every other change listed with the reason.

A change (a run of `w:del` and `w:ins` in one paragraph) is placed by its paragraph, not by guessing:
the paragraph's text as it was (kept and deleted words) must stand as one whole block (a paragraph,
list item, heading or table cell) exactly once in what the source's sections show (each heading,
and each body with every `{{ … }}` evaluated and the Markdown marks left out, with a map back to the
source's characters), and in the section the DOCX shows it in. A paragraph of the title page or
of a table the template draws, one that stands twice (the same sentence in two sections), or one
the reviewer also edited without tracking is listed. Within the paragraph the change's place is
then exact. Then:

- words in the body's literal text are replaced in the source; a change that crosses Markdown
  formatting, or whose new words Markdown or the prose would read as marks (`*`, `{{`), is listed;
- a change inside the words an expression shows (an amount, a name) is written to the fact the
  expression names when that is unambiguous: the expression is a plain reference (with `kr`,
  `number` or `long_date` at most), the fact is written in this source at that key, and the new
  words read back as a value that shows exactly as the reviewer wrote it. Otherwise it is listed;
- a change that touches both literal words and an expression's words is listed;
- comments are listed, never applied.

Before anything is written the new source is made (`canonical.edited_text`: the canonical layout,
comments kept), loaded, resolved and rendered as a DOCX again, and the rebuilt text must show each
applied change's new words with the words around them. If not, nothing is written (IOP095).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iopdoc import model
from iopdoc.errors import Diagnostic, Location, SourceError, error
from iopdoc.quoting import excerpt

SEPARATOR = "\x00"  # between blocks (paragraphs, list items, table cells): a change never spans one
SPACES = " \t\r\n\u00a0\u2007\u202f"
EXPRESSION_MARKS = ("{{", "}}", "{%", "%}", "{#", "#}")
MARKDOWN_MARKS = set("*_`[]<>\\|#")
LINE_MARKERS = re.compile(r"[ \t]*(?:(?:#{1,6}|[-*+]|\d{1,9}[.)]|>)(?:[ \t]+|$))*")
TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t:|-]*-[ \t:|-]*\|?[ \t]*$")
LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
REFERENCE = re.compile(r"^\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*(?:\|\s*(kr|number|long_date)\s*)?$")


# --- what a section shows, with a map back to the source ------------------------------------------
@dataclass
class Shown:
    """One text of a section (its heading or body) as a reader sees it rendered, character by
    character: where in the source text each character was written (`start`, `end`), which
    expression shows it (an index into `expressions`, or None), and whether Markdown marks were left
    out just before it."""

    section: int  # 0-based
    key: str  # "heading" or "body"
    source: str  # the field's text in the source
    text: str = ""
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    expression: list[int | None] = field(default_factory=list)
    marks_before: list[bool] = field(default_factory=list)
    expressions: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, expression) in `source`

    @property
    def path(self) -> str:
        return f"sections[{self.section}].{self.key}"


class ShownBuilder:
    def __init__(self, shown: Shown):
        self.shown = shown
        self.chars: list[str] = []
        self.pending_marks = False

    def emit(self, char: str, start: int, end: int, expression: int | None) -> None:
        s = self.shown
        if char == SEPARATOR:
            if not self.chars or self.chars[-1] == SEPARATOR:
                return
            if self.chars[-1] == " ":
                self.chars[-1] = SEPARATOR
                return
        elif char in SPACES:
            if not self.chars or self.chars[-1] == SEPARATOR:
                return
            if self.chars[-1] == " ":
                if s.expression[-1] == expression:
                    s.end[-1] = max(s.end[-1], end)
                return
            char = " "
        self.chars.append(char)
        s.start.append(start)
        s.end.append(end)
        s.expression.append(expression)
        s.marks_before.append(self.pending_marks)
        self.pending_marks = False

    def mark(self) -> None:
        self.pending_marks = True

    def finish(self) -> Shown:
        self.shown.text = "".join(self.chars)
        return self.shown


def shown_body(section: model.Node, index: int, context) -> Shown:
    """A body as rendered: expressions evaluated, Markdown marks left out, blocks separated."""
    from iopdoc.prose.markup import EXPRESSION, prose_at
    from iopdoc.prose.published import evaluate

    body = section.body or ""
    evaluated = evaluate(prose_at(section, "body", body), context, f"sections[{index}].body")
    matches = list(EXPRESSION.finditer(body))
    shown = Shown(index, "body", body, expressions=[(m.start(), m.end(), m.group(1).strip()) for m in matches])
    # Per character of the evaluated text: where it comes from.
    origin: list[tuple[int, int, int | None]] = []
    pieces = evaluated.pieces
    expression_number = 0
    for number, piece in enumerate(pieces):
        following = pieces[number + 1].start if number + 1 < len(pieces) else len(evaluated.text)
        if piece.inserted:
            m = matches[expression_number]
            origin.extend((m.start(), m.end(), expression_number) for _ in range(piece.start, following))
            expression_number += 1
        else:
            origin.extend((piece.source + k, piece.source + k + 1, None) for k in range(following - piece.start))
    text = evaluated.text
    builder = ShownBuilder(shown)
    position = 0
    previous_blank = True
    for line in text.split("\n"):
        line_start, line_end = position, position + len(line)
        position = line_end + 1
        if not line.strip() or TABLE_RULE.match(line) and "-" in line and "|" in line:
            builder.emit(SEPARATOR, 0, 0, None)
            previous_blank = True
            continue
        marker = LINE_MARKERS.match(text, line_start, line_end)
        if previous_blank or re.search(r"[-*+#]|\d[.)]", marker.group()):  # a new block; `>` goes on quoting
            builder.emit(SEPARATOR, 0, 0, None)
        if marker.group().strip():
            builder.mark()
        previous_blank = False
        table = line.strip().startswith("|")
        index = marker.end()
        while index < line_end:
            char = text[index]
            start, end, expression = origin[index]
            link = LINK_TARGET.match(text, index) if char == "]" else None
            if link is not None and link.end() <= line_end:
                builder.mark()
                index = link.end()
                continue
            if char == "\\" and index + 1 < line_end and not text[index + 1].isalnum() and not text[index + 1].isspace():
                builder.mark()
                index += 1
                char = text[index]
                start, end, expression = origin[index]
                builder.emit(char, start, end, expression)
            elif table and char == "|":
                builder.emit(SEPARATOR, 0, 0, None)
            elif char in "*`[" or char == "_" and not (index > 0 and text[index - 1].isalnum()
                                                      and index + 1 < len(text) and text[index + 1].isalnum()):
                builder.mark()
            else:
                builder.emit(char, start, end, expression)
            index += 1
        if line_end < len(text):
            start, end, expression = origin[line_end]
            builder.emit("\n", start, end, expression)
    return builder.finish()


def shown_heading(section: model.Node, index: int) -> Shown:
    heading = section.heading or ""
    shown = Shown(index, "heading", heading)
    builder = ShownBuilder(shown)
    for position, char in enumerate(heading):
        builder.emit(char, position, position + 1, None)
    return builder.finish()


# --- a paragraph's changes --------------------------------------------------------------------------
def squeeze(text: str) -> tuple[str, list[int]]:
    """`text` with each run of white space (a no-break space too) as one space, and for each of
    its offsets (and the end) the offset in the result."""
    out: list[str] = []
    where: list[int] = []
    for char in text:
        where.append(len(out))
        if char in SPACES:
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(char)
    where.append(len(out))
    return "".join(out), where


def plain(text: str) -> str:
    return squeeze(text)[0].strip()


@dataclass(frozen=True)
class Hunk:
    """One change in a paragraph: the old text's [start, end) replaced by `inserted` (squeezed offsets)."""

    start: int
    end: int
    inserted: str


def hunks_of(pieces) -> tuple[str, list[Hunk]]:
    """The paragraph's old text (kept and deleted words, white space squeezed) and its changes."""
    raw: list[str] = []
    spans: list[list] = []
    current = None
    length = 0
    for op, text in pieces:
        if op == "=":
            current = None
            raw.append(text)
            length += len(text)
            continue
        if current is None:
            current = [length, length, ""]
            spans.append(current)
        if op == "-":
            raw.append(text)
            length += len(text)
            current[1] = length
        else:
            current[2] += text
    old, where = squeeze("".join(raw))
    hunks = []
    for start, end, inserted in spans:
        inserted = re.sub(r"[\t\r\n]", " ", inserted)
        a, b = where[start], where[end]
        if a == b and not inserted.strip():
            continue  # only white space changed, nothing a reader sees
        hunks.append(Hunk(a, b, inserted))
    return old, hunks


def widenings(old: str, start: int, end: int):
    """[lo, hi) around the change: first its own words, then a word more on each side, up to the paragraph."""
    lo, hi = start, end
    while lo > 0 and old[lo - 1] != " ":
        lo -= 1
    while hi < len(old) and old[hi] != " ":
        hi += 1
    yield lo, hi
    while lo > 0 or hi < len(old):
        if lo > 0:
            lo -= 1
            while lo > 0 and old[lo - 1] != " ":
                lo -= 1
        if hi < len(old):
            hi += 1
            while hi < len(old) and old[hi] != " ":
                hi += 1
        yield lo, hi


def blocks_equal_to(paragraph: str, texts: list[Shown]) -> list[tuple[Shown, int]]:
    """Where `paragraph` stands as a whole block (a paragraph, list item, heading or table cell) in
    the shown texts: the field and the offset it starts at."""
    if not paragraph:
        return []
    found = []
    for shown in texts:
        start = 0
        for block in shown.text.split(SEPARATOR):
            if block == paragraph:
                found.append((shown, start))
            start += len(block) + 1
    return found


# --- the outcome --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """A change as the reviewer made it, and what became of it."""

    section: str  # the heading it stands under in the DOCX
    old: str  # the changed words and the words around them, as they were
    new: str  # as the reviewer left them
    where: Location  # in the source when placed there, else the DOCX
    target: str = ""  # `sections[2].body`, or the fact's key (`economy.contributions.kommunen.amount`)
    fact_old: Any = None
    fact_new: Any = None
    reason_sv: str = ""
    reason_en: str = ""


@dataclass
class Outcome:
    applied: list[Change] = field(default_factory=list)
    not_applied: list[Change] = field(default_factory=list)
    text: str | None = None  # the new source, when something is applied
    written: bool = False


@dataclass
class Planned:
    change: Change
    paragraph: int  # index of the changed paragraph
    hunk: Hunk
    check: tuple[int, int]  # the words around the change to look for in the rebuilt document (old offsets)
    literal: tuple[Shown, int, int, str] | None = None  # (field, source start, source end, new text)
    fact: tuple[tuple[str, ...], Any] | None = None  # (YAML key path, new value)


def not_applied(change: Change, sv: str, en: str) -> Change:
    return Change(change.section, change.old, change.new, change.where, change.target, change.fact_old,
                  change.fact_new, sv, en)


def diagnostic_of(change: Change) -> Diagnostic:
    return error("IOP096", change.where,
                 f"[{change.section}] ”{change.old}” → ”{change.new}” förs inte in: {change.reason_sv}. "
                 "Ändra i källan för hand.",
                 f"[{change.section}] \"{change.old}\" → \"{change.new}\" is not applied: {change.reason_en}. "
                 "Change it in the source by hand.")


def refused(where: Path, sv: str, en: str) -> SourceError:
    return SourceError([error("IOP095", Location(str(where)), sv, en)])


# --- facts --------------------------------------------------------------------------------------
def value_at(context, path: str):
    value = context
    for part in path.split("."):
        if isinstance(value, dict) or hasattr(value, "keys") and hasattr(value, "__getitem__"):
            if part not in value:
                raise KeyError(part)
            value = value[part]
        elif isinstance(value, model.Node) and hasattr(value, part):
            value = getattr(value, part)
        else:
            raise KeyError(part)
    return value


def yaml_value(data, keys: tuple[str, ...]):
    value = data
    for key in keys:
        if not hasattr(value, "keys") or key not in value:
            raise KeyError(key)
        value = value[key]
    return value


def read_back(shown_new: str, current: Any, filter_name: str | None) -> Any:
    """The value that would show as `shown_new` (None if none of this kind can)."""
    from iopdoc import locale_sv

    text = plain(shown_new)
    if isinstance(current, bool):
        return None
    if isinstance(current, (int, Decimal)):  # whole kronor; an amount in öre is changed by hand
        if isinstance(current, Decimal) and current != current.to_integral_value():
            return None
        digits = re.sub(r"\s", "", text)
        if filter_name == "kr":
            digits = digits.removesuffix("kr")
        if not re.fullmatch(r"-?\d{1,15}", digits):
            return None
        return int(digits) if isinstance(current, int) else Decimal(digits)
    if isinstance(current, dt.date):
        if filter_name == "long_date":
            match = re.fullmatch(r"(\d{1,2}) (\w+) (\d{4})", text)
            months = [locale_sv.month_name(m) for m in range(1, 13)]
            if match and match.group(2) in months:
                try:
                    return dt.date(int(match.group(3)), months.index(match.group(2)) + 1, int(match.group(1)))
                except ValueError:
                    return None
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    if isinstance(current, str) and filter_name is None:
        return text
    return None


def shows_as(value: Any, filter_name: str | None) -> str:
    from iopdoc.prose.markup import FILTERS, describe_value

    return plain((FILTERS[filter_name](value) if filter_name else describe_value(value)) or "")


# --- the plan -------------------------------------------------------------------------------------
def plan_changes(review, project, lang: str = "sv") -> tuple[list[Planned], list[Change]]:
    """Each tracked change either planned (where in the source, and what it becomes) or listed."""
    from iopdoc.prose.evaluate import prose_context
    from iopdoc.source.canonical import load_data
    from iopdoc.source.loader import parse_source

    resolved = review.resolved
    document = resolved.document
    source_path = review.source
    context = prose_context(document, resolved.linked, resolved.index_series)
    texts: list[Shown] = []
    for index, section in enumerate(document.sections):
        if section.heading:
            texts.append(shown_heading(section, index))
        texts.append(shown_body(section, index, context))
    text = source_path.read_bytes().decode("utf-8")
    data = load_data(parse_source(text, path=source_path, name=str(source_path)))
    docx_where = Location(str(review.docx or source_path))
    planned: list[Planned] = []
    listed: list[Change] = []
    for number, paragraph in enumerate(review.paragraphs):
        old, hunks = hunks_of(paragraph.pieces)
        section = document.sections[paragraph.section]
        heading = section.heading or section.kind
        if paragraph.before_headings and section.heading:  # above every heading: not in this section
            heading = "dokumentets början" if lang != "en" else "the start of the document"
        lead = len(old) - len(old.lstrip(" "))
        found = blocks_equal_to(old.strip(" "), texts)
        for hunk in hunks:
            windows = list(widenings(old, hunk.start, hunk.end))
            around = windows[1] if len(windows) > 1 else windows[0]
            shown_old = old[around[0]:around[1]]
            shown_new = plain(old[around[0]:hunk.start] + hunk.inserted + old[hunk.end:around[1]])
            change = Change(heading, shown_old.strip(), shown_new, docx_where)
            if not found:
                listed.append(not_applied(
                    change, "stycket står inte så i någon rubrik eller text i källans avsnitt (det kommer från "
                    "titelsidan, en tabell eller en mall, har formatering som inte går att följa, eller så har "
                    "källan ändrats sedan DOCX-filen byggdes)",
                    "the paragraph does not stand as such in any heading or text of the source's sections (it "
                    "comes from the title page, a table or a template, has formatting that cannot be followed, or "
                    "the source has changed since the DOCX was built)"))
                continue
            if len(found) > 1:
                places = ", ".join(sorted({document.sections[shown.section].heading or
                                           document.sections[shown.section].kind for shown, _ in found}))
                listed.append(not_applied(
                    change, f"stycket står på {len(found)} ställen i källan ({places}), så det går inte att veta "
                    "vilket som menas", f"the paragraph stands in {len(found)} places in the source ({places}), so "
                    "which one is meant cannot be told"))
                continue
            (shown, position), = found
            a, b = position + hunk.start - lead, position + hunk.end - lead
            where = location_in(document.sections[shown.section], shown, shown.start[min(a, len(shown.start) - 1)])
            change = Change(heading, shown_old.strip(), shown_new, where, shown.path)
            if shown.section != paragraph.section:
                other = document.sections[shown.section]
                listed.append(not_applied(
                    change, f"orden står i avsnittet {other.heading or other.kind} i källan, men under {heading} i "
                    "DOCX-filen", f"the words stand in the section {other.heading or other.kind} in the source, but "
                    f"under {heading} in the DOCX"))
                continue
            plan = plan_one(change, shown, a, b, hunk, context, data, resolved)
            if isinstance(plan, Change):
                listed.append(plan)
            else:
                target, fact_old, fact_new, literal, fact = plan
                planned.append(Planned(Change(heading, change.old, change.new, where, target, fact_old, fact_new),
                                       number, hunk, around, literal, fact))
    return settle(planned, listed, data)


def location_in(section, shown: Shown, offset: int) -> Location:
    from iopdoc.prose.markup import prose_at

    if shown.key == "heading":
        return section.at("heading")
    return prose_at(section, "body", shown.source).location_of(offset)


def attached(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index] not in (" ", SEPARATOR)


def plan_one(change: Change, shown: Shown, a: int, b: int, hunk: Hunk, context, data, resolved):
    """(target, old value, new value, literal edit, fact edit) for one placed change, or the change listed."""
    text = shown.text
    deleted = text[a:b]
    inserted = hunk.inserted
    first, last = (deleted or inserted)[:1], (deleted or inserted)[-1:]
    lo, hi = a, b
    if first not in SPACES:  # the changed words are whole words: a word the change is part of is changed
        while attached(text, lo - 1):
            lo -= 1
    if last not in SPACES:
        while attached(text, hi):
            hi += 1
    touched = {shown.expression[k] for k in range(lo, hi)}
    if a == b and 0 < a < len(text) and shown.expression[a - 1] is not None \
            and shown.expression[a - 1] == shown.expression[a]:
        touched.add(shown.expression[a])  # new words inside what an expression shows
    if not touched or touched == {None}:
        return plan_literal(change, shown, a, b, inserted)
    names = ", ".join(f"`{{{{ {shown.expressions[k][2]} }}}}`" for k in sorted(k for k in touched if k is not None))
    if None in touched or len(touched) > 1:
        return not_applied(change, f"ändringen rör både den skrivna texten och det som {names} visar",
                           f"the change touches both the written text and what {names} shows")
    (number,) = touched
    positions = [k for k, e in enumerate(shown.expression) if e == number]
    if a == b and a in (positions[0], positions[-1] + 1):
        return not_applied(change, f"de nya orden sitter ihop med det som {names} visar, så det går inte att veta om "
                           "värdet eller texten runt det ändras",
                           f"the new words are joined to what {names} shows, so whether the value or the text "
                           "around it changes cannot be told")
    return plan_fact(change, shown, number, a, b, inserted, context, data, resolved)


def plan_literal(change: Change, shown: Shown, a: int, b: int, inserted: str):
    if any(mark in inserted for mark in EXPRESSION_MARKS):
        return not_applied(change, "de nya orden innehåller `{{`, `}}` eller liknande, som källan skulle läsa som ett uttryck",
                           "the new words hold `{{`, `}}` or the like, which the source would read as an expression")
    if MARKDOWN_MARKS & set(inserted):
        return not_applied(change, "de nya orden innehåller tecken som Markdown läser som formatering (* _ ` [ ] < > \\ | #)",
                           "the new words hold characters Markdown reads as formatting (* _ ` [ ] < > \\ | #)")
    if shown.key == "heading" and not inserted.strip() and b - a >= len(shown.text.strip()):
        return not_applied(change, "rubriken skulle bli tom", "the heading would become empty")
    if any(shown.marks_before[k] for k in range(a + 1, b)):
        return not_applied(change, "ändringen går över formatering i källan (fetstil, en länk, en lista)",
                           "the change crosses formatting in the source (bold, a link, a list)")
    if a < b:
        start, end = shown.start[a], shown.end[b - 1]
    elif a > 0 and shown.text[a - 1] != SEPARATOR:
        start = end = shown.end[a - 1]
    elif a < len(shown.text):
        start = end = shown.start[a]
    else:
        return not_applied(change, "platsen i källan går inte att avgöra", "the place in the source cannot be told")
    return shown.path, None, None, (shown, start, end, inserted), None


def plan_fact(change: Change, shown: Shown, number: int, a: int, b: int, inserted: str, context, data, resolved):
    expression = shown.expressions[number][2]
    written = f"`{{{{ {expression} }}}}`"
    reference = REFERENCE.match(expression)
    if reference is None:
        return not_applied(change, f"orden visas av {written}, som inte går att räkna baklänges till ett faktum",
                           f"the words are shown by {written}, which cannot be traced back to one fact")
    path, filter_name = reference.group(1), reference.group(2)
    positions = [k for k, e in enumerate(shown.expression) if e == number]
    p0, p1 = positions[0], positions[-1] + 1
    old_shown = shown.text[p0:p1]
    new_shown = shown.text[p0:a] + inserted + shown.text[b:p1]
    keys = tuple(path.split("."))
    try:
        current = value_at(context, path)
    except (KeyError, AttributeError, TypeError):
        current = None
    try:
        in_yaml = yaml_value(data, keys)
    except KeyError:
        in_yaml = None
    if keys[0] in resolved.linked:
        return not_applied(change, f"{written} visar ett faktum ur ett annat dokument ({keys[0]}); ändra det där",
                           f"{written} shows a fact of another document ({keys[0]}); change it there")
    if current is None or in_yaml is None or hasattr(in_yaml, "keys") or isinstance(in_yaml, list):
        return not_applied(change, f"{written} visar ett värde som inte står skrivet i källan under `{path}` "
                           "(det räknas fram ur andra uppgifter)",
                           f"{written} shows a value that is not written in the source at `{path}` "
                           "(it is computed from other facts)")
    from iopdoc.source.canonical import plain as plain_yaml

    if plain_yaml(in_yaml) != current:
        return not_applied(change, f"värdet under `{path}` i källan är inte det som {written} visar",
                           f"the value at `{path}` in the source is not what {written} shows")
    if not plain(new_shown):
        return not_applied(change, f"allt som {written} visar tas bort; ta bort uttrycket ur texten, eller ändra "
                           f"`{path}`, för hand", f"all that {written} shows is deleted; remove the expression from "
                           f"the text, or change `{path}`, by hand")
    value = read_back(new_shown, current, filter_name)
    if value is None or shows_as(value, filter_name) != plain(new_shown):
        return not_applied(change, f"”{plain(new_shown)}” går inte att läsa som ett nytt värde för `{path}` "
                           f"(som {written} skulle visa det så)",
                           f"\"{plain(new_shown)}\" cannot be read as a new value of `{path}` (that {written} "
                           "would show that way)")
    if value == current:
        return not_applied(change, "värdet blir detsamma", "the value stays the same")
    if isinstance(value, str) and (any(mark in value for mark in EXPRESSION_MARKS) or MARKDOWN_MARKS & set(value)):
        return not_applied(change, "det nya värdet innehåller tecken som Markdown eller prosan läser som formatering",
                           "the new value holds characters Markdown or prose reads as formatting")
    written_value = int(value) if isinstance(value, Decimal) else value  # whole kronor, written as digits
    return path, plain(old_shown), plain(new_shown), None, (keys, written_value)


def settle(planned: list[Planned], listed: list[Change], data) -> tuple[list[Planned], list[Change]]:
    """Two changes of the same words, or two values for one fact: neither is guessed between."""
    kept: list[Planned] = []
    facts: dict[tuple, Any] = {}
    for plan in planned:
        if plan.fact is not None:
            keys, value = plan.fact
            if keys in facts and facts[keys] != value:
                listed.append(not_applied(plan.change, f"`{'.'.join(keys)}` ändras till ett annat värde på ett annat "
                                          "ställe i DOCX-filen", f"`{'.'.join(keys)}` is changed to another value "
                                          "elsewhere in the DOCX"))
                continue
            facts[keys] = value
        if plan.literal is not None:
            shown, start, end, _ = plan.literal
            clash = next((other for other in kept if other.literal is not None and other.literal[0] is shown
                          and other.literal[1] < max(end, start + 1) and start < max(other.literal[2], other.literal[1] + 1)),
                         None)
            if clash is not None:
                listed.append(not_applied(plan.change, "en annan ändring rör samma ord", "another change touches the same words"))
                continue
        kept.append(plan)
    return kept, listed


# --- applying -----------------------------------------------------------------------------------
def new_source(review, planned: list[Planned], original: str) -> str:
    """The source with the planned changes: edited_text checks that only these values change and it loads."""
    from iopdoc.source.canonical import edited_text

    edits: dict[tuple, Any] = {}
    expected: dict[tuple, Any] = {}
    by_field: dict[int, list[tuple[Shown, int, int, str]]] = {}
    for plan in planned:
        if plan.literal is not None:
            by_field.setdefault(id(plan.literal[0]), []).append(plan.literal)
        if plan.fact is not None:
            edits[plan.fact[0]] = plan.fact[1]
    for literals in by_field.values():
        shown = literals[0][0]
        text = shown.source
        for _, start, end, inserted in sorted(literals, key=lambda item: (item[1], item[2]), reverse=True):
            text = text[:start] + inserted + text[end:]
        edits[("sections", shown.section, shown.key)] = text
        expected[("sections", shown.section, shown.key)] = shown.source
    return edited_text(original, review.source, edits, str(review.source), expected)


def rebuilt_text(project, source: Path, text: str) -> str:
    """The DOCX's paragraphs, squeezed, as the new source would be built."""
    import io
    import zipfile

    from lxml import etree

    from iopdoc.readers.review import W
    from iopdoc.resolve.project import Project
    from iopdoc.source.loader import parse_source
    from iopdoc.source.schema import read_document
    from iopdoc.writers.docx import render_docx
    from iopdoc.writers.html import render_html

    document = read_document(parse_source(text, path=source, name=str(source)))
    fresh = Project(project.root, rule_codes=project.rule_codes)
    resolved = fresh.resolve(source, document)
    rendered = render_html(document, fresh.templates_dir, resolved.linked, look=fresh.config.look,
                           agreement_type=resolved.agreement_type, evaluated=resolved.evaluated,
                           schedule=resolved.schedule)
    data = render_docx(rendered, fresh.config.look, source_bytes=text.encode("utf-8"), manifest=b"{}",
                       stamp=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return SEPARATOR.join(plain("".join(t.text or "" for t in p.iter(f"{W}t"))) for p in body.iter(f"{W}p"))


def expected_words(review, planned: list[Planned]) -> list[tuple[Planned, str]]:
    """For each applied change, the words the rebuilt document must show: its whole paragraph as the
    reviewer left it when every change of the paragraph is applied to the prose, else the words
    around the change with the applied changes made (a fact may be shown elsewhere in the paragraph)."""
    expected = []
    for plan in planned:
        old, hunks = hunks_of(review.paragraphs[plan.paragraph].pieces)
        same = [p for p in planned if p.paragraph == plan.paragraph]
        applied = [p.hunk for p in same]
        new = old
        for h in sorted(applied, key=lambda h: h.start, reverse=True):
            new = new[:h.start] + h.inserted + new[h.end:]
        if len(same) == len(hunks) and all(p.fact is None for p in same):
            expected.append((plan, SEPARATOR + plain(new) + SEPARATOR))
            continue
        edges = []
        for edge in plan.check:
            edges.append(edge + sum(len(h.inserted) - (h.end - h.start) for h in applied
                                    if h.end <= edge and not (h.start == h.end == edge == plan.check[0])))
        expected.append((plan, plain(new[edges[0]:edges[1]])))
    return expected


def apply_review(review, project, *, write: bool, lang: str = "sv") -> Outcome:
    """Plan, check against a rebuild, and (with `write`) write the source. SourceError (IOP095) when
    the DOCX is another document's, or when the new source would not load or not show the new words:
    then nothing is written."""
    from iopdoc.errors import IopdocError
    from iopdoc.fileio import write_atomic

    source = review.source
    document = review.resolved.document
    if review.built_from_id is not None and review.built_from_id != document.id:
        raise refused(source, f"DOCX-filen byggdes från dokumentet {review.built_from_id}, inte från {document.id}; "
                      "ändringarna förs bara in i den källa filen byggdes från. Ange rätt källa med --source.",
                      f"the DOCX was built from the document {review.built_from_id}, not from {document.id}; changes "
                      "are only applied to the source the file was built from. Name the right source with --source.")
    planned, listed = plan_changes(review, project, lang)
    outcome = Outcome(not_applied=listed)
    if not planned:
        return outcome
    original = source.read_bytes().decode("utf-8")
    try:
        text = new_source(review, planned, original)
        rebuilt = SEPARATOR + rebuilt_text(project, source, text) + SEPARATOR
    except IopdocError as exc:
        first = exc.diagnostics[0] if exc.diagnostics else None
        raise refused(source, "de godtagna ändringarna ger en källa som inte går att läsa in eller bygga ("
                      f"{first.format('sv') if first else 'okänt fel'}); inget skrevs.",
                      "the accepted changes give a source that does not load or build ("
                      f"{first.format('en') if first else 'unknown error'}); nothing was written.") from None
    for plan, words in expected_words(review, planned):
        if words.strip(SEPARATOR) and words not in rebuilt:
            words = words.strip(SEPARATOR)
            raise refused(source, f"efter ändringen visar det ombyggda dokumentet inte ”{excerpt(words, 80)}” "
                          f"({plan.change.section}); inget skrevs.",
                          f"after the change the rebuilt document does not show \"{excerpt(words, 80)}\" "
                          f"({plan.change.section}); nothing was written.")
    outcome.applied = [plan.change for plan in planned]
    outcome.text = text
    if write:
        # Never through a link (IOP090): every folder from the project's root down is walked without
        # following one, so a `sources` folder that is a link is refused too.
        inside = source.absolute().is_relative_to(project.root.absolute())
        write_atomic(source, text.encode("utf-8"), project.root if inside else None)
        outcome.written = True
    return outcome


# --- the report ---------------------------------------------------------------------------------
def render_outcome(outcome: Outcome, review, lang: str, dry_run: bool, shown_source: str) -> str:
    sv = lang != "en"
    lines = []
    left, right = ("”", "”") if sv else ('"', '"')

    def described(change: Change) -> str:
        if change.fact_old is not None:
            return (f"  [{change.section}] {change.target}: {change.fact_old} → {change.fact_new} "
                    + ("(ändrar faktumet överallt där det visas)" if sv else "(changes the fact wherever it is shown)"))
        return f"  [{change.section}] {left}{change.old}{right} → {left}{change.new}{right} ({change.target}, " + \
            (f"rad {change.where.line})" if sv else f"line {change.where.line})")

    if outcome.applied:
        head = ("Skulle föras in" if dry_run else "Förda in") if sv else ("Would be applied" if dry_run else "Applied")
        lines.append(f"{head} ({len(outcome.applied)}):")
        lines.extend(described(change) for change in outcome.applied)
    if outcome.not_applied:
        lines.append((f"Förs inte in ({len(outcome.not_applied)}; skälen står i felen IOP096):" if sv else
                      f"Not applied ({len(outcome.not_applied)}; the reasons are in the IOP096 errors):"))
        lines.extend(f"  [{c.section}] {left}{c.old}{right} → {left}{c.new}{right}" for c in outcome.not_applied)
    if review.comments:
        lines.append(f"Kommentarer, förs aldrig in ({len(review.comments)}):" if sv else
                     f"Comments, never applied ({len(review.comments)}):")
        lines.extend(f"  [{c.section}] {c.author}: {c.text}" + (f" (om ”{c.anchored}”)" if sv and c.anchored else
                                                                 f" (on \"{c.anchored}\")" if c.anchored else "")
                     for c in review.comments)
    if outcome.written:
        rest = len(outcome.not_applied)
        lines.append(f"Skrev {shown_source}: {len(outcome.applied)} av {len(outcome.applied) + rest} ändringar förda in"
                     + (f"; för in de {rest} andra för hand." if rest else ".") if sv else
                     f"Wrote {shown_source}: {len(outcome.applied)} of {len(outcome.applied) + rest} changes applied"
                     + (f"; apply the other {rest} by hand." if rest else "."))
    elif outcome.applied and dry_run:
        lines.append(f"--dry-run: inget skrevs till {shown_source}." if sv else f"--dry-run: nothing written to {shown_source}.")
    else:
        lines.append(f"Inget att föra in; {shown_source} är orörd." if sv else f"Nothing to apply; {shown_source} is untouched.")
    return "\n".join(lines) + "\n"


def outcome_json(outcome: Outcome, review) -> dict[str, Any]:
    def entry(change: Change) -> dict[str, Any]:
        data = {"section": change.section, "old": change.old, "new": change.new, "target": change.target,
                "file": change.where.file, "line": change.where.line, "column": change.where.col}
        if change.fact_old is not None:
            data |= {"fact_old": change.fact_old, "fact_new": change.fact_new}
        if change.reason_en:
            data |= {"reason_sv": change.reason_sv, "reason_en": change.reason_en}
        return data

    return {"document": review.resolved.document.id, "written": outcome.written,
            "applied": [entry(c) for c in outcome.applied], "not_applied": [entry(c) for c in outcome.not_applied],
            "comments": [c.__dict__ for c in review.comments]}
