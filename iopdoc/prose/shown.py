"""The text a reader sees of a piece of HTML or prose: tags gone, entities decoded, blocks kept apart.

Rules that look for what must not be published (a personnummer) read this, not the source text:
Markdown escapes (`880320\\-0016`), emphasis or a link around part of a number, and character
references (`880320&#45;0016`) all disappear on the way to the page. Each block (paragraph, list
item, table cell, heading) is set apart by BLOCK_BREAK, so figures in neighbouring cells of a
table are not read as one number; a line break inside a paragraph is only a space, as on the page.
Attribute values a reader or a search engine is shown (`title`, `alt`, `content`) are text too.
"""
from __future__ import annotations

from html.parser import HTMLParser

from iopdoc.prose.markup import render_markdown

BLOCK_BREAK = " | "
BLOCKS = frozenset({"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "dt", "dd",
                    "section", "article", "header", "footer", "table", "ul", "ol", "blockquote", "pre", "title",
                    "caption", "figcaption", "nav", "main", "aside", "address", "dl", "head", "body", "html", "meta"})
SHOWN_ATTRIBUTES = frozenset({"title", "alt", "content", "aria-label", "href", "value", "placeholder", "summary",
                              "data-title"})


class TextOfHtml(HTMLParser):
    """Collects the text of an HTML document or fragment (script and style content included: it is
    published bytes too)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append(BLOCK_BREAK)
        for name, value in attrs:
            if value and name in SHOWN_ATTRIBUTES:
                self.parts.append(BLOCK_BREAK + value + BLOCK_BREAK)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append(BLOCK_BREAK)

    def handle_data(self, data):
        self.parts.append(data)

    def handle_comment(self, data):
        self.parts.append(BLOCK_BREAK + data + BLOCK_BREAK)


def html_text(html: str) -> str:
    """The text of `html` as shown (see the module's docstring)."""
    parser = TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def prose_text(markdown: str) -> str:
    """The text of a piece of (evaluated) prose as its rendered page shows it."""
    return html_text(render_markdown(markdown))
