"""What a published site must do that axe-core cannot see (it checks one page at a time).

- Every link to a PDF says, in its own text, that it is a PDF and how large it is
  (WCAG 2.4.4 link purpose; the webbriktlinjer ask for format and size).
- Every PDF has an HTML page of the same document that links to it: HTML first, the PDF beside it
  (webbriktlinjer: publish in HTML, not only as a PDF).
- The index says when the site was published and from which commit.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from iopdoc.errors import Diagnostic, Location, error, relative_name

SIZE = re.compile(r"\d[\d\u00a0 ]*(?:,\d+)?\s*(?:kB|MB|byte)", re.IGNORECASE)
PUBLISHED = re.compile(r"Publicerad \d{4}-\d{2}-\d{2} kl\. \d{2}\.\d{2} \(UTC\)\s*(?:från version \(commit\)|, inte från ett git-förråd)")


class PageLinks(HTMLParser):
    """The links of one page with their text (visually hidden text too: screen readers read it)."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append([dict(attrs).get("href") or "", ""])

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, " ".join(text.split())))

    def handle_data(self, data):
        self.text.append(data)
        for link in self._open:
            link[1] += data


def read_links(page: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def problem(path: Path, sv: str, en: str) -> Diagnostic:
    return error("IOP094", Location(relative_name(path)), sv, en)


def audit_site(site: Path) -> list[Diagnostic]:
    """Every way the site in `site` falls short of the duties above; [] when it meets them."""
    problems: list[Diagnostic] = []
    pages = {page.name: read_links(page) for page in sorted(site.glob("*.html"))}
    for name, page in pages.items():
        for href, text in page.links:
            if href.split("#")[0].lower().endswith(".pdf") and not ("PDF" in text and SIZE.search(text)):
                problems.append(problem(site / name,
                                        f"länken till {href} säger inte format och storlek i sin text (\"{text}\"); "
                                        "skriv t.ex. \"PDF, 120 kB\".",
                                        f"the link to {href} does not say its format and size in its text (\"{text}\"); "
                                        "write e.g. \"PDF, 120 kB\"."))
    for pdf in sorted(site.glob("*.pdf")):
        page = pages.get(f"{pdf.stem}.html")
        if page is None or not any(href == pdf.name for href, _ in page.links):
            problems.append(problem(pdf, f"{pdf.name} har ingen HTML-sida med samma innehåll som länkar till den "
                                         f"({pdf.stem}.html); publicera HTML först.",
                                    f"{pdf.name} has no HTML page of the same content linking to it ({pdf.stem}.html); "
                                    "publish HTML first."))
    index = pages.get("index.html")
    if index is None or not PUBLISHED.search(" ".join("".join(index.text).split())):
        problems.append(problem(site / "index.html", "startsidan säger inte när webbplatsen publicerades och från vilken "
                                                     "commit.",
                                "the index does not say when the site was published and from which commit."))
    return problems
