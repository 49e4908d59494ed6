"""From a document model to a standalone HTML page: prose evaluated, Markdown rendered, template applied."""
from __future__ import annotations

import base64
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

from iopdoc import __version__, model
from iopdoc.assets import find_asset, search_path
from iopdoc.locale_sv import keep_amounts_together
from iopdoc.source.config import IOP_TITLE, AgreementType, Look
from iopdoc.errors import SourceError
from iopdoc.writers.template_errors import reported_at_template
from iopdoc.writers.schedule import describe_figures
from iopdoc.prose.markup import FILTERS, render_inline_markdown, render_markdown
from iopdoc.prose.evaluate import evaluate_document, map_prose, prose_context


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

    Sandboxed as well: templates arrive in pull requests like sources do. The project's own
    templates come first, then the package's defaults (assets.py).
    """
    environment = SandboxedEnvironment(loader=FileSystemLoader([str(p) for p in search_path(templates_dir)]),
                                       undefined=StrictUndefined, autoescape=True,
                                       trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(FILTERS)
    return environment


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "avsnitt"


def render_sections(evaluated: model.Node) -> list[RenderedSection]:
    """Each section's evaluated prose rendered, with an anchor unique in the page."""
    rendered, anchors = [], set()
    for index, section in enumerate(evaluated.sections, start=1):
        anchor = slug(section.heading) if section.heading else f"{section.kind}-{index}"
        while anchor in anchors:
            anchor += f"-{index}"
        anchors.add(anchor)
        html = render_markdown(keep_amounts_together(section.body))
        rendered.append(RenderedSection(section.kind, section.heading, anchor, Markup(html)))
    return rendered


def render_inline_prose(evaluated: model.Node) -> model.Node:
    """A copy in which every field marked `prose="inline"` (a decision point, an attachment's
    title) is rendered as inline HTML (`Markup`, still a str), for templates. Section bodies are
    block prose, rendered by `render_sections`."""
    return map_prose(evaluated, lambda owner, key, text, kind:
                     Markup(render_inline_markdown(keep_amounts_together(text))) if kind == "inline" else text)


def read_asset(templates_dir: Path, name: str) -> str:
    found = find_asset(templates_dir, name)
    if found is None:
        raise FileNotFoundError(templates_dir / name)
    return found.read_text(encoding="utf-8")


def document_date(document: model.Document) -> dt.date | None:
    """The date a document is dated: when it was signed, or a memo's date; None while unfilled."""
    return document.dated


def stylesheet_for(document: model.Node, templates_dir: Path) -> str:
    """style.css, then the document kind's own stylesheet (`memo.css`) when there is one."""
    own = find_asset(templates_dir, f"{document.kind}.css")
    return read_asset(templates_dir, "style.css") + (f"\n{own.read_text(encoding='utf-8')}" if own else "")


def describe_document(document: model.Node, agreement_type: AgreementType | None = None
                      ) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """The PDF's authors, subject and keywords; an agreement's type (iopdoc.toml) says what it is."""
    if isinstance(document, model.Memo):
        authors = tuple(part for part in (document.organisation, document.department) if part)
        subject = f"Tjänsteskrivelse till {document.recipient}, Dnr {document.diarienummer}"
        return authors, subject, ("tjänsteskrivelse", document.diarienummer, *authors)
    authors = tuple(party.name for party in document.parties.values())
    what = agreement_type.title if agreement_type is not None else IOP_TITLE
    subject = f"{what} mellan {join_names(authors)}" if authors else document.title
    if agreement_type is not None and not agreement_type.iop:
        return authors, subject, (what.lower(), *authors)
    return authors, subject, ("IOP", "idéburet offentligt partnerskap", *authors)


def join_names(names: tuple[str, ...]) -> str:
    """`A och B`; `A, B och C` for more parties."""
    return " och ".join(names) if len(names) <= 2 else f"{', '.join(names[:-1])} och {names[-1]}"


def base_page(*, page_title: str, lang: str, stylesheet: str, look: Look, draft: bool = False, authors: str = "",
              subject: str = "", keywords: str = "", created: str | None = None,
              page_links: Mapping[str, str] | None = None, draft_version: str | None = None) -> dict[str, Any]:
    """The variables templates/base.html.j2 reads, in one place for every page that extends it."""
    return {"page_title": page_title, "lang": lang, "stylesheet": Markup(stylesheet), "look": look, "draft": draft,
            "authors": authors, "subject": subject, "keywords": keywords, "created": created,
            "page_links": page_links, "version": __version__, "draft_version": draft_version}


def logo_uri(look: Look) -> str | None:
    """The logo inlined as a data: URI, so a page stays one self-contained file."""
    if look.logo is None:
        return None
    return f"data:{look.logo_type};base64,{base64.b64encode(look.logo.read_bytes()).decode('ascii')}"


def organisation_of(document: model.Document) -> str | None:
    """Whose document it is, for the logotype: the public party of an agreement, a memo's organisation."""
    return document.owner


def render_html(document: model.Node, templates_dir: Path, linked: Mapping[str, model.Node] = {},
                page_links: Mapping[str, str] | None = None, look: Look = Look(),
                evaluated: model.Node | None = None, agreement_type: AgreementType | None = None,
                version: str | None = None, schedule=None) -> RenderedDocument:
    """Render a document to a standalone HTML page (stylesheet inlined, no external requests).

    `schedule` (schedule.Schedule) is shown in a section of kind `schedule`.
    `evaluated` is the document with its prose evaluated (project.Resolved.evaluated); without
    it the prose is evaluated here. `page_links` (for a published site) adds navigation: back to
    the index, and the PDF. `look` is the municipality's logo (else a text logotype), colours and
    font (iopdoc.toml). `version` is what a draft's pages say it was built from (provenance.draft_version).
    """
    if evaluated is None:
        evaluated, problems = evaluate_document(document, linked)
        if problems:
            raise SourceError(problems)
    sections = render_sections(evaluated)
    shown = render_inline_prose(evaluated)
    authors, subject, keywords = describe_document(document, agreement_type)
    draft = document.status == "draft"
    title = f"UTKAST: {document.title}" if draft else document.title
    dated = document_date(document)
    page = base_page(page_title=title, lang=document.language, stylesheet=stylesheet_for(document, templates_dir),
                     look=look, draft=draft, authors="; ".join(authors), subject=subject, keywords=", ".join(keywords),
                     created=dated.isoformat() if dated else None, page_links=page_links,
                     draft_version=version if draft else None)
    with reported_at_template(templates_dir):
        template = template_environment(templates_dir).get_template(f"{document.kind}.html.j2")
        html = template.render(
            **page, logo_uri=logo_uri(look), logotype_name=organisation_of(document), doc=shown, sections=sections,
            running_title=document.running_title, **prose_context(shown, linked),
            schedule=schedule, schedule_figures=describe_figures,
        )
    return RenderedDocument(document=document, html=html, identifier=document.id, date=dated, title=title, authors=authors, subject=subject,
                            keywords=keywords, language=document.language)
