"""Rules on prose that would not show as written: an unclosed `{{`, HTML tags, images.

Markdown here passes no HTML through and loads no images (sources are untrusted), so `<b>` is
printed as it stands and `![alt](url)` leaves a stray "!" and a link; an expression missing its
`}}` is printed literally. Each is a warning at its line, saying what to write instead.
"""
from __future__ import annotations

import re
from typing import Iterator

from iopdoc import model
from iopdoc.errors import Severity
from iopdoc.prose.markup import EXPRESSION
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import kept, texts_of

CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)  # `<b>` in backticks is meant literally
UNCLOSED = re.compile(r"\{\{(?![^{]*?\}\})")
HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
MARKDOWN_FOR = {  # what to write instead of a tag
    "b": ("**fetstil**", "**bold**"), "strong": ("**fetstil**", "**bold**"),
    "i": ("*kursiv*", "*italics*"), "em": ("*kursiv*", "*italics*"),
    "br": ("en tom rad mellan stycken", "an empty line between paragraphs"),
    "p": ("en tom rad mellan stycken", "an empty line between paragraphs"),
    "a": ("en länk som [text](https://…)", "a link such as [text](https://…)"),
    "ul": ("en lista med rader som börjar med `- `", "a list of lines starting with `- `"),
    "li": ("en lista med rader som börjar med `- `", "a list of lines starting with `- `"),
    "h1": ("en rubrik i avsnittets `heading`", "a heading in the section's `heading`"),
    "h2": ("en rubrik i avsnittets `heading`", "a heading in the section's `heading`"),
    "u": ("*kursiv* eller **fetstil**", "*italics* or **bold**"),
}


def prose_texts(document: model.Node):
    """Each prose text with its code spans and whole expressions blanked out (same length); read once
    per document for the three rules here (walk.kept)."""
    return iter(kept(document, "checks.prose.prose_texts", lambda: tuple(blanked_prose(document))))


def blanked_prose(document: model.Node):
    for where, path, text, in_prose in texts_of(document):
        if in_prose:
            blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
            yield where, path, EXPRESSION.sub(blank, CODE_SPAN.sub(blank, text))


@rule("IOP603", Severity.WARNING, "Uttryck i text är stängda", "Expressions in prose are closed", kinds=("agreement", "memo"))
def expressions_are_closed(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """Reads each text written as prose for a `{{` with no `}}` after it, which would be
    printed as it stands. Ignores `{{` in a code span (`` `{{` ``) and an expression closed on a later line."""
    for where, (sv, en), text in prose_texts(document):
        for match in UNCLOSED.finditer(text):
            yield Finding(where(match.start()),
                          f"`{{{{` i {sv} stängs aldrig med `}}}}`, så texten visas som den står. Skriv `{{{{ fakta }}}}`, "
                          "t.ex. `{{ period.start }}`, eller ta bort klamrarna.",
                          f"`{{{{` in {en} is never closed with `}}}}`, so the text is shown as it stands. Write "
                          "`{{ fact }}`, e.g. `{{ period.start }}`, or remove the braces.")


@rule("IOP604", Severity.WARNING, "Ingen HTML i text", "No HTML in prose", kinds=("agreement", "memo"))
def no_html_tags(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """Reads each prose text for HTML tags (`<b>`, `<br>`, `<a href=…>`): Markdown here passes no HTML through
    (sources are untrusted), so a tag is printed as written; the message gives the Markdown to write
    instead. Ignores tags in a code span and autolinks (`<https://…>`), which are Markdown."""
    for where, (sv, en), text in prose_texts(document):
        for match in HTML_TAG.finditer(text):
            tag = match.group(1).lower()
            instead = MARKDOWN_FOR.get(tag, ("ta bort taggen", "remove the tag"))
            write = (f"Skriv {instead[0]} i stället.", f"Write {instead[1]} instead.") if tag in MARKDOWN_FOR else \
                ("Ta bort taggen.", "Remove the tag.")
            yield Finding(where(match.start()),
                          f"HTML-taggen `{match.group(0)}` i {sv} visas som text: text får inte innehålla HTML. {write[0]}",
                          f"the HTML tag `{match.group(0)}` in {en} is shown as text: prose may not contain HTML. {write[1]}")


@rule("IOP605", Severity.WARNING, "Inga bilder i text", "No images in prose", kinds=("agreement", "memo"))
def no_images(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """Reads each prose text for Markdown images (`![alt](url)`): iopdoc loads no images (sources are
    untrusted), so one would print as a stray "!" and a link. Ignores links without the `!` and images in a
    code span."""
    for where, (sv, en), text in prose_texts(document):
        for match in IMAGE.finditer(text):
            yield Finding(where(match.start()),
                          f"bilden `{match.group(0)}` i {sv} visas inte (dokumenten laddar inga bilder): bara ett "
                          f"utropstecken och en länk blir kvar. Ta bort den, eller skriv en länk `[{match.group(1) or 'text'}]"
                          f"({match.group(2)})`; kommunens logotyp sätts i iopdoc.toml ([look] logo).",
                          f"the image `{match.group(0)}` in {en} is not shown (documents load no images): only an "
                          f"exclamation mark and a link remain. Remove it, or write a link `[{match.group(1) or 'text'}]"
                          f"({match.group(2)})`; the municipality's logo is set in iopdoc.toml ([look] logo).")
