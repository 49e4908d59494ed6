"""From a document model to a standalone HTML page: prose evaluated, Markdown rendered, template applied."""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import __version__, model
from .errors import Diagnostic, Location, SourceError
from .markup import FILTERS, Prose, evaluate_prose, render_markdown


@dataclass(frozen=True)
class RenderedSection:
    kind: str
    heading: str | None
    anchor: str
    html: Markup


@dataclass(frozen=True)
class RenderedDocument:
    """A document as HTML, with the metadata the PDF carries."""

    document: model.Node
    html: str
    identifier: str
    date: dt.date | None  # the document's own date, when it has a real one
    title: str
    authors: tuple[str, ...]
    subject: str
    keywords: tuple[str, ...]
    language: str


@functools.lru_cache(maxsize=None)
def template_environment(templates_dir: Path) -> SandboxedEnvironment:
    """The templates' Jinja environment, compiled once per process and folder.

    Sandboxed as well: templates arrive in pull requests like sources do.
    """
    environment = SandboxedEnvironment(loader=FileSystemLoader(str(templates_dir)),
                                       undefined=StrictUndefined, autoescape=True,
                                       trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(FILTERS)
    return environment


def prose_context(document: model.Node, linked: Mapping[str, model.Node]) -> dict[str, Any]:
    """The names prose can refer to: the document's facts by their keys, and linked documents."""
    names = {name: getattr(document, name) for name in document.__dataclass_fields__
             if name not in ("locations", "sections")}
    return names | dict(linked)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "avsnitt"


def render_sections(document: model.Node, context: Mapping[str, Any]) -> list[RenderedSection]:
    """Each section's prose evaluated and rendered; all problems of the document raised together."""
    rendered, problems, anchors = [], [], set()
    for index, section in enumerate(document.sections, start=1):
        prose = Prose(section.body, section.at("body"), section.locations.get("body:indent", Location("", 0, 1)).col)
        markdown, found = evaluate_prose(prose, context)
        problems.extend(found)
        anchor = slug(section.heading) if section.heading else f"{section.kind}-{index}"
        while anchor in anchors:
            anchor += f"-{index}"
        anchors.add(anchor)
        rendered.append(RenderedSection(section.kind, section.heading, anchor, Markup(render_markdown(markdown))))
    if problems:
        raise SourceError(problems)
    return rendered


def read_asset(templates_dir: Path, name: str) -> str:
    return (templates_dir / name).read_text(encoding="utf-8")


def document_date(document: model.Node) -> dt.date | None:
    """The date a document is dated: when it was signed, or a memo's date; None while unfilled."""
    signatures = getattr(document, "signatures", None)
    for candidate in (getattr(signatures, "date", None), getattr(document, "date", None)):
        if isinstance(candidate, dt.date):
            return candidate
    return None


def render_html(document: model.Node, templates_dir: Path, linked: Mapping[str, model.Node] = {},
                page_links: Mapping[str, str] | None = None) -> RenderedDocument:
    """Render a document to a standalone HTML page (stylesheet inlined, no external requests).

    `page_links` (for a published site) adds navigation: back to the index, and the PDF.
    """
    context = prose_context(document, linked)
    sections = render_sections(document, context)
    parties = getattr(document, "parties", {})
    authors = tuple(party.name for party in parties.values())
    draft = document.status == "draft"
    title = f"UTKAST: {document.title}" if draft else document.title
    subject = f"Idéburet offentligt partnerskap mellan {' och '.join(authors)}" if authors else document.title
    keywords = ("IOP", "idéburet offentligt partnerskap", *authors)
    template = template_environment(templates_dir).get_template(f"{document.kind}.html.j2")
    dated = document_date(document)
    html = template.render(
        created=dated.isoformat() if dated else None, page_links=page_links,
        doc=document, sections=sections, draft=draft, page_title=title, lang=document.language,
        authors="; ".join(authors), subject=subject, keywords=", ".join(keywords), version=__version__,
        running_title=getattr(document, "short_title", None) or document.title,
        stylesheet=Markup(read_asset(templates_dir, "style.css")),
        **context,
    )
    return RenderedDocument(document=document, html=html, identifier=document.id, date=dated, title=title, authors=authors, subject=subject,
                            keywords=keywords, language=document.language)
