"""The import's invariant, verified before anything is written: the imported source, its prose
evaluated and rendered as iopdoc renders it, says the original's words, in order, exactly.

Each block the import keeps as prose (a paragraph, a list, a table, a subheading) is compared word
for word with the same block rendered from the imported source's evaluated Markdown. A difference
is an error naming the paragraph of the original (its line, or page:line, or ¶ in a Word file), and
the import writes nothing: an expression that says other words than the text it replaced, an escape
Markdown reads differently, a fact whose value no longer says what the paragraph said. So is an
expression written inside a word ("d{{ … }}na"): it says the same words today, and other ones as
soon as the fact changes.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Mapping

from iopdoc.errors import Location, SourceError, error
from iopdoc.readers.blocks import Block

WORD_LIMIT = 60  # characters of a differing paragraph quoted in the error


def words(text: str) -> list[str]:
    """The words of a text, white space of every kind (no-break spaces too) between them."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").split()


def block_words(block: Block) -> list[str]:
    """The original's words of one block, in reading order."""
    if block.kind == "table":
        return [w for row in block.rows for cell in row for w in words(cell)]
    if block.kind in ("bullets", "numbered"):
        return [w for item in block.items for w in words(item)]
    return words(block.text)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.parts.append(" ")  # a cell, an item, a line break: words do not run together

    def handle_endtag(self, tag) -> None:
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def rendered_words(markdown: str) -> list[str]:
    """The words a reader sees when iopdoc renders this Markdown to HTML."""
    from iopdoc.prose.markup import render_markdown

    parser = _Text()
    parser.feed(render_markdown(markdown))
    parser.close()
    return words(html.unescape("".join(parser.parts)))


def first_difference(expected: list[str], found: list[str]) -> int:
    for index, (a, b) in enumerate(zip(expected, found)):
        if a != b:
            return index
    return min(len(expected), len(found))


def place_in_original(original: Path, block: Block) -> tuple[Location, str, str]:
    """Where a block stood in the original: its line in a text or PDF (page:line and Word paragraphs
    are named in the message instead, in Swedish and English)."""
    if block.line.isdigit():
        return Location(str(original), int(block.line), 1), "", ""
    return (Location(str(original), 0, 0), f" (stycke {block.line} i originalet)",
            f" (paragraph {block.line} of the original)")


def mismatch(original: Path, block: Block, expected: list[str], found: list[str]) -> SourceError:
    at = first_difference(expected, found)
    said = " ".join(expected[max(0, at - 3): at + 4])[:WORD_LIMIT]
    says = " ".join(found[max(0, at - 3): at + 4])[:WORD_LIMIT]
    location, where, where_en = place_in_original(original, block)
    return SourceError([error(
        "IOP097", location,
        f"importen skulle ändra texten{where}: originalet säger \"{said}\", den importerade källan skulle säga "
        f"\"{says}\". Inget skrevs. Importera med --kind satt, eller rapportera filen som ett fel i iopdoc.",
        f"the import would change the text{where_en}: the original says \"{said}\", the imported source would say "
        f"\"{says}\". Nothing was written. Import with --kind set, or report the file as a bug in iopdoc.")])


INSIDE_A_WORD = re.compile(r"\w\{\{[^}]*\}\}|\{\{[^}]*\}\}\w")


def inside_a_word(original: Path, block: Block, written: str) -> SourceError:
    location, where, where_en = place_in_original(original, block)
    return SourceError([error(
        "IOP097", location,
        f"importen skulle ändra texten{where}: ett uttryck skulle stå inuti ett ord (`{written[:WORD_LIMIT]}`), "
        "och ordet ändras när faktumet ändras. Inget skrevs. Rapportera filen som ett fel i iopdoc.",
        f"the import would change the text{where_en}: an expression would stand inside a word "
        f"(`{written[:WORD_LIMIT]}`), and the word would change with the fact. Nothing was written. "
        "Report the file as a bug in iopdoc.")])


def verify_round_trip(text: str, kept: list[list[Block]], original: Path, target: Path,
                      linked: Mapping[str, object]) -> None:
    """Raise IOP097 unless the source `text`, evaluated, renders each kept block's words exactly.

    `kept[i]` are the blocks of the original that section i of the source holds as prose, in order;
    the source joins them with a blank line, so its evaluated body splits back into them."""
    from iopdoc.prose.evaluate import evaluate_document
    from iopdoc.source.loader import parse_source
    from iopdoc.source.schema import read_document

    document = read_document(parse_source(text, path=target, name=str(target)))
    for section, blocks in zip(document.sections, kept):  # an expression stands for whole words only
        for block, piece in zip(blocks, [p for p in re.split(r"\n\s*\n", section.body) if p.strip()]):
            inside = INSIDE_A_WORD.search(piece)
            if inside:
                raise inside_a_word(original, block, inside.group(0))
    evaluated, _problems = evaluate_document(document, linked)
    for section, blocks in zip(evaluated.sections, kept):
        if not blocks:
            continue
        pieces = [p for p in re.split(r"\n\s*\n", section.body) if p.strip()]
        if len(pieces) != len(blocks):  # a value spanning paragraphs: compare the section as a whole
            expected = [w for b in blocks for w in block_words(b)]
            found = rendered_words(section.body)
            if expected != found:
                raise mismatch(original, blocks[0], expected, found)
            continue
        for block, piece in zip(blocks, pieces):
            expected, found = block_words(block), rendered_words(piece)
            if expected != found:
                raise mismatch(original, block, expected, found)
