"""Every text of a document as a reader gets it: facts as written, prose with its expressions evaluated.

The personal-data and plain-Swedish rules read what is published, so a number split between
literal text and an inserted fact is still seen. Each evaluated text keeps a map back to the
source, so a finding at any character of it names the line and column it was written at.
Content marked `internal` (public.py) is left out: it is never published.
"""
from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from iopdoc import model
from iopdoc.errors import Location
from iopdoc.prose.markup import EXPRESSION, Prose, compiled, describe_value, prose_at
from iopdoc.facts.public import is_internal
from iopdoc.prose.walk import Fact, walk


@dataclass(frozen=True)
class Piece:
    """A stretch of the evaluated text: literal source text from `source`, or the value of the
    expression written at `source`."""

    start: int
    source: int
    inserted: bool


@dataclass(frozen=True)
class EvaluatedText:
    """One text of the document, evaluated, with where each of its characters was written."""

    text: str
    path: str  # the fact's key path, `sections[2].body`
    origin: Location  # where the fact is written, for a text without a position per character
    prose: Prose | None = None
    pieces: tuple[Piece, ...] = ()

    def location_of(self, offset: int) -> Location:
        if self.prose is None:
            return self.origin
        piece = self.pieces[bisect.bisect_right([p.start for p in self.pieces], offset) - 1]
        source = piece.source if piece.inserted else piece.source + (offset - piece.start)
        return self.prose.location_of(source)

    def inserted(self, start: int, end: int) -> bool:
        """True when text[start:end] lies inside one inserted value (the fact itself is read on its own)."""
        if self.prose is None:
            return False
        index = bisect.bisect_right([p.start for p in self.pieces], start) - 1
        piece = self.pieces[index]
        following = self.pieces[index + 1].start if index + 1 < len(self.pieces) else len(self.text)
        return piece.inserted and end <= following


def evaluate(prose: Prose, context: Mapping[str, Any], path: str,
             values: list[str | None] | None = None) -> EvaluatedText:
    """The prose with each expression replaced by its value as prose shows it; an expression that
    cannot be evaluated (reported elsewhere, IOP030-035) reads as blank. `values`: the expressions
    as the resolve step's evaluation showed them, in order (None where one failed); without them,
    each is evaluated here in `context`."""
    parts: list[str] = []
    pieces: list[Piece] = []
    length, position = 0, 0
    for number, match in enumerate(EXPRESSION.finditer(prose.text)):
        if match.start() > position:
            pieces.append(Piece(length, position, False))
            parts.append(prose.text[position:match.start()])
            length += match.start() - position
        if values is not None:
            shown = values[number] or ""
        else:
            try:
                shown = describe_value(compiled(match.group(1).strip())(**context)) or ""
            except Exception:  # noqa: BLE001 - reported with its position by the prose checks
                shown = ""
        pieces.append(Piece(length, match.start(), True))
        parts.append(shown)
        length += len(shown)
        position = match.end()
    pieces.append(Piece(length, position, False))
    parts.append(prose.text[position:])
    return EvaluatedText("".join(parts), path, prose.origin, prose, tuple(pieces))


def prose_context(document: model.Node, linked: Mapping[str, model.Node],
                  series: Mapping[str, model.IndexSeries] | None = None) -> dict[str, Any]:
    from iopdoc.prose.evaluate import prose_context as context_of  # the one place that says what prose can name

    return context_of(document, linked, series)


def prose_kind(fact: Fact) -> str | None:
    field = next(f for f in dataclasses.fields(fact.owner) if f.name == fact.name)
    return field.metadata.get("prose")


def published_texts(document: model.Node, linked: Mapping[str, model.Node],
                    series: Mapping[str, model.IndexSeries] | None = None,
                    values: Mapping[tuple[int, str], list[str | None]] | None = None) -> Iterator[EvaluatedText]:
    """Every text fact and every evaluated prose text of the document that is published (not internal).
    `values`: what `evaluate_document` showed for each prose text's expressions (the resolve step
    passes them, so no expression is evaluated twice); a text not among them is evaluated here."""
    # The names prose reads, made only when something is evaluated here.
    context: Mapping[str, Any] | None = prose_context(document, linked, series) if values is None else None
    for fact in walk(document):
        if is_internal(document, fact.path):
            continue
        texts = fact.value if isinstance(fact.value, tuple) else (fact.value,)
        if not all(isinstance(t, str) for t in texts):
            continue
        prose = prose_kind(fact)
        for index, text in enumerate(texts):
            key = f"{fact.name}[{index}]" if isinstance(fact.value, tuple) else fact.name
            path = f"{fact.path}[{index}]" if isinstance(fact.value, tuple) else fact.path
            if prose:
                known = values.get((id(fact.owner), key)) if values is not None else None
                if known is None and context is None:
                    context = prose_context(document, linked, series)
                yield evaluate(prose_at(fact.owner, key, text), context or {}, path, known)
            else:
                yield EvaluatedText(text, path, fact.owner.at(key) if key in fact.owner.locations else fact.location)
