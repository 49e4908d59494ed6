"""Walking a document's facts, and reading prose as text with its expressions blanked out."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping  # not typing's: isinstance against it is 10 times slower
from typing import Any, Callable, Iterator

from iopdoc import model
from iopdoc.errors import Location, Severity
from iopdoc.model.fields import fields_of, prose_keys, values_of
from iopdoc.prose.markup import EXPRESSION, Prose, prose_at


@dataclasses.dataclass(frozen=True)
class Fact:
    """One value in a document: the object holding it, its field, and its key path (`period.end`)."""

    owner: model.Node
    name: str
    value: Any
    path: str

    @property
    def location(self) -> Location:
        return self.owner.at(self.name)


def kept(node: Any, key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per model object and key: kept with the object (a model object is frozen,
    so what is read from it stays true; a changed document is a new object). What several rules read
    of one document, such as every fact (`walk`), is then read once per document."""
    store = getattr(node, "__dict__", None)
    if store is None:
        return compute()
    known = store.get("_kept")
    if known is None:
        known = store["_kept"] = {}
    if key not in known:
        known[key] = compute()
    return known[key]


def walk(node: model.Node, path: str = "") -> Iterator[Fact]:
    """Every fact below `node`, depth first, in the order the model declares them (read once per
    node and path, see `kept`)."""
    return iter(kept(node, ("walk", path), lambda: tuple(walk_facts(node, path))))


def walk_facts(node: model.Node, path: str = "") -> Iterator[Fact]:
    for info, value in values_of(node):
        if info.from_key:
            continue
        here = f"{path}.{info.name}" if path else info.name
        if isinstance(value, model.Node):
            yield from walk_facts(value, here)
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(item, model.Node):
                    yield from walk_facts(item, f"{here}.{key}")
        elif isinstance(value, tuple) and value and isinstance(value[0], model.Node):
            for index, item in enumerate(value):
                yield from walk_facts(item, f"{here}[{index}]")
        elif value is not None:
            yield Fact(node, info.name, value, here)


def placeholder_severity(document: model.Node) -> Severity:
    """Something not filled in yet: an error in a final document, a warning in a draft."""
    return Severity.ERROR if document.status == "final" else Severity.WARNING


def real_date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def period_dates(agreement: model.Node) -> tuple[dt.date, dt.date] | None:
    """The agreement's start and end when both are real dates in order, else None.

    Rules that measure against the period use this, so an unfilled or inverted
    period is reported once (IOP101, IOP102), not again by every rule that
    would compare with it.
    """
    start, end = real_date(agreement.period.start), real_date(agreement.period.end)
    return (start, end) if start and end and start < end else None


SENTENCE_END = re.compile(r"[.!?:;]\s|\n\s*\n|\n\s*[-*] ")
YEAR = re.compile(r"(?<![\d-])((?:19|20)\d\d)(?![\d-]|-års|\s+års)")  # not "2025 års prisläge" or "2025-års"
_Y = r"(?<![\d-])((?:19|20)\d\d)"
# Several years named together: a span (`2026–2028`, `2026-2028`, `2026 till och med 2028`, `mellan 2026
# och 2028`) or a list (`åren 2027 och 2028`, `2026, 2027 och 2028`). An amount after them is for those
# years together (or for each of them), not for the last one named.
YEAR_SPAN = re.compile(rf"(?:mellan\s+{_Y}\s+och\s+|{_Y}\s*(?:[–—]|-(?=\d{{4}}(?![\d-]))|\s+till(?:\s+och\s+med)?\s+|t\.o\.m\.)\s*)"
                       r"((?:19|20)\d\d)(?![\d-])", re.IGNORECASE)
YEAR_LIST = re.compile(rf"{_Y}((?:\s*,\s*(?:19|20)\d\d)*\s+och\s+(?:19|20)\d\d)(?![\d-])")


def years_named(text: str, start: int, end: int) -> list[tuple[int, int, tuple[int, ...]]]:
    """The years a stretch of text names, in order, as (start, end, years): a span or a list of years is
    one entry holding all its years; any other year is an entry of its own."""
    named = []
    for match in YEAR_SPAN.finditer(text, start, end):
        first, last = int(match.group(1) or match.group(2)), int(match.group(3))
        if first < last:
            named.append((match.start(), match.end(), tuple(range(first, last + 1))))
    for match in YEAR_LIST.finditer(text, start, end):
        if not any(s <= match.start() < e for s, e, _ in named):
            named.append((match.start(), match.end(), tuple(int(y) for y in re.findall(r"\d{4}", match.group(0)))))
    for match in YEAR.finditer(text, start, end):
        if not any(s <= match.start() < e for s, e, _ in named):
            named.append((match.start(), match.end(), (int(match.group(1)),)))
    return sorted(named)


def sentence_at(text: str, offset: int) -> str:
    """The sentence (or list item) of `text` around `offset`: what a rule reads a word's context in."""
    starts = [match.end() for match in SENTENCE_END.finditer(text, 0, offset)]
    end = SENTENCE_END.search(text, offset)
    return text[starts[-1] if starts else 0:end.start() if end else len(text)]


def section_prose(document: model.Node) -> Iterator[tuple[Prose, str]]:
    """Each section body as Prose, with the text its expressions blanked out (same length),
    so a literal found in the text keeps its position and facts inserted by reference are not read.
    Read once per document (`kept`): five rules read them."""
    return iter(kept(document, "section_prose", lambda: tuple(
        (prose_at(section, "body", section.body), blanked(section.body)) for section in document.sections)))


def prose_texts(document: model.Node) -> Iterator[tuple[Prose, str]]:
    """Every prose text of a document (section bodies, and inline prose such as a memo's decision
    points), each as Prose with its expressions blanked out as in `section_prose`."""
    yield from section_prose(document)
    yield from kept(document, "inline_prose", lambda: tuple(inline_prose(document)))


def inline_prose(document: model.Node) -> Iterator[tuple[Prose, str]]:
    for node in inline_prose_owners(document):
        for info in fields_of(type(node)):
            value = getattr(node, info.name)
            if info.prose == "inline" and value:
                for key, text in prose_keys(info, value):
                    yield prose_at(node, key, text), blanked(text)


NOT_A_LINE_BREAK = re.compile(r"[^\n]")


def blanked(text: str) -> str:
    """`text` with each `{{ expression }}` blanked out: spaces, its line breaks kept (same length)."""
    return EXPRESSION.sub(lambda m: NOT_A_LINE_BREAK.sub(" ", m.group(0)), text)


def inline_prose_owners(node: model.Node) -> Iterator[model.Node]:
    for info in fields_of(type(node)):
        if info.name == "sections":
            continue
        value = getattr(node, info.name)
        items = value.values() if isinstance(value, Mapping) else value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, model.Node):
                yield item
                yield from inline_prose_owners(item)


def facts_of(document: model.Node, linked: Mapping[str, model.Node], kind: type) -> list[Fact]:
    """The facts of one type in a document and in the documents it links to; a linked document's
    paths start with the name prose uses for it (`supersedes.period.end`)."""
    found = [fact for fact in walk(document) if isinstance(fact.value, kind)]
    for name, other in linked.items():
        found += [fact for fact in walk(other, name) if isinstance(fact.value, kind)]
    return found


def nearest(value: Any, facts: list[Fact], distance: Callable[[Any, Any], Any]) -> Fact | None:
    """The fact closest to `value` (the first written, of equally close ones): what prose probably meant."""
    return min(facts, key=lambda fact: distance(fact.value, value), default=None)


def texts_of(node: Any, path: str = "") -> Iterator[tuple[Any, tuple[str, str], str, bool]]:
    """Every text below `node`: (offset -> Location, what it is in Swedish and English, text, whether
    it is prose); of a document, read once (`kept`)."""
    if isinstance(node, model.Node) and not path:
        return iter(kept(node, "texts_of", lambda: tuple(texts_below(node))))
    return texts_below(node, path)


def texts_below(node: Any, path: str = "") -> Iterator[tuple[Any, tuple[str, str], str, bool]]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from texts_below(value, f"{path}.{key}")
        return
    if isinstance(node, tuple):
        for index, value in enumerate(node):
            yield from texts_below(value, f"{path}[{index}]")
        return
    if not isinstance(node, model.Node):
        return
    for info in fields_of(type(node)):
        value = getattr(node, info.name)
        here = f"{path}.{info.name}" if path else info.name
        if value is None or info.from_key:
            continue
        if info.prose is not None:
            heading = getattr(node, "heading", None)
            for key, text in prose_keys(info, value):
                named = f"`{path}.{key}`" if path else f"`{key}`"
                shown = (f"avsnittet {heading}", f"the section {heading}") if heading else (named, named)
                yield prose_at(node, key, text).location_of, shown, text, True
        elif isinstance(value, str):
            yield fixed(node.at(info.name)), (f"`{here}`",) * 2, value, False
        elif isinstance(value, tuple) and value and isinstance(value[0], str):
            for index, text in enumerate(value):
                where = node.locations.get(f"{info.name}[{index}]") or node.at(info.name)
                yield fixed(where), (f"`{here}[{index}]`",) * 2, text, False
        else:
            yield from texts_below(value, here)


def fixed(location: Location):
    return lambda offset: location
